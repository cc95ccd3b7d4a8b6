"""One way to fail: the APIError hierarchy every layer raises on purpose.

Each error carries its status, a stable ``error_code``, a message and JSON-ready details;
:mod:`shortstory.web.error_handlers` renders it, and every other error, in the one JSON shape.
Nothing here knows HTTP frameworks, so services, storage and the commands may raise these too.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, ClassVar


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
