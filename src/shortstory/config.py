"""The service's settings: one typed object, read from the environment, validated per environment.

Every environment variable is mapped to its setting in one table (:data:`SETTINGS_TABLE`).
:func:`load_settings` reads the process environment (and a ``.env`` file when present, without
touching ``os.environ``), applies explicit overrides (tests) last, and validates the result for the
chosen environment. Every problem is collected into one :class:`ConfigError`, so an operator fixes
them all in one go; :func:`app_settings` is the one way to the settings an app was built with.
Nothing here runs at import time.
"""

from __future__ import annotations

import dataclasses
import os
import re
import secrets
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NoReturn
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, current_app

from shortstory.writers.providers import (
    PROCEDURAL,
    ProviderConfig,
    build_providers,
    parse_chain,
    parse_writers,
)

Environment = Literal["development", "test", "production"]
ENVIRONMENTS: tuple[str, ...] = ("development", "test", "production")
LOG_LEVELS: tuple[str, ...] = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS: tuple[str, ...] = ("console", "json")
JOB_BACKENDS: tuple[str, ...] = ("inprocess", "celery")
BROKER_SCHEMES: tuple[str, ...] = ("redis", "rediss", "amqp", "amqps", "pyamqp")
MIN_SECRET_KEY_LENGTH = 32

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_ORIGIN_RE = re.compile(r"^https?://[A-Za-z0-9.\-\[\]:]+$")


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


def _parse_bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError("must be true or false")


def _parse_int(raw: str) -> int:
    try:
        return int(raw.strip())
    except ValueError:
        raise ValueError("must be a whole number") from None


def _parse_float(raw: str) -> float:
    try:
        return float(raw.strip())
    except ValueError:
        raise ValueError("must be a number") from None


def _parse_str(raw: str) -> str:
    return raw.strip()


def _parse_optional(raw: str) -> str | None:
    return raw.strip() or None


def _parse_list(raw: str) -> tuple[str, ...]:
    return tuple(item.strip().rstrip("/") for item in raw.split(",") if item.strip())


def _parse_lower(raw: str) -> str:
    return raw.strip().lower()


def _parse_upper(raw: str) -> str:
    return raw.strip().upper()


@dataclass(frozen=True)
class SettingSource:
    """One row of the table: the environment variables for a setting and how to parse them."""

    field: str
    env: tuple[str, ...]
    parse: Callable[[str], Any]


SETTINGS_TABLE: tuple[SettingSource, ...] = (
    SettingSource("environment", ("SHORTSTORY_ENV", "FLASK_ENV"), _parse_lower),
    SettingSource("secret_key", ("SECRET_KEY",), _parse_str),
    SettingSource("debug", ("DEBUG",), _parse_bool),
    SettingSource("database_url", ("DATABASE_URL",), _parse_str),
    SettingSource("db_pool_size", ("DB_POOL_SIZE",), _parse_int),
    SettingSource("db_max_overflow", ("DB_MAX_OVERFLOW",), _parse_int),
    SettingSource("db_pool_recycle", ("DB_POOL_RECYCLE",), _parse_int),
    SettingSource("db_pool_timeout", ("DB_POOL_TIMEOUT",), _parse_int),
    SettingSource("db_statement_timeout_ms", ("DB_STATEMENT_TIMEOUT_MS",), _parse_int),
    SettingSource("redis_url", ("REDIS_URL",), _parse_optional),
    SettingSource("ratelimit_enabled", ("RATELIMIT_ENABLED",), _parse_bool),
    SettingSource("ratelimit_default", ("RATELIMIT_DEFAULT",), _parse_str),
    SettingSource("ratelimit_generation", ("RATELIMIT_GENERATION",), _parse_str),
    SettingSource("ratelimit_revision", ("RATELIMIT_REVISION",), _parse_str),
    SettingSource("ratelimit_other", ("RATELIMIT_OTHER",), _parse_str),
    SettingSource("ratelimit_key_prefix", ("RATELIMIT_KEY_PREFIX",), _parse_str),
    SettingSource("max_content_length", ("MAX_CONTENT_LENGTH",), _parse_int),
    SettingSource("cors_origins", ("CORS_ORIGINS",), _parse_list),
    SettingSource("trusted_proxies", ("TRUSTED_PROXIES",), _parse_int),
    SettingSource("log_level", ("LOG_LEVEL",), _parse_upper),
    SettingSource("log_format", ("LOG_FORMAT",), _parse_lower),
    SettingSource("sentry_dsn", ("SENTRY_DSN",), _parse_optional),
    SettingSource("sentry_sample_rate", ("SENTRY_SAMPLE_RATE",), _parse_float),
    SettingSource("sentry_traces_sample_rate", ("SENTRY_TRACES_SAMPLE_RATE",), _parse_float),
    SettingSource("metrics_token", ("METRICS_TOKEN",), _parse_optional),
    SettingSource("job_backend", ("JOB_BACKEND",), _parse_lower),
    SettingSource("job_workers", ("JOB_WORKERS",), _parse_int),
    SettingSource("job_queue_size", ("JOB_QUEUE_SIZE",), _parse_int),
    SettingSource("celery_broker_url", ("CELERY_BROKER_URL",), _parse_optional),
    SettingSource("celery_queue_capacity", ("CELERY_QUEUE_CAPACITY",), _parse_int),
    SettingSource("job_queue_prefix", ("JOB_QUEUE_PREFIX",), _parse_str),
    SettingSource("job_soft_time_limit", ("JOB_SOFT_TIME_LIMIT",), _parse_int),
    SettingSource("job_hard_time_limit", ("JOB_HARD_TIME_LIMIT",), _parse_int),
    SettingSource("writers", ("WRITERS",), parse_writers),
    SettingSource("writer_chain", ("WRITER_CHAIN",), parse_chain),
    SettingSource("writer_retries", ("WRITER_RETRIES",), _parse_int),
    SettingSource("writer_breaker_failures", ("WRITER_BREAKER_FAILURES",), _parse_int),
    SettingSource("writer_breaker_reset_s", ("WRITER_BREAKER_RESET_S",), _parse_int),
    SettingSource("writer_limit_wait_s", ("WRITER_LIMIT_WAIT_S",), _parse_float),
)
"""Environment variable(s) → setting. The first variable present wins (``SHORTSTORY_ENV`` before
its alias ``FLASK_ENV``)."""

