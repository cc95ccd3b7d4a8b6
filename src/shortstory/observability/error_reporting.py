"""Sentry, when ``SENTRY_DSN`` is set: unexpected errors and failed jobs, with secrets scrubbed.

Web errors are reported by the error handler that answers the 500 (Flask's integration alone sees
nothing: our handler catches every exception first), failed jobs by the task runner, each tagged
with the ``error_id`` the client or the job row shows, the ``request_id`` or ``job_id``, and the
user's id (never the key). The Flask and Celery integrations add the request and task context.

Nothing secret leaves the process: ``send_default_pii`` is off, local variables are not sent, and
:func:`scrub_event` (``before_send``, ``before_breadcrumb``) walks the whole event — request
bodies (premises, story text) and credentials' headers are dropped, values under sensitive keys
masked, and passwords in URLs, bearer tokens and this process's own secrets (``SECRET_KEY``,
``METRICS_TOKEN``, provider keys, database and Redis passwords) cut out of every string.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from shortstory import __version__
from shortstory.config import Settings

FILTERED = "[Filtered]"

_SENSITIVE_KEY = re.compile(
    r"(^|_)(authorization|cookies?|set_cookie|api_?key|password|passwd|secret|token|dsn"
    r"|credentials?|database_url|redis_url|broker_url|idempotency_key|premise|text|prompt"
    r"|messages|content|body)($|_)"
)
"""Keys (lower case, ``-`` read as ``_``) whose values are dropped wherever they appear:
headers, extra, contexts, breadcrumbs' data."""
_KEEP_KEYS = frozenset({"content_type", "content_length"})
"""Keys that match a sensitive word but hold nothing secret."""
_URL_PASSWORD = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^:/?#@\s]*:)[^@\s/]+@")
_BEARER = re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+")
_MIN_SECRET_LENGTH = 6
"""Shorter configured values are not searched for in text (they would mask ordinary words)."""

_state: dict[str, Any] = {"started": False, "secrets": ()}


def process_secrets(settings: Settings) -> tuple[str, ...]:
    """The secret values this process knows, longest first (cut out of every event string)."""
    values: list[str] = [settings.secret_key, settings.metrics_token or "",
                         *settings.writer_keys.values()]
    for url in (settings.database_url, settings.redis_url, settings.celery_broker_url,
                settings.sentry_dsn):
        if url:
            try:
                password = urlsplit(url).password
            except ValueError:
                password = None
            values.append(password or "")
    found = {value for value in values if len(value) >= _MIN_SECRET_LENGTH}
    return tuple(sorted(found, key=len, reverse=True))


def scrub_text(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` without URL passwords, bearer tokens and any of ``secrets``."""
    text = _URL_PASSWORD.sub(lambda m: m.group("head") + FILTERED + "@", text)
    text = _BEARER.sub(lambda m: f"{m.group(1)} {FILTERED}", text)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, FILTERED)
    return text


def _scrub(value: Any, secrets: tuple[str, ...]) -> Any:
    if isinstance(value, str):
        return scrub_text(value, secrets)
    if isinstance(value, Mapping):
        cleaned: dict[Any, Any] = {}
        for key, item in value.items():
            name = re.sub(r"[-\s]+", "_", str(key).lower())
            if name not in _KEEP_KEYS and _SENSITIVE_KEY.search(name):
                cleaned[key] = FILTERED
            else:
                cleaned[key] = _scrub(item, secrets)
        return cleaned
    if isinstance(value, list | tuple):
        return [_scrub(item, secrets) for item in value]
    return value


def scrub_event(event: dict[str, Any], _hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """The event with every secret removed (Sentry's ``before_send``)."""
    secrets: tuple[str, ...] = _state["secrets"]
    request = event.get("request")
    if isinstance(request, dict):
        # Bodies carry premises and story text; cookies carry sessions. Neither is needed.
        for key in ("data", "cookies"):
            if key in request:
                request[key] = FILTERED
    cleaned: dict[str, Any] = _scrub(event, secrets)
    return cleaned


def scrub_breadcrumb(crumb: dict[str, Any], _hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """A breadcrumb with every secret removed (Sentry's ``before_breadcrumb``)."""
    cleaned: dict[str, Any] = _scrub(crumb, _state["secrets"])
    return cleaned


def init_error_reporting(settings: Settings, *, celery: bool = False) -> bool:
    """Start the Sentry SDK when configured; returns whether it was started.

    :param celery: also load the Celery integration (the worker; the web process only sends).
    """
    if not settings.sentry_dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.flask import FlaskIntegration
    from sentry_sdk.integrations.logging import LoggingIntegration

    integrations: list[Any] = [
        FlaskIntegration(),
        # Log lines become breadcrumbs only: errors are reported once, by report_exception.
        LoggingIntegration(event_level=None),
    ]
    if celery:
        from sentry_sdk.integrations.celery import CeleryIntegration

        integrations.append(CeleryIntegration())
    _state["secrets"] = process_secrets(settings)
    sentry_sdk.init(
        dsn=settings.sentry_dsn,
        environment=settings.environment,
        release=f"shortstory@{__version__}",
        integrations=integrations,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        sample_rate=settings.sentry_sample_rate,
        traces_sample_rate=settings.sentry_traces_sample_rate,
        before_send=scrub_event,  # type: ignore[arg-type]
        before_breadcrumb=scrub_breadcrumb,
    )
    _state["started"] = True
    return True


def reporting_enabled() -> bool:
    """Whether :func:`init_error_reporting` started Sentry in this process."""
    return bool(_state["started"])


def report_exception(error: BaseException, *, tags: Mapping[str, str | None],
                     user_id: object = None, flush: bool = False) -> str | None:
    """Send ``error`` to Sentry with ``tags`` and the user's id; the event id, or ``None`` when
    Sentry is off. ``flush`` waits (2 s at most) for the event to leave: a job's process may be
    a pool child that exits without running the SDK's exit hook."""
    if not _state["started"]:
        return None
    import sentry_sdk

    with sentry_sdk.new_scope() as scope:
        for name, value in tags.items():
            if value is not None:
                scope.set_tag(name, value)
        if user_id is not None:
            scope.set_user({"id": str(user_id)})
        event_id = sentry_sdk.capture_exception(error)
    if flush:
        sentry_sdk.flush(timeout=2.0)
    return event_id
