"""One way to fail: the APIError hierarchy, and handlers rendering every error in one JSON shape.

Every error response, whatever raised it (our code, werkzeug, Flask-Limiter, an unexpected bug), is

    {"error_code": ..., "message": ..., "details": {...},
     "error_id": ..., "request_id": ..., "timestamp": ...}

with the status code that fits. Every error is logged with its ``error_id``.
"""

from __future__ import annotations

import traceback
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any, ClassVar

from flask import Flask, Response, current_app, g, has_request_context, jsonify
from pydantic import ValidationError as PydanticValidationError
from sqlalchemy import exc as sqlalchemy_errors
from werkzeug.exceptions import HTTPException

from shortstory.analysis.input_checks import AnalysisInputError
from shortstory.services.problem_messages import problem_message
from shortstory.web.error_reporting import report_exception
from shortstory.web.log_config import get_logger

log = get_logger("shortstory.errors")


class APIError(Exception):
    """Base of every error the API reports on purpose.

    :param message: one sentence for the client.
    :param details: JSON-ready specifics (the field at fault, a limit…).
    :param headers: extra response headers (``Retry-After``, ``WWW-Authenticate``…).
    """

    status: ClassVar[int] = 500
    error_code: ClassVar[str] = "INTERNAL_ERROR"
    default_message: ClassVar[str] = "The server could not complete the request."
    default_headers: ClassVar[Mapping[str, str]] = MappingProxyType({})
    """Headers every response for this error carries; ``headers`` adds to or overrides them."""

    def __init__(
        self,
        message: str | None = None,
        details: dict[str, Any] | None = None,
        *,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.message = message or self.default_message
        self.details = dict(details or {})
        self.headers = {**self.default_headers, **(headers or {})}
        self.retry_after_is_own = True
        """False when ``Retry-After`` is a placeholder the rate limiter fills in itself."""
        super().__init__(self.message)

    def to_dict(self) -> dict[str, Any]:
        """The error's own part of the body (the handler adds ids and the timestamp)."""
        return {"error_code": self.error_code, "message": self.message, "details": self.details}


class ValidationError(APIError):
    """The request is well-formed but its content is not acceptable."""

    status = 422
    error_code = "VALIDATION_ERROR"
    default_message = "The request is not valid."


class InstructionNotSupported(ValidationError):
    """A revision instruction outside what the story's writer accepts; ``details.supported``
    lists what it does accept."""

    error_code = "UNSUPPORTED_INSTRUCTION"
    default_message = "This instruction is not supported."


class BadRequest(APIError):
    """The request cannot be understood (a missing parameter, a wrong type)."""

    status = 400
    error_code = "VALIDATION_ERROR"
    default_message = "The request is not valid."


class InvalidJSON(APIError):
    """The body claims to be JSON but is not."""

    status = 400
    error_code = "INVALID_JSON"
    default_message = "The request body is not valid JSON."


class Unauthorized(APIError):
    """No credentials, or credentials that do not identify anyone."""

    status = 401
    error_code = "UNAUTHORIZED"
    default_message = "A valid API key is required (Authorization: Bearer <key>)."

    default_headers = MappingProxyType({"WWW-Authenticate": "Bearer"})


class Forbidden(APIError):
    """Authenticated, but not allowed to do this."""

    status = 403
    error_code = "FORBIDDEN"
    default_message = "You are not allowed to do this."


class NotFound(APIError):
    """No such resource (or not yours: another user's story is a 404 too)."""

    status = 404
    error_code = "NOT_FOUND"
    default_message = "No such resource."


class MethodNotAllowed(APIError):
    """The resource exists but does not answer this method."""

    status = 405
    error_code = "METHOD_NOT_ALLOWED"
    default_message = "This method is not allowed on this resource."


class Conflict(APIError):
    """The request conflicts with the current state of the resource."""

    status = 409
    error_code = "CONFLICT"
    default_message = "The request conflicts with the current state of the resource."


class PreconditionFailed(APIError):
    """A conditional request (``If-Match``) no longer holds: someone else changed it first."""

    status = 412
    error_code = "PRECONDITION_FAILED"
    default_message = "The resource changed since you read it."


class PreconditionRequired(APIError):
    """The request must be conditional (``If-Match``) and is not."""

    status = 428
    error_code = "PRECONDITION_REQUIRED"
    default_message = "This request requires an If-Match header."


class PayloadTooLarge(APIError):
    """The body is larger than ``MAX_CONTENT_LENGTH``."""

    status = 413
    error_code = "PAYLOAD_TOO_LARGE"
    default_message = "The request body is too large."


class UnsupportedMediaType(APIError):
    """The body is not in a format this route accepts (JSON routes want application/json)."""

    status = 415
    error_code = "UNSUPPORTED_MEDIA_TYPE"
    default_message = "The request body must be JSON (Content-Type: application/json)."


class RateLimited(APIError):
    """Too many requests; ``Retry-After`` says when to come back."""

    status = 429
    error_code = "RATE_LIMITED"
    default_message = "Too many requests; slow down."


class ServiceUnavailable(APIError):
    """A dependency (database, Redis, a writer) is down; try again later."""

    status = 503
    error_code = "SERVICE_UNAVAILABLE"
    default_message = "The service is temporarily unavailable."


class InternalError(APIError):
    """A bug or an unexpected failure on our side."""

    status = 500
    error_code = "INTERNAL_ERROR"
    default_message = "An unexpected error occurred; it has been logged."


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
    from shortstory.web.request_context import current_request_id

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
    settings = current_app.config.get("SHORTSTORY_SETTINGS")
    return bool(settings is not None and settings.environment == "development")


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
    from shortstory.web.request_context import current_request_id

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

DATABASE_UNAVAILABLE: tuple[type[Exception], ...] = (
    sqlalchemy_errors.OperationalError,  # cannot connect, connection lost, locked, read-only
    sqlalchemy_errors.InterfaceError,  # the driver's connection is closed
    sqlalchemy_errors.TimeoutError,  # no connection free in the pool in time
)
"""What SQLAlchemy raises when the database, not the request, is at fault."""


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
    """A request body that does not fit its pydantic model: 422 with every field at fault."""
    problems = [
        {"field": ".".join(str(p) for p in e["loc"]), "problem": problem_message(e),
         "type": e["type"]}
        for e in error.errors(include_url=False)
    ]
    message = "; ".join(f"{p['field']}: {p['problem']}" for p in problems[:3]) or None
    return handle_api_error(ValidationError(message, {"errors": problems}))


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
