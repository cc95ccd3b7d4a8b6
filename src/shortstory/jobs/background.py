"""A process's job upkeep, on its own schedule: heartbeats for the jobs it holds, and sweeps.

Every :data:`HEARTBEAT_EVERY_S` the process marks the jobs it holds (queued in its own memory or
running on its threads) as alive; every :data:`SWEEP_EVERY_S` (with jitter, so processes spread
out) it looks for jobs nobody has marked for :data:`STALE_AFTER_S` — their process died — and
requeues them. No request is needed for either: a killed Gunicorn worker's jobs are picked up by
its siblings within about ``STALE_AFTER_S + SWEEP_EVERY_S`` seconds.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)

HEARTBEAT_EVERY_S = 5.0
STALE_AFTER_S = 20.0
"""Four missed heartbeats: the process holding the job is gone."""
SWEEP_EVERY_S = 10.0


class JobUpkeep:
    """A daemon thread calling ``beat()`` every ``beat_every_s`` and ``sweep()`` about every
    ``sweep_every_s``; a failing call is logged and the loop goes on."""

    def __init__(self, beat: Callable[[], object], sweep: Callable[[], object], *,
                 beat_every_s: float = HEARTBEAT_EVERY_S,
                 sweep_every_s: float = SWEEP_EVERY_S) -> None:
        self._beat = beat
        self._sweep = sweep
        self._beat_every_s = beat_every_s
        self._sweep_every_s = sweep_every_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        """Whether the thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start the thread (once; a forked child must start its own)."""
        with self._lock:
            if self.running:
                return
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name="shortstory-job-upkeep",
                                            daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Stop the thread and wait up to ``timeout`` for it."""
        self._stop.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _loop(self) -> None:
        next_sweep = self._beat_every_s * random.uniform(0.2, 1.0)
        waited = 0.0
        step = min(self._beat_every_s, self._sweep_every_s)
        while not self._stop.wait(step):
            waited += step
            self._call(self._beat, "heartbeat")
            if waited >= next_sweep:
                self._call(self._sweep, "sweep")
                next_sweep = waited + self._sweep_every_s * random.uniform(0.8, 1.2)

    @staticmethod
    def _call(work: Callable[[], object], what: str) -> None:
        try:
            work()
        except Exception:
            log.warning("job %s failed; trying again later", what, exc_info=True)
