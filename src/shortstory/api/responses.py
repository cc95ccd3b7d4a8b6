"""Serialising response models: one way to turn a pydantic model into an HTTP response."""

from __future__ import annotations

from flask import Response
from pydantic import BaseModel


def json_response(model: BaseModel, status: int = 200,
                  headers: dict[str, str] | None = None) -> Response:
    """``model`` as a JSON response (field aliases used, e.g. ``from`` in a diff)."""
    response = Response(model.model_dump_json(by_alias=True), status=status,
                        mimetype="application/json")
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response
