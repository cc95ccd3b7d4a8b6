"""``/`` (the page) and ``/static/<file>`` (its style sheet and scripts)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from flask import Blueprint, Response, render_template

from shortstory import __version__
from shortstory.config import app_settings

blueprint = Blueprint(
    "ui", __name__, template_folder="templates", static_folder="static",
    static_url_path="/static",
)

SCRIPTS_DIR = Path(__file__).resolve().parent / "static" / "js"
ENTRY_MODULE = "main.js"


@cache
def preloaded_modules() -> tuple[str, ...]:
    """The modules ``main.js`` imports, named so the browser fetches them all at once instead
    of discovering them import by import."""
    return tuple(sorted(p.name for p in SCRIPTS_DIR.glob("*.js") if p.name != ENTRY_MODULE))


@blueprint.get("/")
def page() -> Response:
    """The single page; the scripts build each view from the API. Where the API needs a key
    (production), the page says so, and asks for one before its first call."""
    settings = app_settings()
    html = render_template("index.html", version=__version__, modules=preloaded_modules(),
                           key_required=not settings.local_user_enabled)
    return Response(html, mimetype="text/html",
                    headers={"Cache-Control": "no-cache"})

