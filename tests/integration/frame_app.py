"""The real application plus a test-only blueprint, for Gunicorn: ``frame_app:build()``.

The blueprint gives the integration tests a route for every error the frame must render: each
``APIError`` subclass raised on purpose, an unexpected exception (one of them after reading its
body with the product's own parser) and a plain JSON GET under the default rate limit. What a
body that is not JSON, malformed or too large gets is tested on the real endpoints. It is mounted
only here, never in the product.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

from flask import Blueprint, Flask, Response, jsonify, request
from flask.typing import ResponseReturnValue

from shortstory import errors
from shortstory.api.request_bodies import read_json
from shortstory.app import create_app
from shortstory.config import load_settings_or_exit
from shortstory.rate_limits import exempt

PREFIX = "/api/v1/_frame"
SECRET_DETAIL = "frame-test secret internal detail 7f3a"
SSE_PATH = "/api/v1/jobs/_frame-sse/events"
SSE_GAP_SECONDS = 1.0


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

    @blueprint.get("/slow")
    def slow() -> ResponseReturnValue:
        # A request still in flight when the server is told to stop.
        seconds = float(request.args.get("seconds", "3"))
        time.sleep(seconds)
        return jsonify(slept=seconds, pid=os.getpid())

    @blueprint.get("/hold-db")
    def hold_db() -> ResponseReturnValue:
        # A database connection checked out for a while (the pool gauge must show it).
        from sqlalchemy import text

        from shortstory.storage.session import database

        seconds = float(request.args.get("seconds", "2"))
        with database().engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            time.sleep(seconds)
        return jsonify(held=seconds, pid=os.getpid())

    @blueprint.post("/crash-quoting-settings")
    def crash_quoting_settings() -> ResponseReturnValue:
        # A bug whose message quotes settings and the caller's credentials, with the premise in
        # a local variable: what error reporting must never send on.
        premise = read_json().get("premise")
        raise RuntimeError(
            f"lost {os.environ.get('DATABASE_URL')} and {os.environ.get('REDIS_URL')} "
            f"(provider key {os.environ.get('FRAME_PROVIDER_KEY')}, "
            f"caller {request.headers.get('Authorization')}) while writing {type(premise)}")

    @blueprint.get("/ping")
    def ping() -> ResponseReturnValue:
        # The worker's pid lets a test see that requests really spread over several processes.
        return jsonify(ok=True, pid=os.getpid())

    @blueprint.get("/pid")
    @exempt
    def pid() -> ResponseReturnValue:
        # Not rate limited: lets a test wait until every worker has booted.
        return jsonify(pid=os.getpid())

    @blueprint.get("/client")
    def client() -> ResponseReturnValue:
        # What the app believes about the caller once proxy headers are applied.
        return jsonify(remote_addr=request.remote_addr, scheme=request.scheme, host=request.host)

    return blueprint


def _sse_blueprint() -> Blueprint:
    # On the path shape of the job event stream, so that a proxy's SSE location applies to it.
    blueprint = Blueprint("frame_sse", __name__)

    @blueprint.get(SSE_PATH)
    def events() -> Response:
        def stream() -> Iterator[str]:
            for number in range(3):
                yield f"id: {number}\nevent: tick\ndata: {{\"n\": {number}}}\n\n"
                time.sleep(SSE_GAP_SECONDS)

        return Response(stream(), mimetype="text/event-stream")

    return blueprint


def build() -> Flask:
    """The product's app (settings from the environment) with the test blueprint mounted."""
    # Exit code 4 (Gunicorn's APP_LOAD_ERROR) halts the server on bad settings, as wsgi.py does.
    app = create_app(settings=load_settings_or_exit(exit_code=4))
    app.register_blueprint(_frame_blueprint())
    app.register_blueprint(_sse_blueprint())
    return app