_ENV_TO_FIELD = {name: row.field for row in SETTINGS_TABLE for name in row.env}
_FIELDS = {f.name for f in dataclasses.fields(Settings)} - {"explicit"}


def default_database_url(base: Path | None = None) -> str:
    """The embedded default: a SQLite file under ``./var/`` of the working directory."""
    root = (base or Path.cwd()).resolve()
    return f"sqlite:///{root / 'var' / 'shortstory.sqlite3'}"


def normalise_database_url(url: str) -> str:
    """Accept Heroku's ``postgres://`` spelling as ``postgresql://``."""
    if url.startswith("postgres://"):
        return "postgresql://" + url[len("postgres://") :]
    return url


def _read_environment(
    environ: Mapping[str, str], problems: list[str]
) -> tuple[dict[str, Any], set[str]]:
    values: dict[str, Any] = {}
    explicit: set[str] = set()
    for row in SETTINGS_TABLE:
        for name in row.env:
            if name in environ:
                try:
                    values[row.field] = row.parse(environ[name])
                except ValueError as exc:
                    problems.append(f"{name}={environ[name]!r} {exc}")
                explicit.add(row.field)
                break
    return values, explicit


def _apply_overrides(
    overrides: Mapping[str, Any], values: dict[str, Any], explicit: set[str], problems: list[str]
) -> None:
    for key, value in overrides.items():
        name = key if key in _FIELDS else _ENV_TO_FIELD.get(key, "")
        if name not in _FIELDS:
            problems.append(f"unknown setting {key!r} in overrides")
            continue
        if isinstance(value, str):
            row = next(r for r in SETTINGS_TABLE if r.field == name)
            try:
                value = row.parse(value)
            except ValueError as exc:
                problems.append(f"{key}={value!r} {exc}")
                continue
        elif name in ("cors_origins", "writer_chain") and value is not None:
            value = tuple(value)
        elif name == "writers" and value is not None:
            try:
                value = build_providers(value)
            except ValueError as exc:
                problems.append(f"{key} {exc}")
                continue
        values[name] = value
        explicit.add(name)


def _check_limit(name: str, value: str, problems: list[str]) -> None:
    from limits import parse_many

    try:
        if not parse_many(value):
            raise ValueError
    except ValueError:
        problems.append(f"{name}={value!r} is not a rate limit (example: '10 per minute')")


