"""OpenAPI 3.1 generated from the views' own pydantic models, never written by hand.

A view declares what it accepts and answers with :func:`documented`; the decorator only attaches
an :class:`Operation` to the function. :func:`build_spec` walks the application's URL map, reads
those attachments and asks pydantic for the JSON Schemas of the very models that validate the
requests and shape the responses, so the document cannot drift from the code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from flask import Flask
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from shortstory.api.schemas.base import ErrorResponse
from shortstory.web.auth import is_public

F = TypeVar("F", bound=Callable[..., Any])

API_PREFIX = "/api/v1"

COMMON_ERRORS: tuple[int, ...] = (400, 401, 413, 415, 429, 500, 503)
"""Statuses any operation under the API can answer, besides its own."""

_ERROR_TEXT = {
    400: "malformed request (bad JSON, bad query or header)",
    401: "missing or invalid API key",
    404: "no such resource for this caller",
    409: "conflict (Idempotency-Key reused with another body)",
    412: "the If-Match ETag is stale",
    413: "request body too large",
    415: "body is not JSON",
    422: "the body is well-formed but invalid; every field problem in details",
    428: "If-Match is required",
    429: "rate limited; see Retry-After",
    500: "unexpected error",
    503: "the database, or the job queue, is unavailable or full; see Retry-After",
}

_CONVERTERS: dict[str, dict[str, Any]] = {
    "int": {"type": "integer", "minimum": 0},
    "uuid": {"type": "string", "format": "uuid"},
}
_RULE_ARG = re.compile(r"<(?:(?P<conv>[a-z]+)(?:\((?P<args>[^)]*)\))?:)?(?P<name>\w+)>")
_INT_BOUNDS = {"min": "minimum", "max": "maximum"}


@dataclass(frozen=True)
class Header:
    """A request header an operation reads."""

    name: str
    description: str
    required: bool = False
    schema: dict[str, Any] = field(default_factory=lambda: {"type": "string"})


@dataclass(frozen=True)
class Operation:
    """What one view accepts and answers, for the document."""

    summary: str
    tag: str
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    response: type[BaseModel] | None = None
    status: int = 200
    errors: tuple[int, ...] = ()
    headers: tuple[Header, ...] = ()
    response_headers: tuple[str, ...] = ()
    extra_responses: dict[int, type[BaseModel] | None] = field(default_factory=dict)
    content_type: str = "application/json"
    content_types: tuple[str, ...] = ()
    """Media types of a success that is a file (each described as binary); overrides
    ``content_type``."""
    path_schemas: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Schemas of path parameters that say more than their converter (an ``enum``, say)."""


def documented(**kwargs: Any) -> Callable[[F], F]:
    """Attach an :class:`Operation` (built from ``kwargs``) to a view function."""
    operation = Operation(**kwargs)

    def attach(view: F) -> F:
        view.openapi_operation = operation  # type: ignore[attr-defined]
        return view

    return attach


def _path_and_params(rule: str) -> tuple[str, list[dict[str, Any]]]:
    params: list[dict[str, Any]] = []

    def replace(match: re.Match[str]) -> str:
        conv = match.group("conv") or ""
        schema = dict(_CONVERTERS.get(conv, {"type": "string"}))
        if conv == "int":
            schema.update(_int_bounds(match.group("args") or ""))
        params.append({"name": match.group("name"), "in": "path", "required": True,
                       "schema": schema})
        return "{" + match.group("name") + "}"

    return _RULE_ARG.sub(replace, rule), params


def _int_bounds(args: str) -> dict[str, int]:
    """The ``min``/``max`` of an ``int(min=1, max=…)`` converter as JSON Schema bounds."""
    bounds = {}
    for part in args.split(","):
        key, _, value = part.partition("=")
        if key.strip() in _INT_BOUNDS:
            bounds[_INT_BOUNDS[key.strip()]] = int(value)
    return bounds


def _query_params(model: type[BaseModel]) -> list[dict[str, Any]]:
    schema = model.model_json_schema(by_alias=True)
    required = set(schema.get("required", []))
    params = []
    for name, prop in schema.get("properties", {}).items():
        prop = {k: v for k, v in prop.items() if k != "title"}
        # Optional query values are simply absent: null cannot travel in a query string.
        if "anyOf" in prop:
            options = [o for o in prop.pop("anyOf") if o.get("type") != "null"]
            prop.pop("default", None)
            prop.update(options[0] if len(options) == 1 else {"anyOf": options})
        params.append({"name": name, "in": "query", "required": name in required,
                       "schema": prop})
    return params


