"""The HTTP API: ``/api/v1`` with one blueprint module per resource, plus the health endpoints.

To add a resource, write ``api/<resource>.py`` exposing ``blueprint`` (a :class:`flask.Blueprint`
whose routes are relative to ``/api/v1``) and add its module name to :data:`RESOURCE_MODULES`.
"""

from __future__ import annotations

import importlib

from flask import Blueprint, Flask

API_PREFIX = "/api/v1"

RESOURCE_MODULES: tuple[str, ...] = (
    "shortstory.api.account",
    *(f"shortstory.api.{name}" for name in
      ("stories", "versions", "exports", "feedback", "jobs", "analysis", "catalog",
       "meta")),
)
"""Modules whose ``blueprint`` is mounted under ``/api/v1``, in this order."""


def build_api_blueprint() -> Blueprint:
    """A fresh ``/api/v1`` blueprint with every resource blueprint nested in it."""
    api = Blueprint("api_v1", __name__, url_prefix=API_PREFIX)
    for name in RESOURCE_MODULES:
        module = importlib.import_module(name)
        api.register_blueprint(module.blueprint)
    return api


def register_blueprints(app: Flask) -> None:
    """Mount the API and the health endpoints on ``app``."""
    from shortstory.api.health import blueprint as health
    from shortstory.rate_limits import exempt

    app.register_blueprint(build_api_blueprint())
    exempt(health)
    app.register_blueprint(health)