def _validate(s: Settings) -> list[str]:
    problems: list[str] = []
    if s.environment not in ENVIRONMENTS:
        problems.append(
            f"SHORTSTORY_ENV={s.environment!r} must be one of {', '.join(ENVIRONMENTS)}"
        )
    for name, value, minimum in (
        ("DB_POOL_SIZE", s.db_pool_size, 1),
        ("DB_MAX_OVERFLOW", s.db_max_overflow, 0),
        ("DB_POOL_RECYCLE", s.db_pool_recycle, 1),
        ("DB_POOL_TIMEOUT", s.db_pool_timeout, 1),
        ("DB_STATEMENT_TIMEOUT_MS", s.db_statement_timeout_ms, 0),
        ("MAX_CONTENT_LENGTH", s.max_content_length, 1),
        ("TRUSTED_PROXIES", s.trusted_proxies, 0),
        ("JOB_WORKERS", s.job_workers, 1),
        ("JOB_QUEUE_SIZE", s.job_queue_size, 1),
        ("CELERY_QUEUE_CAPACITY", s.celery_queue_capacity, 1),
        ("JOB_SOFT_TIME_LIMIT", s.job_soft_time_limit, 1),
        ("WRITER_RETRIES", s.writer_retries, 0),
        ("WRITER_BREAKER_FAILURES", s.writer_breaker_failures, 1),
        ("WRITER_BREAKER_RESET_S", s.writer_breaker_reset_s, 1),
        ("WRITER_LIMIT_WAIT_S", s.writer_limit_wait_s, 0),
    ):
        if value < minimum:
            problems.append(f"{name}={value} must be at least {minimum}")
    scheme = urlsplit(s.database_url).scheme.split("+")[0]
    if scheme not in ("sqlite", "postgresql"):
        problems.append("DATABASE_URL must be a postgresql:// or sqlite:// URL")
    if s.redis_url and urlsplit(s.redis_url).scheme not in ("redis", "rediss", "unix"):
        problems.append("REDIS_URL must be a redis://, rediss:// or unix:// URL")
    for name, limit in (
        ("RATELIMIT_DEFAULT", s.ratelimit_default),
        ("RATELIMIT_GENERATION", s.ratelimit_generation),
        ("RATELIMIT_REVISION", s.ratelimit_revision),
        ("RATELIMIT_OTHER", s.ratelimit_other),
    ):
        _check_limit(name, limit, problems)
    for origin in s.cors_origins:
        if origin != "*" and not _ORIGIN_RE.match(origin):
            problems.append(f"CORS_ORIGINS entry {origin!r} is not an origin like https://host")
    if not re.fullmatch(r"[A-Za-z0-9._:-]{1,64}", s.ratelimit_key_prefix):
        problems.append("RATELIMIT_KEY_PREFIX must be 1-64 letters, digits or . _ : -")
    if s.log_level not in LOG_LEVELS:
        problems.append(f"LOG_LEVEL={s.log_level!r} must be one of {', '.join(LOG_LEVELS)}")
    for name, rate in (("SENTRY_SAMPLE_RATE", s.sentry_sample_rate),
                       ("SENTRY_TRACES_SAMPLE_RATE", s.sentry_traces_sample_rate)):
        if not 0.0 <= rate <= 1.0:
            problems.append(f"{name}={rate:g} must be between 0 and 1")
    if s.log_format not in LOG_FORMATS:
        problems.append(f"LOG_FORMAT={s.log_format!r} must be one of {', '.join(LOG_FORMATS)}")
    problems.extend(_job_problems(s))
    problems.extend(_writer_problems(s))
    if s.environment == "production":
        explicit = s.explicit
        if "secret_key" not in explicit or not s.secret_key:
            problems.append("SECRET_KEY is required in production")
        elif len(s.secret_key) < MIN_SECRET_KEY_LENGTH:
            problems.append(
                f"SECRET_KEY must be at least {MIN_SECRET_KEY_LENGTH} characters in production"
            )
        if "database_url" not in explicit:
            problems.append("DATABASE_URL is required in production")
        elif scheme == "sqlite":
            problems.append("DATABASE_URL must be PostgreSQL in production, not SQLite")
        if s.debug:
            problems.append("DEBUG must be off in production")
        if "*" in s.cors_origins:
            problems.append("CORS_ORIGINS must not be '*' in production")
    return problems


def _job_problems(s: Settings) -> list[str]:
    problems: list[str] = []
    if s.job_backend not in JOB_BACKENDS:
        problems.append(f"JOB_BACKEND={s.job_backend!r} must be one of {', '.join(JOB_BACKENDS)}")
    elif s.job_backend == "celery" and not s.broker_url:
        problems.append("JOB_BACKEND=celery needs a broker: set REDIS_URL or CELERY_BROKER_URL")
    if s.celery_broker_url and urlsplit(s.celery_broker_url).scheme not in BROKER_SCHEMES:
        problems.append(f"CELERY_BROKER_URL must be a {', '.join(BROKER_SCHEMES)} URL")
    if s.job_hard_time_limit <= s.job_soft_time_limit:
        problems.append(f"JOB_HARD_TIME_LIMIT={s.job_hard_time_limit} must be more than "
                        f"JOB_SOFT_TIME_LIMIT={s.job_soft_time_limit}")
    if not re.fullmatch(r"[A-Za-z0-9._:-]{0,64}", s.job_queue_prefix):
        problems.append("JOB_QUEUE_PREFIX must be at most 64 letters, digits or . _ : -")
    return problems


