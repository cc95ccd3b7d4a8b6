"""Turning a request into typed models at the edge, so views only ever see validated values.

The status-code rule (DESIGN §4, decided here): a body that is not JSON at all is 400
``INVALID_JSON``; a JSON body whose fields break the model is 422 ``VALIDATION_ERROR`` with every
field problem at once in ``details.errors``; a bad query string, path or header is 400
``VALIDATION_ERROR`` (the request line itself is malformed). Bodies are validated strictly (a
number sent as a string is an error, not a guess); query strings, being text, are coerced.
"""

from __future__ import annotations

from typing import Any, TypeVar

from flask import request
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from shortstory.errors import BadRequest, InvalidJSON, UnsupportedMediaType, ValidationError

M = TypeVar("M", bound=BaseModel)


def field_problems(error: PydanticValidationError) -> list[dict[str, str]]:
    """Every problem of a pydantic error as ``{"field", "problem", "type"}`` (dotted paths)."""
    problems = []
    for item in error.errors(include_url=False, include_context=False, include_input=False):
        where = ".".join(str(part) for part in item["loc"]) or "body"
        problems.append({"field": where, "problem": item["msg"], "type": item["type"]})
    return problems


def _message(problems: list[dict[str, str]]) -> str:
    shown = "; ".join(f"{p['field']}: {p['problem']}" for p in problems[:3])
    more = len(problems) - 3
    return shown + (f" (and {more} more)" if more > 0 else "")


def validation_error(problems: list[dict[str, str]], *, status: int = 422) -> Exception:
    """The API error carrying ``problems`` (422 for bodies, 400 for the request line)."""
    cls = ValidationError if status == 422 else BadRequest
    return cls(_message(problems), {"errors": problems})


def parse_body(model: type[M]) -> M:
    """The JSON body of the current request as ``model``.

    :raises UnsupportedMediaType: the body is not declared as JSON.
    :raises InvalidJSON: the body is not parseable JSON.
    :raises ValidationError: the JSON breaks the model; every problem in ``details.errors``.
    """
    if not request.is_json:
        raise UnsupportedMediaType()
    raw = request.get_data(cache=True)
    try:
        return model.model_validate_json(raw or b"", strict=True)
    except PydanticValidationError as exc:
        problems = field_problems(exc)
        if any(p["type"] == "json_invalid" for p in problems):
            raise InvalidJSON(details={"problem": problems[0]["problem"]}) from None
        raise validation_error(problems) from None


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
        raise validation_error(field_problems(exc), status=400) from None
