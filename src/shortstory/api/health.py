"""Health: ``/health/live`` (the process answers), ``/health/ready`` (what the instance needs to
serve is reachable: the database, migrations at head, the job broker and Redis with
``JOB_BACKEND=celery``; 503 naming what failed; a Redis that only holds rate limits is
``degraded`` but ready),
``/health`` (details for people and dashboards, the job queues and worker heartbeat included)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

import psutil
from flask import Blueprint, current_app
from sqlalchemy import text

from shortstory import __version__
from shortstory.config import app_settings
from shortstory.errors import ServiceUnavailable
from shortstory.storage.engine import pool_status
from shortstory.storage.redis_connection import redis_client
from shortstory.storage.session import database

blueprint = Blueprint("health", __name__, url_prefix="/health")

STARTED_AT_KEY = "shortstory.started_at"


def _check_database() -> dict[str, Any]:
    with database().engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    return {}


def _check_migrations() -> dict[str, Any]:
    # Alembic costs half a second to import: paid by the first readiness probe, not worker boot.
    from shortstory.storage.migrate import current_revision, head_revisions

    current = current_revision(database().engine)
    heads = list(head_revisions())
    if current not in heads:
        raise RuntimeError(f"database at revision {current}, code expects {', '.join(heads)}")
    return {"revision": current}


def _check_redis() -> dict[str, Any]:
    client = redis_client()
    assert client is not None
    client.ping()
    return {}


def _check_broker() -> dict[str, Any]:
    from shortstory.jobs.celery_backend import CeleryQueue
    from shortstory.jobs.runtime import jobs_runtime

    queue = jobs_runtime().queue
    assert isinstance(queue, CeleryQueue)
    queue.ping()
    return {}


def _run_checks() -> dict[str, dict[str, Any]]:
    settings = app_settings()
    checks: dict[str, Callable[[], dict[str, Any]]] = {
        "database": _check_database,
        "migrations": _check_migrations,
    }
    if settings.redis_url:
        checks["redis"] = _check_redis
    if settings.job_backend == "celery":
        # Jobs cannot be queued without it: not ready, even when the broker is not REDIS_URL.
        checks["broker"] = _check_broker
    results: dict[str, dict[str, Any]] = {}
    for name, check in checks.items():
        started = time.perf_counter()
        try:
            result = {"status": "ok", **check()}
        except Exception as exc:
            # The class name and message say which dependency and why, without secrets: the
            # driver's messages name host and port, never the password.
            result = {"status": "fail", "error": f"{type(exc).__name__}: {_first_line(exc)}"}
        result["latency_ms"] = round((time.perf_counter() - started) * 1000, 2)
        results[name] = result
        if name == "database" and result["status"] == "fail":
            results["migrations"] = {"status": "skipped", "latency_ms": 0.0}
            break
    return results


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [""])[0][:300]


@blueprint.get("/live")
def live() -> dict[str, Any]:
    """The process is up and answering."""
    return {"status": "ok"}


def _optional_checks() -> frozenset[str]:
    """Checks whose failure leaves the instance serving every request: Redis when it only holds
    rate limits (they fall back to per-process memory) and breaker states. With the Celery job
    backend Redis carries the jobs' events too, so it is needed."""
    settings = app_settings()
    return frozenset() if settings.job_backend == "celery" else frozenset({"redis"})


@blueprint.get("/ready")
def ready() -> dict[str, Any]:
    """What the instance needs to serve answers and the schema is current; else 503 naming the
    failing checks. A failing optional dependency is ``degraded``, still ready (200)."""
    checks = _run_checks()
    failed = [name for name, result in checks.items() if result["status"] == "fail"]
    optional = _optional_checks()
    failing = [name for name in failed if name not in optional]
    if failing:
        raise ServiceUnavailable(
            f"Not ready: {', '.join(failing)} failing.", {"failing": failing, "checks": checks}
        )
    degraded = [name for name in failed if name in optional]
    if degraded:
        return {"status": "degraded", "degraded": degraded, "checks": checks}
    return {"status": "ready", "checks": checks}


def _process_stats() -> dict[str, Any]:
    process = psutil.Process(os.getpid())
    with process.oneshot():
        stats: dict[str, Any] = {
            "pid": process.pid,
            "memory_rss_bytes": process.memory_info().rss,
            # Since the previous call in this process (the first call reports 0.0).
            "cpu_percent": process.cpu_percent(interval=None),
            "threads": process.num_threads(),
        }
        try:
            stats["open_fds"] = process.num_fds()
        except (AttributeError, psutil.Error):
            stats["open_fds"] = None
    return stats


def _jobs() -> dict[str, object]:
    """The job backend, what waits in each queue, and how long ago a worker last beat."""
    from shortstory.jobs.runtime import jobs_runtime

    return jobs_runtime().stats()


def _writers() -> dict[str, Any]:
    """The chain and each provider's breaker state and outbound budget left (no keys)."""
    from shortstory.jobs.runtime import jobs_runtime

    registry = jobs_runtime().writers
    return {"chain": list(registry.chain), "providers": registry.health()}


@blueprint.get("")
def details() -> dict[str, Any]:
    """Each check with its latency, pool counters, process figures, version, uptime, environment."""
    settings = app_settings()
    checks = _run_checks()
    healthy = all(result["status"] == "ok" for result in checks.values())
    started = current_app.extensions.get(STARTED_AT_KEY, time.time())
    return {
        "status": "ok" if healthy else "degraded",
        "version": __version__,
        "environment": settings.environment,
        "uptime_seconds": round(time.time() - started, 1),
        "checks": checks,
        "database": {
            "backend": database().engine.dialect.name,
            "pool": pool_status(database().engine),
        },
        "rate_limit_storage": "redis" if settings.redis_url else "memory",
        "jobs": _jobs(),
        "writers": _writers(),
        "process": _process_stats(),
    }
