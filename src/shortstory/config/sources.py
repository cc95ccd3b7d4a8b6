"""Where each setting comes from: every environment variable mapped to its setting in one table
(:data:`SETTINGS_TABLE`), how each is parsed, and explicit overrides (tests) applied on top."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shortstory.config.settings import (
    Settings,
)
from shortstory.writers.providers import (
    build_providers,
    parse_chain,
    parse_writers,
)

_TRUE = {"1", "true", "yes", "on"}


_FALSE = {"0", "false", "no", "off", ""}


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


def read_environment(
    environ: Mapping[str, str], problems: list[str]
) -> tuple[dict[str, Any], set[str]]:
    """The settings ``environ`` sets, parsed by the table, and their names; what does not parse
    is added to ``problems``."""
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


def apply_overrides(
    overrides: Mapping[str, Any], values: dict[str, Any], explicit: set[str], problems: list[str]
) -> None:
    """``overrides`` (by setting or variable name) put over ``values``, parsed when given as
    text; an unknown name or a bad value is added to ``problems``."""
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
