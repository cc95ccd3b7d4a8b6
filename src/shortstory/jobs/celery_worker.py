"""The worker side of the Celery backend: the task bodies, the heartbeat, running a worker.

Only ``shortstory worker`` imports this module; the web process sends tasks by name. A task body
is :class:`~shortstory.jobs.tasks.TaskRunner` (``runner(kind, job_id)``), which claims the job
with a conditional update, so a message delivered twice runs its job at most once.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import redis
from celery import Celery, signals
from celery.exceptions import SoftTimeLimitExceeded

from shortstory.config import Settings
from shortstory.jobs.celery_backend import (
    TASK_NAMES,
    build_celery,
    heartbeat_redis_url,
    queue_names,
)
from shortstory.jobs.heartbeats import WorkerHeartbeats, heartbeat_prefix
from shortstory.jobs.runtime import JobsRuntime
from shortstory.jobs.worker_metrics import WorkerMetricsServer
from shortstory.storage.session import Database

log = logging.getLogger(__name__)

HEARTBEAT_EVERY_S = 5.0


class ProcessRuntime:
    """One :class:`JobsRuntime` per process, built on first use.

    A prefork pool's children are forked from the worker: each builds its own runtime (database
    pool, writers) instead of sharing connections its parent opened.
    """

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._runtime: JobsRuntime | None = None

    def get(self) -> JobsRuntime:
        """This process's runtime."""
        with self._lock:
            if self._runtime is None or self._pid != os.getpid():
                self._runtime = JobsRuntime(Database.from_settings(self._settings),
                                            self._settings,
                                            time_limit_errors=(SoftTimeLimitExceeded,))
                self._pid = os.getpid()
            return self._runtime

    def shutdown(self) -> None:
        """Stop this process's runtime, if it was built here."""
        with self._lock:
            runtime, self._runtime = self._runtime, None
        if runtime is not None and self._pid == os.getpid():
            runtime.shutdown(wait=False)
            runtime.database.engine.dispose()


def _task_body(runtime: ProcessRuntime, kind: str) -> Callable[[str], None]:
    def run(job_id: str) -> None:
        runtime.get().runner(kind, job_id)

    run.__name__ = f"run_{kind}"
    return run


def register_tasks(app: Celery, runtime: ProcessRuntime) -> None:
    """Register one task per job kind on ``app``, each running its job through ``runtime``."""
    for kind, name in TASK_NAMES.items():
        app.task(name=name, ignore_result=True)(_task_body(runtime, kind))


class Heartbeat:
    """Beats for ``hostname`` every ``every_s`` seconds in a daemon thread until stopped."""

    def __init__(self, heartbeats: WorkerHeartbeats, hostname: str,
                 every_s: float = HEARTBEAT_EVERY_S) -> None:
        self._heartbeats = heartbeats
        self._hostname = hostname
        self._every_s = every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="shortstory-heartbeat",
                                        daemon=True)

    def start(self) -> None:
        """Beat now and then every ``every_s``."""
        self._thread.start()

    def stop(self) -> None:
        """Stop beating and remove this worker's key."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=self._every_s + 1)
        with contextlib.suppress(redis.RedisError):  # else the key expires on its own
            self._heartbeats.forget(self._hostname)
        self._heartbeats.close()

    def _run(self) -> None:
        while True:
            try:
                self._heartbeats.beat(self._hostname)
            except redis.RedisError as exc:
                log.warning("worker heartbeat not written: %s", exc)
            if self._stop.wait(self._every_s):
                return


def _say_in_json() -> None:
    """Celery prints its shutdown banners ("worker: Warm shutdown") straight to a file
    descriptor from its signal handlers; in a JSON log they become JSON lines too. Written with
    one ``os.write`` and no lock, as Celery's own function does: it runs inside a signal handler.
    """
    import celery.apps.worker

    def say(message: str, stream: Any = sys.__stderr__) -> None:
        line = json.dumps({"event": message.strip(), "level": "info",
                           "logger": "celery.worker",
                           "timestamp": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
                           }) + "\n"
        with contextlib.suppress(OSError, ValueError, AttributeError):
            os.write(stream.fileno(), line.encode())

    celery.apps.worker.safe_say = say


def run_worker(settings: Settings, *, hostname: str, pool: str, concurrency: int,
               kinds: Sequence[str], metrics: WorkerMetricsServer | None = None) -> int:
    """Consume the queues of ``kinds`` until a signal stops the worker; its exit code.

    Logging is the app's (``LOG_LEVEL``, ``LOG_FORMAT``). Once the worker is ready it starts the
    runtime's background work (the stale-job sweeper) and its heartbeat. ``metrics``, when
    given, is serving already; a pool child that stops drops its live gauges from it.
    """
    from shortstory.web.error_reporting import init_error_reporting
    from shortstory.web.log_config import configure_logging

    configure_logging(settings.log_level, settings.log_format)
    init_error_reporting(settings, celery=True)
    if settings.log_format == "json":
        _say_in_json()
    app = build_celery(settings)
    runtime = ProcessRuntime(settings)
    register_tasks(app, runtime)
    heartbeat_url = heartbeat_redis_url(settings)
    heartbeat = None
    if heartbeat_url:
        client = redis.Redis.from_url(heartbeat_url, socket_connect_timeout=2, socket_timeout=2)
        heartbeat = Heartbeat(
            WorkerHeartbeats(client, heartbeat_prefix(settings.job_queue_prefix)), hostname)
    queues = [queue_names(settings)[kind] for kind in kinds]

    def keep_our_logging(**_: Any) -> None:
        # Any receiver stops Celery from configuring logging itself.
        configure_logging(settings.log_level, settings.log_format)

    def on_ready(sender: Any = None, **_: Any) -> None:
        if getattr(sender, "app", None) is not app:
            return
        runtime.get().start_background()
        if heartbeat is not None:
            heartbeat.start()
        log.info("worker %s ready: queues %s, pool %s x %d", hostname, ", ".join(queues), pool,
                 concurrency)

    def on_child_start(**_: Any) -> None:
        # A prefork child runs the jobs, so it beats their heartbeats (the upkeep of the
        # process holding them): without it a healthy child's long job would look stale.
        runtime.get().start_background()

    def on_child_stop(**_: Any) -> None:
        runtime.shutdown()
        if metrics is not None:
            metrics.process_exited(os.getpid())

    receivers: list[tuple[Any, Callable[..., None]]] = [
        (signals.setup_logging, keep_our_logging),
        (signals.worker_ready, on_ready),
        (signals.worker_process_init, on_child_start),
        (signals.worker_process_shutdown, on_child_stop),
    ]
    for signal, receiver in receivers:
        signal.connect(receiver, weak=False)
    worker = app.Worker(hostname=hostname, pool_cls=pool, concurrency=concurrency,
                        queues=queues, loglevel=settings.log_level, quiet=True,
                        without_mingle=True, without_gossip=True, without_heartbeat=True)
    try:
        worker.start()
    finally:
        for signal, receiver in receivers:
            signal.disconnect(receiver)
        if heartbeat is not None:
            heartbeat.stop()
        runtime.shutdown()
    return int(worker.exitcode or 0)