def default_job_backend(environment: str, broker_url: str | None) -> str:
    """Celery in production when there is a broker to send jobs to, else the in-process pool."""
    return "celery" if environment == "production" and broker_url else "inprocess"


def _writer_keys(writers: Mapping[str, ProviderConfig], source: Mapping[str, str],
                 problems: list[str]) -> dict[str, str]:
    keys: dict[str, str] = {}
    for name, provider in writers.items():
        if not provider.api_key_env:
            continue
        key = source.get(provider.api_key_env, "").strip()
        if key:
            keys[name] = key
        else:
            problems.append(f"WRITERS: provider {name!r} reads its key from "
                            f"{provider.api_key_env}, which is not set")
    return keys


def _writer_problems(s: Settings) -> list[str]:
    problems: list[str] = []
    if not s.writer_chain:
        problems.append("WRITER_CHAIN must name at least one writer")
    known = {PROCEDURAL, *s.writers}
    for name in s.writer_chain:
        if name not in known:
            problems.append(f"WRITER_CHAIN names {name!r}, which is neither {PROCEDURAL!r} nor "
                            f"a provider in WRITERS ({', '.join(sorted(known))})")
    if len(set(s.writer_chain)) != len(s.writer_chain):
        problems.append("WRITER_CHAIN names a writer twice")
    return problems


DEVELOPMENT_RATE_LIMITS: Mapping[str, str] = {
    "ratelimit_default": "5000 per day;1000 per hour",
    "ratelimit_generation": "60 per minute",
    "ratelimit_revision": "300 per hour",
    "ratelimit_other": "2000 per hour",
}
"""The limits of the development environment when none is set: a developer clicking through a
front end must not hit production's 50 per hour in minutes (production and tests keep the
defaults of :class:`Settings`)."""


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    dotenv_path: str | os.PathLike[str] | None = ".env",
) -> Settings:
    """Read, type and validate the settings.

    :param overrides: explicit values (by setting name or environment variable name); they win.
    :param environ: the environment to read (default: ``os.environ``).
    :param dotenv_path: a ``.env`` file read *under* the environment when it exists; ``None`` to
        skip it. ``os.environ`` is never modified.
    :raises ConfigError: listing every problem found.
    """
    source: dict[str, str] = {}
    if dotenv_path is not None and Path(dotenv_path).is_file():
        from dotenv import dotenv_values

        source.update({k: v for k, v in dotenv_values(dotenv_path).items() if v is not None})
    source.update(os.environ if environ is None else environ)

    problems: list[str] = []
    values, explicit = _read_environment(source, problems)
    _apply_overrides(overrides or {}, values, explicit, problems)

    environment = values.get("environment", "development")
    if not values.get("secret_key") and environment != "production":
        # Development and tests only: a fresh secret per process (sessions do not survive a
        # restart, which is fine there). Production refuses to start without one instead.
        values["secret_key"] = secrets.token_urlsafe(48)
    values["database_url"] = normalise_database_url(
        values.get("database_url") or default_database_url()
    )
    if environment == "development":
        for name, limit in DEVELOPMENT_RATE_LIMITS.items():
            values.setdefault(name, limit)
    if "log_format" not in explicit:
        values["log_format"] = "json" if environment == "production" else "console"
    if "job_backend" not in explicit:
        values["job_backend"] = default_job_backend(
            environment, values.get("celery_broker_url") or values.get("redis_url"))

    values["writer_keys"] = _writer_keys(values.get("writers") or {}, source, problems)
    try:
        settings = Settings(**values, explicit=frozenset(explicit))
    except TypeError as exc:  # a wrongly typed override from code
        raise ConfigError([*problems, str(exc)]) from None
    problems.extend(_validate(settings))
    if problems:
        raise ConfigError(problems)
    return settings


def load_settings_or_exit(
    overrides: Mapping[str, Any] | None = None, *, exit_code: int = 2
) -> Settings:
    """:func:`load_settings`, or print one readable message to stderr and exit (no traceback)."""
    try:
        return load_settings(overrides)
    except ConfigError as exc:
        _exit_with(exc, exit_code)


def _exit_with(exc: ConfigError, exit_code: int) -> NoReturn:
    lines = ["shortstory: the configuration is invalid; fix these and start again:"]
    lines += [f"  - {problem}" for problem in exc.problems]
    print("\n".join(lines), file=sys.stderr, flush=True)
    raise SystemExit(exit_code)
