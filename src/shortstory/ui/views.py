"""``/`` (the page) and ``/static/<file>`` (its style sheet and scripts)."""

from __future__ import annotations

from flask import Blueprint, Response, render_template

from shortstory import __version__

blueprint = Blueprint(
    "ui", __name__, template_folder="templates", static_folder="static",
    static_url_path="/static",
)

@blueprint.get("/")
def page() -> Response:
    """The single page; the scripts build each view from the API."""
    html = render_template("index.html", version=__version__)
    return Response(html, mimetype="text/html",
                    headers={"Cache-Control": "no-cache"})

