"""What makes settings unusable, per environment: every problem is collected, none raised alone,
so an operator fixes them all in one go."""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit

from shortstory.config.settings import (
    ENVIRONMENTS,
    Settings,
)
from shortstory.writers.providers import (
    PROCEDURAL,
    ProviderConfig,
)

LOG_LEVELS: tuple[str, ...] = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


LOG_FORMATS: tuple[str, ...] = ("console", "json")


JOB_BACKENDS: tuple[str, ...] = ("inprocess", "celery")


BROKER_SCHEMES: tuple[str, ...] = ("redis", "rediss", "amqp", "amqps", "pyamqp")


MIN_SECRET_KEY_LENGTH = 32


_ORIGIN_RE = re.compile(r"^https?://[A-Za-z0-9.\-\[\]:]+$")


def _check_limit(name: str, value: str, problems: list[str]) -> None:
    from limits import parse_many

    try:
        if not parse_many(value):
            raise ValueError
    except ValueError:
        problems.append(f"{name}={value!r} is not a rate limit (example: '10 per minute')")


def settings_problems(s: Settings) -> list[str]:
    """Every reason ``s`` cannot be used in its environment, one sentence each."""
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


def writer_keys_from(writers: Mapping[str, ProviderConfig], source: Mapping[str, str],
                     problems: list[str]) -> dict[str, str]:
    """Each provider's API key, read from the variable its ``api_key_env`` names in ``source``."""
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
