"""Choosing and holding the application's job backend (one place, chosen by settings).

:func:`init_jobs` is called when the stories API is registered on an app. Threads start on first
use or with :meth:`JobsRuntime.start_background` (Gunicorn's ``post_worker_init``, the Celery
worker), never at import or at registration, so a forked process builds its own: the queue's, and
the upkeep thread that beats the heartbeat of the jobs this process holds and sweeps up the jobs
of processes that died (:mod:`shortstory.jobs.background`).
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

from flask import Flask, current_app

from shortstory.config import Settings, app_settings
from shortstory.jobs.background import STALE_AFTER_S, JobUpkeep
from shortstory.jobs.events import build_event_log
from shortstory.jobs.inprocess import InProcessQueue
from shortstory.jobs.queue import JobQueue
from shortstory.jobs.stale_jobs import sweep_stale_jobs
from shortstory.jobs.tasks import TaskRunner
from shortstory.storage.jobs import JobRepository
from shortstory.storage.session import Database
from shortstory.storage.story_models import utcnow
from shortstory.writers.registry import WriterRegistry

log = logging.getLogger(__name__)

EXTENSION_KEY = "shortstory.jobs"


class JobsRuntime:
    """The queue of one application and the task runner behind it."""

    def __init__(self, database: Database, settings: Settings, *,
                 time_limit_errors: tuple[type[BaseException], ...] = ()) -> None:
        self.database = database
        self.settings = settings
        self.writers = WriterRegistry(settings.writer_setup())
        self.events = build_event_log(settings, database)
        self.runner = TaskRunner(database.session_scope, self.writers, self.events,
                                 time_limit_s=settings.job_soft_time_limit,
                                 time_limit_errors=time_limit_errors)
        self._queue: JobQueue | None = None
        self._lock = threading.Lock()
        self.upkeep = JobUpkeep(self.heartbeat, self.sweep)

    @property
    def queue(self) -> JobQueue:
        """The job queue, built on first use (after any fork)."""
        with self._lock:
            if self._queue is None:
                if self.settings.job_backend == "celery":
                    # Imported here: Celery is loaded only by processes that send to it.
                    from shortstory.jobs.celery_backend import CeleryQueue

                    self._queue = CeleryQueue.from_settings(self.settings)
                else:
                    self._queue = InProcessQueue(
                        self.runner,
                        workers=self.settings.job_workers,
                        capacity=self.settings.job_queue_size,
                    )
            return self._queue

    def stats(self) -> dict[str, object]:
        """Backend, depth per queue, capacity and the newest worker heartbeat (for health and
        metrics; starts no thread, and a broker that does not answer shows as ``None``)."""
        if self.settings.job_backend == "celery":
            from shortstory.jobs.celery_backend import CeleryQueue

            queue = self.queue  # a client object only: it connects when asked
            assert isinstance(queue, CeleryQueue)
            return queue.stats()
        depth = self._queue.depth() if self._queue is not None else 0
        return {
            "backend": "inprocess",
            "queues": {"inprocess": depth},
            "depth": depth,
            "capacity": self.settings.job_queue_size,
            "workers": self.settings.job_workers,
            "worker_heartbeat_age_s": None,
        }

    def start_background(self) -> None:
        """Start the upkeep thread (heartbeats and sweeps) of this process, once."""
        self.upkeep.start()

    def held(self) -> list[str]:
        """Ids of the unfinished jobs this process holds: queued in its memory or running."""
        held = set(self.runner.running())
        queue = self._queue
        held_by_queue = getattr(queue, "held", None)
        if callable(held_by_queue):
            held.update(held_by_queue())
        return sorted(held)

    def heartbeat(self) -> int:
        """Mark the jobs this process holds as alive; returns how many rows were touched."""
        held = self.held()
        if not held:
            return 0
        with self.database.session_scope() as session:
            return JobRepository(session).heartbeat(held)

    def sweep(self, stale_after_s: float = STALE_AFTER_S) -> list[tuple[str, str]]:
        """Requeue or fail stale jobs now, no more than the queue has room for."""
        try:
            queue = self.queue
            room = max(0, queue.capacity() - queue.depth())
            return list(sweep_stale_jobs(
                self.database.session_scope, queue.enqueue, stale_after_s=stale_after_s,
                queued_stale_after_s=self._queued_stale_after_s(stale_after_s), limit=room,
                events=self.events))
        except Exception:
            log.exception("the stale-job sweep failed")
            return []

    def _queued_stale_after_s(self, stale_after_s: float) -> float:
        """A queued job is only this process's to keep alive in-process; a broker keeps queued
        jobs safe, and a worker that died holding one unacknowledged gets it redelivered after
        the visibility timeout — the sweep waits past that."""
        if self.settings.job_backend != "celery":
            return stale_after_s
        return 2.0 * self.settings.job_hard_time_limit + 120

    def drain(self, timeout_s: float, *, poll_s: float = 0.1) -> list[str]:
        """Graceful stop of the jobs this process holds: take no more, give the running ones up
        to ``timeout_s`` to finish, then give back to the queue whatever is left (running or
        waiting in memory) so that the next process runs it. Returns the ids given back.

        A job given back while its thread still runs stops at its next progress write (its row
        is no longer ``running``) and writes nothing more.
        """
        self.upkeep.stop()
        queue = self._queue
        if queue is None:
            return []
        if isinstance(queue, InProcessQueue):
            queue.shutdown(wait=False, drop_waiting=True)
        deadline = time.monotonic() + max(0.0, timeout_s)
        while self.runner.running() and time.monotonic() < deadline:
            time.sleep(poll_s)
        left = self.held()
        if not left:
            return []
        try:
            with self.database.session_scope() as session:
                released = JobRepository(session).release(
                    left, heartbeat_at=utcnow() - timedelta(days=1))
        except Exception:
            log.exception("could not give jobs %s back to the queue; the sweep will", left)
            return []
        log.warning("stopping: gave %d job(s) back to the queue: %s", released, ", ".join(left))
        return left

    def shutdown(self, wait: bool = True) -> None:
        """Stop the upkeep and the queue (graceful shutdown)."""
        self.upkeep.stop()
        if self._queue is not None:
            self._queue.shutdown(wait=wait)


def init_jobs(app: Flask) -> JobsRuntime:
    """Attach a :class:`JobsRuntime` to ``app`` (idempotent)."""
    runtime = app.extensions.get(EXTENSION_KEY)
    if runtime is None:
        from shortstory.storage.session import EXTENSION_KEY as DATABASE_KEY

        runtime = JobsRuntime(app.extensions[DATABASE_KEY], app_settings(app))
        app.extensions[EXTENSION_KEY] = runtime
    return runtime


def jobs_runtime() -> JobsRuntime:
    """The current application's jobs runtime."""
    return init_jobs(current_app)
