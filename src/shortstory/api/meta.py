"""``/openapi.json`` (generated from the validating models) and ``/docs`` (our own static page)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app, jsonify, send_from_directory

from shortstory import __version__
from shortstory.api.openapi import build_spec
from shortstory.rate_limits import exempt
from shortstory.web.auth import public

blueprint = Blueprint("meta", __name__)

DOCS_DIR = Path(__file__).resolve().parents[1] / "ui" / "static" / "docs"
SPEC_KEY = "shortstory.openapi"


@blueprint.get("/openapi.json")
@public
@exempt
def openapi_json() -> Response:
    """The OpenAPI 3.1 document of this API (built once per application)."""
    spec = current_app.extensions.get(SPEC_KEY)
    if spec is None:
        spec = build_spec(current_app, version=__version__)
        current_app.extensions[SPEC_KEY] = spec
    return jsonify(spec)


@blueprint.get("/docs")
@public
@exempt
def docs() -> Response:
    """A browsable page of the API, served from our own files (no CDN)."""
    return send_from_directory(DOCS_DIR, "index.html", max_age=300)


@blueprint.get("/docs/<path:name>")
@public
@exempt
def docs_asset(name: str) -> Response:
    """The docs page's script and style sheet."""
    return send_from_directory(DOCS_DIR, name, max_age=300)
