"""JSON request bodies: malformed JSON is a 400 ``INVALID_JSON``, a non-JSON body a 415."""

from __future__ import annotations

from typing import Any, NoReturn

from flask import Request, request

from shortstory.errors import BadRequest, InvalidJSON, UnsupportedMediaType


class JSONRequest(Request):
    """Flask's request, failing in our error shape when a JSON body cannot be read."""

    def on_json_loading_failed(self, e: ValueError | None) -> NoReturn:
        """Flask calls this with the decode error, or ``None`` when the body is not JSON at all."""
        if e is not None:
            raise InvalidJSON(details={"problem": str(e)})
        raise UnsupportedMediaType(
            details={"content_type": self.content_type or None, "expected": "application/json"}
        )


def json_object() -> dict[str, Any]:
    """The body as a JSON object; our errors for a non-JSON, malformed or non-object body."""
    body = request.get_json()
    if not isinstance(body, dict):
        raise BadRequest("The request body must be a JSON object.", {"field": "body"})
    return body
