"""The service's settings: one typed, frozen object, and the one way to the settings an app was
built with (:func:`app_settings`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, current_app

from shortstory.writers.providers import PROCEDURAL, GuardPolicy, ProviderConfig, WriterSetup

Environment = Literal["development", "test", "production"]


ENVIRONMENTS: tuple[str, ...] = ("development", "test", "production")


class ConfigError(Exception):
    """The settings cannot be used; ``problems`` lists every reason, one sentence each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("invalid configuration:\n" + "\n".join(f"  - {p}" for p in problems))


@dataclass(frozen=True)
class Settings:
    """Every setting of the service, typed. Build it with :func:`load_settings`."""

    environment: Environment = "development"
    secret_key: str = ""
    debug: bool = False
    database_url: str = ""
    db_pool_size: int = 5
    db_max_overflow: int = 10
    db_pool_recycle: int = 1800
    db_pool_timeout: int = 30
    db_statement_timeout_ms: int = 30_000
    redis_url: str | None = None
    ratelimit_enabled: bool = True
    ratelimit_default: str = "200 per day;50 per hour"
    ratelimit_generation: str = "10 per minute"
    ratelimit_revision: str = "20 per hour"
    ratelimit_other: str = "100 per hour"
    ratelimit_key_prefix: str = "shortstory"
    max_content_length: int = 1_048_576
    cors_origins: tuple[str, ...] = ()
    trusted_proxies: int = 0
    log_level: str = "INFO"
    log_format: str = "console"
    sentry_dsn: str | None = None
    sentry_sample_rate: float = 1.0
    """Share of errors sent to Sentry (0–1)."""
    sentry_traces_sample_rate: float = 0.0
    """Share of requests and jobs traced for Sentry's performance view (0–1; 0 sends none)."""
    metrics_token: str | None = None
    job_backend: str = "inprocess"
    """``inprocess`` or ``celery``; unset, ``celery`` in production with a broker URL."""
    job_workers: int = 2
    job_queue_size: int = 32
    celery_broker_url: str | None = None
    """The Celery broker when it is not ``REDIS_URL`` (RabbitMQ: ``amqp://…``)."""
    celery_queue_capacity: int = 10_000
    """Most jobs waiting in the broker (both queues) before enqueueing answers 503."""
    job_queue_prefix: str = ""
    """Prepended to the Celery queue names (``generate``, ``revise``) and the worker keys."""
    job_soft_time_limit: int = 600
    """Seconds before a Celery job is told to stop (it fails with a message)."""
    job_hard_time_limit: int = 660
    """Seconds before a Celery job's process is killed (prefork pool)."""
    writers: Mapping[str, ProviderConfig] = field(default_factory=dict)
    """Named OpenAI-compatible providers (``WRITERS``)."""
    writer_chain: tuple[str, ...] = (PROCEDURAL,)
    """Writers tried in order when the one before cannot be reached (``WRITER_CHAIN``)."""
    writer_retries: int = 3
    """Attempts after the first for a retryable provider failure (429, 5xx, timeouts)."""
    writer_breaker_failures: int = 5
    writer_breaker_reset_s: int = 60
    writer_limit_wait_s: float = 120.0
    """Longest a request waits for the shared outbound budget before the writer gives up."""
    writer_keys: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)
    """Provider name -> API key, read from each provider's ``api_key_env`` (never shown)."""
    # Which settings came from the operator rather than from defaults (for check-config).
    explicit: frozenset[str] = field(default=frozenset(), compare=False)

    @property
    def is_production(self) -> bool:
        """True in the ``production`` environment."""
        return self.environment == "production"

    @property
    def broker_url(self) -> str | None:
        """Where Celery jobs are sent: ``CELERY_BROKER_URL``, else ``REDIS_URL``."""
        return self.celery_broker_url or self.redis_url

    @property
    def local_user_enabled(self) -> bool:
        """Whether requests without an API key act as the built-in local user (never production)."""
        return self.environment != "production"

    def writer_setup(self) -> WriterSetup:
        """What the writer registry is built from: providers, chain, keys, guard policy."""
        policy = GuardPolicy(retries=self.writer_retries,
                             breaker_failures=self.writer_breaker_failures,
                             breaker_reset_s=float(self.writer_breaker_reset_s),
                             limit_wait_s=self.writer_limit_wait_s)
        return WriterSetup(providers=dict(self.writers), chain=self.writer_chain,
                           keys=dict(self.writer_keys), policy=policy, redis_url=self.redis_url)

    def masked(self) -> dict[str, Any]:
        """The settings as a plain mapping with every secret masked, for display."""
        shown: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            if f.name in _HIDDEN_FIELDS:
                continue
            value = getattr(self, f.name)
            if f.name in _SECRET_FIELDS and value:
                value = "********"
            elif f.name in _URL_FIELDS and value:
                value = mask_url(value)
            elif isinstance(value, tuple):
                value = list(value)
            elif f.name == "writers":
                value = {name: provider.model_dump() for name, provider in value.items()}
            shown[f.name] = value
        return shown


SETTINGS_KEY = "SHORTSTORY_SETTINGS"
"""Where an app keeps its :class:`Settings` in ``app.config``."""


def bind_settings(app: Flask, settings: Settings) -> None:
    """Make ``settings`` the settings of ``app`` (the app factory does, once)."""
    app.config[SETTINGS_KEY] = settings


def app_settings(app: Flask | None = None) -> Settings:
    """The settings ``app`` was built with; by default the app of the current context."""
    settings: Settings = (app or current_app).config[SETTINGS_KEY]
    return settings


_SECRET_FIELDS = frozenset({"secret_key", "metrics_token", "sentry_dsn"})


_HIDDEN_FIELDS = frozenset({"explicit", "writer_keys"})


_URL_FIELDS = frozenset({"database_url", "redis_url", "celery_broker_url"})


def mask_url(url: str) -> str:
    """``url`` with its password replaced by ``***`` (user, host and path kept)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparseable url>"
    if parts.password is None:
        return url
    user = parts.username or ""
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, f"{user}:***@{host}", parts.path, parts.query, ""))
