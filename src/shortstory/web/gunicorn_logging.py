"""Gunicorn's own log lines (booting, signals, worker exits, its access log when enabled) in the
service's format: one JSON object per line in production, like every other line.

``gunicorn_config.py`` names :class:`GunicornLogger` as Gunicorn's ``logger_class``. The format
follows the application's rule (``LOG_FORMAT``, else JSON in production), read from the
environment: Gunicorn configures its logging in the master, before any app is built.
"""

from __future__ import annotations

import os
from typing import Any

from gunicorn.glogging import Logger

from shortstory.observability.log_config import json_formatter


def wants_json(environ: dict[str, str] | None = None) -> bool:
    """Whether the service logs JSON: ``LOG_FORMAT=json``, or production without ``LOG_FORMAT``."""
    env = os.environ if environ is None else environ
    explicit = env.get("LOG_FORMAT", "").strip().lower()
    if explicit:
        return explicit == "json"
    environment = (env.get("SHORTSTORY_ENV") or env.get("FLASK_ENV") or "").strip().lower()
    return environment == "production"


class GunicornLogger(Logger):
    """Gunicorn's logger, its handlers formatting JSON when the service logs JSON."""

    def setup(self, cfg: Any) -> None:
        """Set Gunicorn's handlers up, then give them our JSON formatter (if JSON)."""
        super().setup(cfg)
        if not wants_json():
            return
        formatter = json_formatter()
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(formatter)
            # The app's root handler would print each line a second time.
            log.propagate = False
