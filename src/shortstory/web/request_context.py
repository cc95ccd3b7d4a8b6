"""Per-request context: the request id, timing headers and the one access-log line per request."""

from __future__ import annotations

import re
import time
import uuid

import structlog
from flask import Flask, Response, g, has_request_context, request

from shortstory.observability.log_config import get_logger

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
    state = g._get_current_object()
    state.request_started = time.perf_counter()
    request_id = getattr(state, "request_id", None)
    if request_id is None:
        request_id = state.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(request_id=request_id)


def _end_request(_exc: BaseException | None) -> None:
    structlog.contextvars.clear_contextvars()


def install_request_context(app: Flask) -> None:
    """Give every request of ``app`` an id, timing headers and an access-log line."""
    # Bound once, from the logging configuration the app was built with: a lazy logger would
    # rebuild itself from the configuration on every line.
    log = access_log.bind()

    def finish_request(response: Response) -> Response:
        state = g._get_current_object()
        started = getattr(state, "request_started", None) or time.perf_counter()
        elapsed = time.perf_counter() - started
        headers = response.headers
        headers[REQUEST_ID_HEADER] = (
            getattr(state, "request_id", None) or current_request_id() or ""
        )
        # Seconds, as the common X-Process-Time convention has it; the access log says ms.
        headers[PROCESS_TIME_HEADER] = f"{elapsed:.6f}"
        current = request._get_current_object()  # type: ignore[attr-defined]
        log.info(
            "request",
            method=current.method,
            path=current.path,
            status=response.status_code,
            duration_ms=round(elapsed * 1000, 2),
            client=current.remote_addr,
            user=getattr(getattr(state, "user", None), "id", None),
        )
        return response

    app.before_request(_begin_request)
    app.after_request(finish_request)
    app.teardown_request(_end_request)
