"""Every error response in one JSON shape, whatever raised it (our code, werkzeug,
Flask-Limiter, an unexpected bug):

    {"error_code": ..., "message": ..., "details": {...},
     "error_id": ..., "request_id": ..., "timestamp": ...}

with the status code that fits. Every error is logged with its ``error_id``.
"""

from __future__ import annotations

import traceback
import uuid
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, g, has_request_context, jsonify
from pydantic import ValidationError as PydanticValidationError
from werkzeug.exceptions import HTTPException

from shortstory.analysis.input_checks import AnalysisInputError
from shortstory.config import app_settings
from shortstory.errors import (
    APIError,
    BadRequest,
    Conflict,
    Forbidden,
    InternalError,
    MethodNotAllowed,
    NotFound,
    PayloadTooLarge,
    PreconditionFailed,
    PreconditionRequired,
    RateLimited,
    ServiceUnavailable,
    Unauthorized,
    UnsupportedMediaType,
    ValidationError,
)
from shortstory.observability.error_reporting import report_exception
from shortstory.observability.log_config import get_logger
from shortstory.services.problems import field_problems, invalid_input
from shortstory.storage.availability import DATABASE_UNAVAILABLE
from shortstory.web.request_context import current_request_id

log = get_logger("shortstory.errors")


# werkzeug's HTTP errors that have a class of ours; any other status maps by number below.
_BY_STATUS: dict[int, type[APIError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    405: MethodNotAllowed,
    409: Conflict,
    412: PreconditionFailed,
    413: PayloadTooLarge,
    415: UnsupportedMediaType,
    422: ValidationError,
    428: PreconditionRequired,
    429: RateLimited,
    500: InternalError,
    503: ServiceUnavailable,
}

_GENERIC_CODES = {
    406: "NOT_ACCEPTABLE",
    408: "REQUEST_TIMEOUT",
    410: "GONE",
    411: "LENGTH_REQUIRED",
    414: "URI_TOO_LONG",
    416: "RANGE_NOT_SATISFIABLE",
    417: "EXPECTATION_FAILED",
    431: "REQUEST_HEADER_FIELDS_TOO_LARGE",
    501: "NOT_IMPLEMENTED",
    502: "BAD_GATEWAY",
    504: "GATEWAY_TIMEOUT",
}


def error_response(
    status: int,
    body: dict[str, Any],
    *,
    headers: dict[str, str] | None = None,
    error_id: str | None = None,
) -> Response:
    """The response for ``body``, completed with ``error_id``, ``request_id`` and ``timestamp``."""
    payload = {
        "error_code": body["error_code"],
        "message": body["message"],
        "details": body.get("details") or {},
        "error_id": error_id or uuid.uuid4().hex,
        "request_id": current_request_id(),
        "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
    }
    response = jsonify(payload)
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


OWN_RETRY_AFTER = "shortstory_own_retry_after"
"""Where :func:`handle_api_error` keeps the ``Retry-After`` an error chose, for the request."""


def own_retry_after() -> str | None:
    """The ``Retry-After`` of the error that produced the current response, when it chose one
    (the rate limiter's after-request hook must not replace it with its own window)."""
    if not has_request_context():
        return None
    return getattr(g, OWN_RETRY_AFTER, None)


def _show_internals() -> bool:
    return app_settings().environment == "development"


def handle_api_error(error: APIError) -> Response:
    """Render an :class:`APIError` (logged at warning for 4xx, error for 5xx)."""
    error_id = uuid.uuid4().hex
    level = "error" if error.status >= 500 else "info"
    getattr(log, level)(
        "request_error", error_id=error_id, status=error.status, error_code=error.error_code,
        error_message=error.message,
    )
    retry_after = error.headers.get("Retry-After")
    if retry_after is not None and error.retry_after_is_own and has_request_context():
        setattr(g, OWN_RETRY_AFTER, retry_after)
    return error_response(error.status, error.to_dict(), headers=error.headers, error_id=error_id)


def handle_http_exception(error: HTTPException) -> Response:
    """Render any werkzeug HTTP error (404, 405, 413, Flask-Limiter's 429…) in our shape."""
    status = error.code or 500
    headers: dict[str, str] = {}
    if error.response is None:
        # Keep the headers werkzeug meant to send (``Allow`` on a 405, ``Retry-After``…).
        skipped = ("content-type", "content-length")
        headers = {k: v for k, v in error.get_headers() if k.lower() not in skipped}
    cls = _BY_STATUS.get(status)
    details: dict[str, Any] = {}
    if cls is RateLimited:
        limit = getattr(error, "limit", None)
        message = "Rate limit exceeded"
        if limit is not None:
            message += f": {limit.limit}"
            details["limit"] = str(limit.limit)
        api_error: APIError = RateLimited(message, details)
        # Flask-Limiter replaces this with the exact value when it injects its headers.
        headers.setdefault("Retry-After", "1")
        api_error.retry_after_is_own = False
    elif cls is not None:
        api_error = cls()
        allowed = getattr(error, "valid_methods", None)
        if cls is MethodNotAllowed and allowed:
            api_error.details["allowed"] = sorted(allowed)
    else:
        api_error = APIError(error.description or error.name)
        api_error.status = status  # type: ignore[misc]
        api_error.error_code = _GENERIC_CODES.get(  # type: ignore[misc]
            status, "HTTP_ERROR" if status < 500 else "INTERNAL_ERROR"
        )
    api_error.headers.update(headers)
    return handle_api_error(api_error)


def handle_unexpected(error: Exception) -> Response:
    """Any exception nobody planned for: 500, traceback logged with the ``error_id``."""
    if isinstance(error, HTTPException):  # raised inside an after-request hook, say
        return handle_http_exception(error)
    if isinstance(error, APIError):
        return handle_api_error(error)
    if isinstance(error, DATABASE_UNAVAILABLE):
        return handle_database_unavailable(error)
    error_id = uuid.uuid4().hex
    log.error("unhandled_exception", error_id=error_id, exc_info=error)
    user = g.get("user") if has_request_context() else None
    report_exception(error, tags={"error_id": error_id, "request_id": current_request_id()},
                     user_id=getattr(user, "id", None))
    details: dict[str, Any] = {}
    if _show_internals():
        details = {
            "exception": f"{type(error).__name__}: {error}",
            "traceback": traceback.format_exception(error),
        }
    body = InternalError(details=details).to_dict()
    return error_response(500, body, error_id=error_id)


DATABASE_RETRY_AFTER_S = 5
"""The ``Retry-After`` of a request the database could not serve (unreachable, pool exhausted)."""


def handle_database_unavailable(error: Exception) -> Response:
    """The database cannot be reached or used just now: 503 with ``Retry-After``, not a 500.

    The driver's message (host and port, never the password) goes to the log with the
    ``error_id``; the client learns which dependency failed and when to try again.
    """
    log.error("database_unavailable", error=f"{type(error).__name__}: {_first_line(error)}")
    return handle_api_error(ServiceUnavailable(
        "The database is unavailable; try again shortly.", {"dependency": "database"},
        headers={"Retry-After": str(DATABASE_RETRY_AFTER_S)},
    ))


def _first_line(error: BaseException) -> str:
    original = getattr(error, "orig", None) or error
    return (str(original).strip().splitlines() or [""])[0][:300]


def handle_model_error(error: PydanticValidationError) -> Response:
    """A value that does not fit its pydantic model: 422 with every field at fault."""
    return handle_api_error(invalid_input(field_problems(error)))


def handle_analysis_input_error(error: AnalysisInputError) -> Response:
    """A text the analysers refuse (too long, control characters…): 422 naming the field."""
    return handle_api_error(ValidationError(str(error), error.to_dict()))


def register_error_handlers(app: Flask) -> None:
    """Route every error of ``app`` through the handlers above."""
    app.register_error_handler(APIError, handle_api_error)
    app.register_error_handler(PydanticValidationError, handle_model_error)
    app.register_error_handler(AnalysisInputError, handle_analysis_input_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    for database_error in DATABASE_UNAVAILABLE:
        app.register_error_handler(database_error, handle_database_unavailable)
    app.register_error_handler(Exception, handle_unexpected)
