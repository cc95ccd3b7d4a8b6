"""Turning a request into typed models at the edge, so views only ever see validated values.

The one body parser. The status-code rule (DESIGN §4, decided here): a body not declared as JSON
is 415 ``UNSUPPORTED_MEDIA_TYPE`` (its content type in ``details``); one that does not parse is 400
``INVALID_JSON``; a JSON body whose fields break the model is 422 ``VALIDATION_ERROR`` with every
field problem at once in ``details.errors``; a bad query string, path or header is 400
``VALIDATION_ERROR`` (the request line itself is malformed). Bodies are validated strictly (a
number sent as a string is an error, not a guess); query strings, being text, are coerced.
"""

from __future__ import annotations

from typing import Any, TypeVar

import pydantic_core
from flask import request
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from shortstory.errors import BadRequest, InvalidJSON, UnsupportedMediaType
from shortstory.services.problems import field_problems, invalid_input

M = TypeVar("M", bound=BaseModel)


def _json_bytes() -> bytes:
    if not request.is_json:
        raise UnsupportedMediaType(
            details={"content_type": request.content_type or None, "expected": "application/json"}
        )
    return request.get_data(cache=True) or b""


def read_json() -> Any:
    """The JSON body of the current request, parsed but not validated (for a service that
    validates it, such as :func:`~shortstory.services.story_requests.validate_story_request`).

    :raises UnsupportedMediaType: the body is not declared as JSON.
    :raises InvalidJSON: the body is not parseable JSON.
    """
    raw = _json_bytes()
    try:
        # pydantic's own parser: it accepts exactly what parse_body's model_validate_json does.
        return pydantic_core.from_json(raw)
    except ValueError as exc:
        raise InvalidJSON(details={"problem": f"Invalid JSON: {exc}"}) from None


def parse_body(model: type[M]) -> M:
    """The JSON body of the current request as ``model``.

    :raises UnsupportedMediaType: the body is not declared as JSON.
    :raises InvalidJSON: the body is not parseable JSON.
    :raises ValidationError: the JSON breaks the model; every problem in ``details.errors``.
    """
    raw = _json_bytes()
    try:
        return model.model_validate_json(raw, strict=True)
    except PydanticValidationError as exc:
        problems = field_problems(exc)
        if any(p["type"] == "json_invalid" for p in problems):
            raise InvalidJSON(details={"problem": problems[0]["problem"]}) from None
        raise invalid_input(problems) from None


def parse_query(model: type[M], extra: dict[str, Any] | None = None) -> M:
    """The query string (plus ``extra`` values) as ``model``; unknown parameters are errors.

    :raises BadRequest: a parameter is missing, malformed or unknown (400).
    """
    values: dict[str, Any] = {}
    for key in request.args:
        items = request.args.getlist(key)
        values[key] = items[0] if len(items) == 1 else items
    values.update(extra or {})
    try:
        return model.model_validate(values)
    except PydanticValidationError as exc:
        raise invalid_input(field_problems(exc), BadRequest) from None
