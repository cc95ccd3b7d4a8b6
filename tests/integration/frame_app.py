"""The real application plus a test-only blueprint, for Gunicorn: ``frame_app:build()``.

The blueprint gives the integration tests a route for every error the frame must render: each
``APIError`` subclass raised on purpose, an unexpected exception, a JSON body route (malformed
JSON, non-JSON body, too large) and a plain JSON GET under the default rate limit. It is mounted
only here, never in the product.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Blueprint, Flask, jsonify
from flask.typing import ResponseReturnValue

from shortstory import errors
from shortstory.app import create_app
from shortstory.config import load_settings_or_exit
from shortstory.rate_limits import exempt
from shortstory.web.json_body import json_object

PREFIX = "/api/v1/_frame"
SECRET_DETAIL = "frame-test secret internal detail 7f3a"


def api_error_classes() -> dict[str, type[errors.APIError]]:
    """Every concrete APIError subclass, by class name."""
    found: dict[str, type[errors.APIError]] = {}
    pending: list[type[errors.APIError]] = [errors.APIError]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            found[sub.__name__] = sub
            pending.append(sub)
    return found


def _frame_blueprint() -> Blueprint:
    blueprint = Blueprint("frame_test", __name__, url_prefix=PREFIX)

    @blueprint.get("/raise/<name>")
    def raise_api_error(name: str) -> ResponseReturnValue:
        cls = api_error_classes()[name]
        raise cls(f"raised {name} on purpose", {"probe": name})

    @blueprint.get("/crash")
    def crash() -> ResponseReturnValue:
        raise RuntimeError(SECRET_DETAIL)

    @blueprint.post("/echo")
    def echo() -> ResponseReturnValue:
        body: dict[str, Any] = json_object()
        return jsonify(received=body)

    @blueprint.get("/ping")
    def ping() -> ResponseReturnValue:
        # The worker's pid lets a test see that requests really spread over several processes.
        return jsonify(ok=True, pid=os.getpid())

    @blueprint.get("/pid")
    @exempt
    def pid() -> ResponseReturnValue:
        # Not rate limited: lets a test wait until every worker has booted.
        return jsonify(pid=os.getpid())

    return blueprint


def build() -> Flask:
    """The product's app (settings from the environment) with the test blueprint mounted."""
    # Exit code 4 (Gunicorn's APP_LOAD_ERROR) halts the server on bad settings, as wsgi.py does.
    app = create_app(settings=load_settings_or_exit(exit_code=4))
    app.register_blueprint(_frame_blueprint())
    return app
