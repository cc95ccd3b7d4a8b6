"""The embedded job backend: a bounded thread pool inside the web process.

Bounded on purpose: when ``capacity`` jobs are waiting or running, :meth:`enqueue` raises
:class:`~shortstory.jobs.queue.QueueFull` (the API answers 503 with ``Retry-After``) instead of
growing an unbounded backlog that a restart would lose anyway.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from shortstory.jobs.job_metrics import INPROCESS, QUEUE_DEPTH
from shortstory.jobs.queue import QueueFull

log = logging.getLogger(__name__)

TaskRunner = Callable[[str, str], None]
"""Runs one job: ``runner(kind, job_id)``."""


class InProcessQueue:
    """Runs jobs on ``workers`` threads, holding at most ``capacity`` waiting or running jobs."""

    name = "inprocess"

    def __init__(self, runner: TaskRunner, *, workers: int = 2, capacity: int = 32,
                 retry_after: int = 5) -> None:
        if workers < 1 or capacity < 1:
            raise ValueError("workers and capacity must be at least 1")
        self._runner = runner
        self._capacity = capacity
        self._retry_after = retry_after
        self._pending = 0
        self._held: set[str] = set()
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="shortstory-job")
        self._depth = QUEUE_DEPTH.labels(INPROCESS)
        self._depth.set(0)

    def enqueue(self, kind: str, job_id: str) -> None:
        """Queue a job, or raise :class:`QueueFull` when ``capacity`` jobs are in flight."""
        with self._lock:
            if self._pending >= self._capacity:
                raise QueueFull(self._pending, self._capacity, self._retry_after)
            self._pending += 1
            self._held.add(job_id)
            self._depth.set(self._pending)
        try:
            self._pool.submit(self._run, kind, job_id)
        except RuntimeError:
            with self._lock:
                self._pending -= 1
                self._held.discard(job_id)
                self._depth.set(self._pending)
            raise

    def _run(self, kind: str, job_id: str) -> None:
        try:
            self._runner(kind, job_id)
        except Exception:
            # The task body records failures on the job row itself; this only keeps a bug in
            # that recording from killing the worker thread silently.
            log.exception("job %s (%s) raised", job_id, kind)
        finally:
            with self._lock:
                self._pending -= 1
                self._held.discard(job_id)
                self._depth.set(self._pending)

    def held(self) -> list[str]:
        """Ids of the jobs waiting or running here (this process keeps them alive)."""
        with self._lock:
            return list(self._held)

    def depth(self) -> int:
        """Jobs waiting or running."""
        with self._lock:
            return self._pending

    def capacity(self) -> int:
        """The most jobs held at once."""
        return self._capacity

    def shutdown(self, wait: bool = True, *, drop_waiting: bool = False) -> None:
        """Stop the pool; with ``wait``, finish what is queued. ``drop_waiting`` forgets the
        jobs not yet started (their rows stay ``queued``; :meth:`held` still lists them)."""
        self._pool.shutdown(wait=wait, cancel_futures=drop_waiting)
