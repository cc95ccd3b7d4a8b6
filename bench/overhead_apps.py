"""The two WSGI apps ``api_overhead.py`` compares, loaded by Gunicorn from this directory.

``service_app()`` is the product (``create_app``: request context, access log, auth, rate limiter,
security headers, CORS, error handlers) plus one rate-limited JSON GET. ``bare_app()`` is plain
Flask answering the same path with the same body. Gunicorn calls the factories in each worker.
"""

from __future__ import annotations

from flask import Blueprint, Flask, jsonify
from flask.typing import ResponseReturnValue

PATH = "/api/v1/bench/ping"
BODY = {"ok": True, "service": "shortstory"}


def service_app() -> Flask:
    """The product with a JSON GET at :data:`PATH`, limited like every API route (global quota and
    ``RATELIMIT_OTHER``)."""
    from shortstory.app import create_app
    from shortstory.config import load_settings_or_exit

    blueprint = Blueprint("bench", __name__)

    @blueprint.get(PATH)
    def ping() -> ResponseReturnValue:
        return jsonify(BODY)

    app = create_app(settings=load_settings_or_exit(exit_code=4))
    app.register_blueprint(blueprint)
    return app


def bare_app() -> Flask:
    """Flask and nothing else, answering :data:`PATH` with the same JSON."""
    app = Flask("bare")

    @app.get(PATH)
    def ping() -> ResponseReturnValue:
        return jsonify(BODY)

    @app.get("/health/live")
    def live() -> ResponseReturnValue:
        return jsonify(status="alive")

    return app
