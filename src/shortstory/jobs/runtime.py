"""Choosing and holding the application's job backend (one place, chosen by settings).

:func:`init_jobs` is called when the stories API is registered on an app. The queue's threads
start on first use, never at import or at registration, so a forked Gunicorn worker builds its
own. The first stories request of each process, and then one every :data:`SWEEP_EVERY_S`, starts a
sweep of jobs whose worker died (in a background thread, so no request waits for it).
"""

from __future__ import annotations

import logging
import threading
import time

from flask import Flask, current_app

from shortstory.config import Settings
from shortstory.jobs.inprocess import InProcessQueue
from shortstory.jobs.queue import JobQueue
from shortstory.jobs.tasks import TaskRunner, sweep_stale_jobs
from shortstory.storage.session import Database
from shortstory.writers.registry import WriterRegistry

log = logging.getLogger(__name__)

EXTENSION_KEY = "shortstory.jobs"
STALE_AFTER_S = 300.0
"""A job whose heartbeat is this old has lost its worker (progress writes are the heartbeat)."""
SWEEP_EVERY_S = 60.0


class JobsRuntime:
    """The queue of one application and the task runner behind it."""

    def __init__(self, database: Database, settings: Settings) -> None:
        self.database = database
        self.settings = settings
        self.writers = WriterRegistry.from_settings(settings)
        self.runner = TaskRunner(database.session_scope, self.writers)
        self._queue: JobQueue | None = None
        self._lock = threading.Lock()
        self._next_sweep = 0.0

    @property
    def queue(self) -> JobQueue:
        """The job queue, built on first use (after any fork)."""
        with self._lock:
            if self._queue is None:
                # Only the in-process backend exists so far; "celery" arrives with its issue and
                # until then runs jobs in-process too rather than never.
                self._queue = InProcessQueue(
                    self.runner,
                    workers=self.settings.job_workers,
                    capacity=self.settings.job_queue_size,
                )
            return self._queue

    def stats(self) -> dict[str, object]:
        """Backend, depth and capacity of the queue (for health and metrics; builds nothing)."""
        queue = self._queue
        return {
            "backend": "inprocess",
            "depth": queue.depth() if queue is not None else 0,
            "capacity": self.settings.job_queue_size,
            "workers": self.settings.job_workers,
        }

    def sweep_if_due(self) -> None:
        """Start a background sweep of jobs whose worker died, at most every SWEEP_EVERY_S."""
        now = time.monotonic()
        with self._lock:
            if now < self._next_sweep:
                return
            self._next_sweep = now + SWEEP_EVERY_S
        threading.Thread(target=self.sweep, name="shortstory-job-sweep", daemon=True).start()

    def sweep(self, stale_after_s: float = STALE_AFTER_S) -> list[tuple[str, str]]:
        """Requeue or fail stale jobs now; returns what was done."""
        try:
            return list(sweep_stale_jobs(self.database.session_scope, self.queue.enqueue,
                                         stale_after_s=stale_after_s))
        except Exception:
            log.exception("the stale-job sweep failed")
            return []

    def shutdown(self, wait: bool = True) -> None:
        """Stop the queue (graceful shutdown)."""
        if self._queue is not None:
            self._queue.shutdown(wait=wait)


def init_jobs(app: Flask) -> JobsRuntime:
    """Attach a :class:`JobsRuntime` to ``app`` (idempotent)."""
    runtime = app.extensions.get(EXTENSION_KEY)
    if runtime is None:
        from shortstory.storage.session import EXTENSION_KEY as DATABASE_KEY

        runtime = JobsRuntime(app.extensions[DATABASE_KEY], app.config["SHORTSTORY_SETTINGS"])
        app.extensions[EXTENSION_KEY] = runtime
    return runtime


def jobs_runtime() -> JobsRuntime:
    """The current application's jobs runtime."""
    return init_jobs(current_app)
