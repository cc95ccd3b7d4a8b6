"""Fixtures for the Celery backend tests: a database of their own, a queue prefix of this run's
own on the shared Redis, real ``shortstory worker`` processes, and the app in Celery mode.

The database is private (not ``app_database_url``): a worker sweeps every stale job in the
database it serves, and must neither take other tests' jobs nor have its own taken by their
servers.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from celery_harness import STORY, Worker, forget_broker_keys, launch_worker, wait_ready
from flask import Flask
from live_server import run_shortstory
from support.fault_llm import FaultLLMServer

from shortstory.app import create_app
from shortstory.storage.scratch import scratch_database


@pytest.fixture(scope="session")
def jobs_database_url(database_url: str,
                      tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh PostgreSQL database, migrated by ``shortstory db upgrade``, dropped at the end."""
    with scratch_database(database_url, "shortstory_jobs") as url:
        result = run_shortstory(["db", "upgrade"], {"DATABASE_URL": url},
                                tmp_path_factory.mktemp("jobs-migrate"))
        assert result.returncode == 0, f"db upgrade failed:\n{result.stdout}\n{result.stderr}"
        yield url


@pytest.fixture(scope="module")
def slow_llm() -> Iterator[FaultLLMServer]:
    """The fault-injecting model server, streaming a few words every 20 ms."""
    with FaultLLMServer(chunk_delay_s=0.02, words_per_chunk=3) as server:
        server.set_prose(person="third", tense="past", name=STORY["premise"]["character"]["name"])
        yield server


@pytest.fixture(scope="session")
def queue_prefix(redis_url: str) -> Iterator[str]:
    """This run's queue names and worker keys on the shared Redis; removed at the end."""
    prefix = f"it{secrets.token_hex(4)}."
    yield prefix
    forget_broker_keys(redis_url, prefix)


@pytest.fixture
def worker_env(jobs_database_url: str, redis_url: str, queue_prefix: str) -> dict[str, str]:
    """The environment of a Celery deployment on the test database and the shared Redis."""
    return {
        "SHORTSTORY_ENV": "test",
        "DATABASE_URL": jobs_database_url,
        "REDIS_URL": redis_url,
        "JOB_BACKEND": "celery",
        "JOB_QUEUE_PREFIX": queue_prefix,
        "LOG_LEVEL": "INFO",
        "LOG_FORMAT": "console",
    }


@pytest.fixture
def start_workers(worker_env: dict[str, str], redis_url: str, queue_prefix: str,
                  tmp_path: Path) -> Iterator[Callable[..., list[Worker]]]:
    """Factory: ``start_workers("a", "b", concurrency=2)`` starts them together, returns them
    ready; every worker started is stopped when the test ends."""
    started: list[Worker] = []

    def start(*names: str, concurrency: int = 2, env: dict[str, str] | None = None
              ) -> list[Worker]:
        workers = []
        for name in names:
            hostname = f"{queue_prefix}{name}@localhost"
            worker = launch_worker({**worker_env, **(env or {})}, tmp_path / "workers",
                                   hostname, concurrency=concurrency)
            started.append(worker)
            workers.append(worker)
        for worker in workers:
            wait_ready(worker, redis_url, queue_prefix)
        return workers

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def make_celery_app(jobs_database_url: str, redis_url: str,
                    queue_prefix: str) -> Iterator[Callable[..., Flask]]:
    """Factory: the app in Celery mode (test environment: the built-in local user, no limits)."""
    apps: list[Flask] = []

    def build(**overrides: Any) -> Flask:
        app = create_app({
            "environment": "test", "log_level": "WARNING", "database_url": jobs_database_url,
            "redis_url": redis_url, "job_backend": "celery", "job_queue_prefix": queue_prefix,
            "ratelimit_enabled": False, **overrides,
        })
        apps.append(app)
        return app

    yield build
    for app in apps:
        runtime = app.extensions.get("shortstory.jobs")
        if runtime is not None:
            runtime.shutdown(wait=False)
        app.extensions["shortstory.database"].engine.dispose()
