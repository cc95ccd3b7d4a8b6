"""Suite-wide fixtures: the real PostgreSQL and Redis the integration tests run against.

``database_url`` and ``redis_url`` come from ``TEST_DATABASE_URL`` / ``TEST_REDIS_URL`` (defaults:
PostgreSQL at 127.0.0.1:5432 database ``test`` with trust auth, Redis at 127.0.0.1:6379 db 0).
When a service does not answer, a test asking for it is skipped, and the session ends with one
loud line naming the missing service; with ``CI=true`` the test fails instead, so continuous
integration can never pass by skipping.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass

import pytest

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
# Trust auth accepts any existing role; which roles exist differs between machines.
DEFAULT_DATABASE_ROLES = ("postgres", "root")
DEFAULT_DATABASE_HOSTPART = "127.0.0.1:5432/test"
PROBE_TIMEOUT_SECONDS = 3


@dataclass
class ServiceProbe:
    """The outcome of looking for one service, kept for the whole session."""

    name: str
    url: str | None
    problem: str | None
    wanted: bool = False


_probes: dict[str, ServiceProbe] = {}


def running_in_ci() -> bool:
    """True when the environment says this is continuous integration (``CI=true``)."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _probe_postgres() -> ServiceProbe:
    import psycopg2

    explicit = os.environ.get("TEST_DATABASE_URL")
    if explicit:
        candidates = [explicit]
    else:
        roles = dict.fromkeys([*DEFAULT_DATABASE_ROLES, getpass.getuser()])
        candidates = [f"postgresql://{role}@{DEFAULT_DATABASE_HOSTPART}" for role in roles]
    problem = "no candidate URL"
    for url in candidates:
        try:
            connection = psycopg2.connect(url, connect_timeout=PROBE_TIMEOUT_SECONDS)
        except psycopg2.Error as exc:
            problem = f"{_redact(url)}: {str(exc).strip().splitlines()[0]}"
            continue
        connection.close()
        return ServiceProbe("PostgreSQL", url, None)
    return ServiceProbe("PostgreSQL", None, problem)


def _probe_redis() -> ServiceProbe:
    import redis

    url = os.environ.get("TEST_REDIS_URL", DEFAULT_REDIS_URL)
    try:
        client = redis.Redis.from_url(
            url,
            socket_connect_timeout=PROBE_TIMEOUT_SECONDS,
            socket_timeout=PROBE_TIMEOUT_SECONDS,
        )
        client.ping()
        client.close()
    except redis.RedisError as exc:
        return ServiceProbe("Redis", None, f"{_redact(url)}: {exc}")
    return ServiceProbe("Redis", url, None)


def _redact(url: str) -> str:
    # Keep the host visible, drop a password if the URL carries one.
    scheme, sep, rest = url.partition("://")
    if "@" in rest:
        credentials, _, host = rest.rpartition("@")
        user = credentials.split(":", 1)[0]
        return f"{scheme}{sep}{user}:***@{host}" if ":" in credentials else url
    return url


def _service_url(key: str) -> str:
    probe = _probes.get(key)
    if probe is None:
        probe = _probe_postgres() if key == "postgres" else _probe_redis()
        _probes[key] = probe
    if probe.url is not None:
        return probe.url
    probe.wanted = True
    message = f"{probe.name} unreachable ({probe.problem})"
    if running_in_ci():
        pytest.fail(f"{message}; CI=true requires every service", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def database_url() -> str:
    """URL of the real PostgreSQL test database (skips, or fails under CI, when unreachable)."""
    return _service_url("postgres")


@pytest.fixture(scope="session")
def redis_url() -> str:
    """URL of the real shared Redis (skips, or fails under CI, when unreachable)."""
    return _service_url("redis")


def _unreachable_in_reports(terminalreporter: pytest.TerminalReporter) -> dict[str, str]:
    """Missing services as the reports name them: under pytest-xdist the probes ran in the test
    processes, and this one has only their reports."""
    found: dict[str, str] = {}
    stats = terminalreporter.stats
    for report in [*stats.get("skipped", ()), *stats.get("failed", ()), *stats.get("error", ())]:
        text = str(getattr(report, "longrepr", "") or "")
        for name in ("PostgreSQL", "Redis"):
            marker = f"{name} unreachable ("
            if marker in text and name not in found:
                found[name] = text.split(marker, 1)[1].split(")", 1)[0]
    return found


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One loud line per missing service, so a skip can not pass unnoticed."""
    missing = {probe.name: probe.problem for probe in _probes.values()
               if probe.url is None and probe.wanted}
    missing = missing or _unreachable_in_reports(terminalreporter)
    for name, problem in missing.items():
        verdict = "FAILED" if running_in_ci() else "SKIPPED"
        terminalreporter.write_line(
            f"!!! {name} NOT REACHABLE ({problem}): the tests that need it were "
            f"{verdict}. Start it, or set TEST_"
            f"{'DATABASE' if name == 'PostgreSQL' else 'REDIS'}_URL. !!!",
            red=True,
            bold=True,
        )