def build_spec(app: Flask, *, title: str = "Short Story Pipeline API",
               version: str = "1.0.0") -> dict[str, Any]:
    """The OpenAPI 3.1 document of every documented view registered on ``app``."""
    operations: list[tuple[str, str, Operation]] = []
    public: set[str] = set()
    for rule in app.url_map.iter_rules():
        view = app.view_functions.get(rule.endpoint)
        operation = getattr(view, "openapi_operation", None)
        if operation is None:
            continue
        if is_public(view):
            public.add(rule.rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            operations.append((rule.rule, method.lower(), operation))

    wanted: list[tuple[type[BaseModel], str]] = [(ErrorResponse, "serialization")]
    for _, _, op in operations:
        if op.body is not None:
            wanted.append((op.body, "validation"))
        if op.response is not None:
            wanted.append((op.response, "serialization"))
        wanted.extend((m, "serialization") for m in op.extra_responses.values() if m is not None)
    unique = list(dict.fromkeys(wanted))
    refs, defs = models_json_schema(
        unique,  # type: ignore[arg-type]
        ref_template="#/components/schemas/{model}",
    )

    paths: dict[str, dict[str, Any]] = {}
    for rule_path, method, op in sorted(operations):
        path, params = _path_and_params(rule_path)
        for param in params:
            param["schema"] = op.path_schemas.get(param["name"], param["schema"])
        if op.query is not None:
            params.extend(_query_params(op.query))
        for header in op.headers:
            params.append({"name": header.name, "in": "header", "required": header.required,
                           "description": header.description, "schema": header.schema})
        entry: dict[str, Any] = {
            "summary": op.summary,
            "tags": [op.tag],
            "operationId": f"{method}_{path.strip('/').replace('/', '_')}".replace("{", "")
            .replace("}", "").replace("-", "_").replace(".", "_"),
            "responses": _responses(op, refs),
        }
        if rule_path in public:
            # No API key: these answer from files shipped with the code, database or not.
            entry["security"] = []
            entry["description"] = "Public: no API key needed; answers while the database is down."
        if params:
            entry["parameters"] = params
        if op.body is not None:
            entry["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": refs[(op.body, "validation")]}},
            }
        paths.setdefault(path, {})[method] = entry

    return {
        "openapi": "3.1.0",
        "info": {
            "title": title,
            "version": version,
            "description": "Turn a premise into a short story. Errors always share one JSON "
            "shape (ErrorResponse). Validation: 400 for malformed JSON, query strings and "
            "headers; 422 for a well-formed body whose fields are invalid, with every field "
            "problem listed in details.",
        },
        "servers": [{"url": "/"}],
        "components": {
            "schemas": defs.get("$defs", {}),
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearerAuth": []}],
        "paths": paths,
    }


def _responses(op: Operation, refs: dict[Any, Any]) -> dict[str, Any]:
    responses: dict[str, Any] = {}
    ok: dict[str, Any] = {"description": "success"}
    if op.response is not None:
        ok["content"] = {op.content_type: {"schema": refs[(op.response, "serialization")]}}
    elif op.content_types:
        ok["content"] = {media: {"schema": {"type": "string", "format": "binary"}}
                         for media in op.content_types}
    elif op.content_type != "application/json":
        ok["content"] = {op.content_type: {"schema": {"type": "string"}}}
    if op.response_headers:
        ok["headers"] = {name: {"schema": {"type": "string"}} for name in op.response_headers}
    responses[str(op.status)] = ok
    for status, model in op.extra_responses.items():
        extra: dict[str, Any] = {"description": _ERROR_TEXT.get(status, "see summary")}
        if model is not None:
            extra["content"] = {"application/json": {"schema": refs[(model, "serialization")]}}
        responses[str(status)] = extra
    error_schema = refs[(ErrorResponse, "serialization")]
    for status in sorted(set(op.errors) | set(COMMON_ERRORS)):
        responses.setdefault(str(status), {
            "description": _ERROR_TEXT.get(status, "error"),
            "content": {"application/json": {"schema": error_schema}},
        })
    return responses


def documented_paths(spec: dict[str, Any]) -> Iterable[tuple[str, str]]:
    """Every (method, path) pair in ``spec``, for tests and the docs page."""
    for path, methods in spec["paths"].items():
        for method in methods:
            yield method.upper(), path
