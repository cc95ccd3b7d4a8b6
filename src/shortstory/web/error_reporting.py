"""Sentry, when ``SENTRY_DSN`` is set: unhandled errors reported with secrets scrubbed."""

from __future__ import annotations

from typing import Any

from shortstory import __version__
from shortstory.config import Settings

_SCRUBBED_HEADERS = frozenset({"authorization", "cookie", "x-api-key", "idempotency-key"})


def scrub_event(event: dict[str, Any], _hint: dict[str, Any]) -> dict[str, Any]:
    """Drop credentials from an event's request before it leaves the process."""
    request = event.get("request") or {}
    headers = request.get("headers")
    if isinstance(headers, dict):
        for name in list(headers):
            if name.lower() in _SCRUBBED_HEADERS:
                headers[name] = "[Filtered]"
    request.pop("cookies", None)
    return event


def init_error_reporting(settings: Settings) -> bool:
    """Start the Sentry SDK when configured; returns whether it was started."""
    if not settings.sentry_dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.flask import FlaskIntegration

    sentry_sdk.init(
        dsn=settings.sentry_dsn,
        environment=settings.environment,
        release=f"shortstory@{__version__}",
        integrations=[FlaskIntegration()],
        send_default_pii=False,
        before_send=scrub_event,  # type: ignore[arg-type]
    )
    return True
