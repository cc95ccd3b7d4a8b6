"""The application factory: settings -> extensions -> blueprints -> error handlers -> middleware."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from shortstory.config import Settings, bind_settings, load_settings

STATIC_MAX_AGE_S = 300


def create_app(
    overrides: Mapping[str, Any] | None = None, *, settings: Settings | None = None
) -> Flask:
    """Build the service.

    :param overrides: explicit settings (by name, e.g. ``{"environment": "test"}``) that win over
        the environment; ignored when ``settings`` is given.
    :param settings: ready-made settings (``wsgi`` passes the ones it validated).
    :raises shortstory.config.ConfigError: listing every invalid setting.
    """
    from shortstory.api import register_blueprints
    from shortstory.api.health import STARTED_AT_KEY
    from shortstory.observability.error_reporting import init_error_reporting
    from shortstory.observability.log_config import configure_logging
    from shortstory.rate_limits import init_rate_limits
    from shortstory.storage.session import Database
    from shortstory.ui import blueprint as page
    from shortstory.web.auth import install_auth
    from shortstory.web.cors import install_cors
    from shortstory.web.error_handlers import register_error_handlers
    from shortstory.web.metrics import install_metrics
    from shortstory.web.no_sessions import NoSessionInterface
    from shortstory.web.request_context import install_request_context
    from shortstory.web.security_headers import install_security_headers

    # Settings.
    settings = settings or load_settings(overrides)
    configure_logging(settings.log_level, settings.log_format)

    # No application-wide static folder: the page's files are the ui blueprint's (/static/).
    app = Flask("shortstory", static_folder=None)
    app.session_interface = NoSessionInterface()
    app.config.update(
        SECRET_KEY=settings.secret_key,
        DEBUG=settings.debug,
        TESTING=settings.environment == "test",
        MAX_CONTENT_LENGTH=settings.max_content_length,
        JSON_SORT_KEYS=False,
        # The page's scripts and style sheet change only with a deployment.
        SEND_FILE_MAX_AGE_DEFAULT=STATIC_MAX_AGE_S,
    )
    bind_settings(app, settings)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions[STARTED_AT_KEY] = time.time()

    # The request id and clock start before anything else runs, so that even a request the
    # rate limiter rejects is timed, logged and carries its id.
    install_request_context(app)

    # Extensions.
    init_error_reporting(settings)
    Database.from_settings(settings).init_app(app)
    init_rate_limits(app, settings)

    # Blueprints: the API, the health endpoints and the web page.
    register_blueprints(app)
    app.register_blueprint(page)

    # Error handlers.
    register_error_handlers(app)

    # Request middleware.
    install_auth(app)
    install_security_headers(app, hsts=settings.is_production)
    install_cors(app, settings.cors_origins)
    install_metrics(app)
    if settings.trusted_proxies:
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]
    return app
