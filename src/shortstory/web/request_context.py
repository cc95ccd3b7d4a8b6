"""Per-request context: the request id, timing headers and the one access-log line per request."""

from __future__ import annotations

import re
import time
import uuid

import structlog
from flask import Flask, Response, g, has_request_context, request

from shortstory.web.log_config import get_logger

REQUEST_ID_HEADER = "X-Request-ID"
PROCESS_TIME_HEADER = "X-Process-Time"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")

access_log = get_logger("shortstory.access")


def request_id_from(incoming: str | None) -> str:
    """A well-formed incoming id is kept (a proxy's id follows the request), else a new UUID4."""
    if incoming and _VALID_REQUEST_ID.fullmatch(incoming):
        return incoming
    return str(uuid.uuid4())


def current_request_id() -> str | None:
    """The id of the request being served, or ``None`` outside a request."""
    if not has_request_context():
        return None
    if "request_id" not in g:
        # An error raised before our before-request hook ran (a 429, a 413) still gets an id.
        g.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
    return str(g.request_id)


def _begin_request() -> None:
    g.request_started = time.perf_counter()
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(request_id=current_request_id())


def _finish_request(response: Response) -> Response:
    started = g.get("request_started") or time.perf_counter()
    elapsed = time.perf_counter() - started
    response.headers[REQUEST_ID_HEADER] = current_request_id() or ""
    # Seconds, as the common X-Process-Time convention has it; the access log says milliseconds.
    response.headers[PROCESS_TIME_HEADER] = f"{elapsed:.6f}"
    user = g.get("user")
    access_log.info(
        "request",
        method=request.method,
        path=request.path,
        status=response.status_code,
        duration_ms=round(elapsed * 1000, 2),
        client=request.remote_addr,
        user=getattr(user, "id", None),
    )
    return response


def _end_request(_exc: BaseException | None) -> None:
    structlog.contextvars.clear_contextvars()


def install_request_context(app: Flask) -> None:
    """Give every request of ``app`` an id, timing headers and an access-log line."""
    app.before_request(_begin_request)
    app.after_request(_finish_request)
    app.teardown_request(_end_request)
