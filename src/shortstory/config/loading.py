"""Loading the settings: the environment (and a ``.env`` file, without touching ``os.environ``),
then the overrides, then the checks; one ``ConfigError`` lists every problem."""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NoReturn

from shortstory.config.checks import (
    default_job_backend,
    settings_problems,
    writer_keys_from,
)
from shortstory.config.settings import (
    ConfigError,
    Settings,
)
from shortstory.config.sources import (
    apply_overrides,
    default_database_url,
    normalise_database_url,
    read_environment,
)

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
    values, explicit = read_environment(source, problems)
    apply_overrides(overrides or {}, values, explicit, problems)

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

    values["writer_keys"] = writer_keys_from(values.get("writers") or {}, source, problems)
    try:
        settings = Settings(**values, explicit=frozenset(explicit))
    except TypeError as exc:  # a wrongly typed override from code
        raise ConfigError([*problems, str(exc)]) from None
    problems.extend(settings_problems(settings))
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
