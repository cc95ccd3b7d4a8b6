"""A running job's progress: the row's stage and heartbeat, and the events a client streams.

:class:`JobProgress` is the pipeline's ``on_event`` for one job. It keeps the draft as the
pipeline assembles it (beats joined by a blank line, a redrafted beat replacing its text) and
every :data:`FLUSH_EVERY_S` writes what changed: the row's stage and progress (a conditional
update, which also tells it when the job was cancelled) and the events a client appends, so the
text a client builds from ``chunk`` and ``rewrite`` events is the stored version exactly.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from shortstory.jobs.events import EventLog
from shortstory.pipeline.run import StageEvent

log = logging.getLogger(__name__)

FLUSH_EVERY_S = 0.25
"""Least time between two writes while drafting (a stage change and the first text always write)."""

EventData = tuple[str, dict[str, Any]]


class JobCancelled(Exception):
    """The job's row is no longer ``running`` (cancelled, or taken back by the sweep)."""


class JobTimedOut(Exception):
    """The job ran past its time limit (``JOB_SOFT_TIME_LIMIT``)."""


def raised_by_time_limit(exc: BaseException,
                         limits: tuple[type[BaseException], ...] = (JobTimedOut,)) -> bool:
    """Whether ``exc`` is one of the time ``limits`` or was raised while handling one: Celery's
    soft limit arrives inside whatever the job was doing, and a writer reports what broke its
    provider call as its own failure."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, limits):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


class DraftMirror:
    """The draft as the pipeline assembles it, and the events that bring a client up to date."""

    def __init__(self, *, restart: bool = False) -> None:
        self._beats: dict[int, list[str]] = {}
        self.sent = ""
        """The text a client holds after the events handed out so far."""
        self._restart = restart

    def add(self, beat: int, text: str, *, reset: bool = False) -> None:
        """A chunk of beat ``beat``; ``reset`` replaces the beat's text so far."""
        if reset or beat not in self._beats:
            self._beats[beat] = []
        self._beats[beat].append(text)

    def text(self) -> str:
        """The draft so far, assembled as the pipeline assembles the story."""
        parts = ("".join(self._beats[beat]).strip() for beat in sorted(self._beats))
        return "\n\n".join(part for part in parts if part)

    def catch_up(self, target: str | None = None) -> list[EventData]:
        """The event (none, a ``chunk`` or a ``rewrite``) that turns :attr:`sent` into ``target``
        (the draft so far by default); :attr:`sent` then holds ``target``."""
        target = self.text() if target is None else target
        if self._restart:
            # A new attempt: whatever an earlier attempt streamed is wrong from the start.
            self._restart = False
            self.sent = target
            return [("rewrite", {"at": 0, "text": target})]
        if target == self.sent:
            return []
        previous = self.sent
        kept = _common_prefix(previous, target)
        self.sent = target
        if kept == len(previous):
            return [("chunk", {"text": target[kept:]})]
        return [("rewrite", {"at": kept, "text": target[kept:]})]


def _common_prefix(a: str, b: str) -> int:
    """Length of the longest common prefix of ``a`` and ``b``."""
    n = min(len(a), len(b))
    low, high = 0, n
    # Binary search on slice equality: C-speed comparisons instead of a Python loop per char.
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


class JobProgress:
    """``on_event`` for one running job: batches events, writes them with the row's progress.

    ``advance(stage, progress)`` updates the job's row and answers whether it is still
    ``running``; when it is not (cancelled, or the sweep gave it to another worker) the next
    write raises :class:`JobCancelled`, so the pipeline stops at its next chunk or stage; past
    ``deadline`` (a ``clock`` reading) the next event raises :class:`JobTimedOut` instead.
    Events that could not be written (the log unreachable) stay pending for the next write:
    the job's outcome is on its row either way.
    """

    def __init__(self, job_id: str, events: EventLog, advance: Callable[[str, float], bool], *,
                 restart: bool = False, every_s: float = FLUSH_EVERY_S,
                 deadline: float | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.job_id = job_id
        self._deadline = deadline
        self._log = events
        self._advance = advance
        self._every_s = every_s
        self._clock = clock
        self.mirror = DraftMirror(restart=restart)
        self._pending: list[EventData] = []
        self._stage = "starting"
        self._progress = 0.0
        self._sent_progress = -1.0
        self._last_write = float("-inf")

    def __call__(self, event: Any) -> None:
        """Take one pipeline :class:`~shortstory.pipeline.run.StageEvent`."""
        self._check_deadline()
        self._progress = float(event.progress)
        if event.kind == "stage":
            self._pending.extend(self.mirror.catch_up())
            self._stage = event.stage
            self._pending.append(("stage", {"stage": event.stage, "progress": self._progress,
                                            **event.data}))
            self.write()
        elif event.kind == "chunk":
            data = event.data or {}
            self.mirror.add(int(data.get("beat", 0)), event.text, reset=bool(data.get("reset")))
            first_text = not self.mirror.sent
            if first_text or self._clock() - self._last_write >= self._every_s:
                self.write()

    def stage(self, stage: str, progress: float) -> None:
        """A stage of the job's own (``saving``), written at once."""
        self._progress = progress
        self(StageEvent("stage", stage, progress=progress))

    def write(self) -> None:
        """Write the row's stage and progress and the pending events now.

        :raises JobCancelled: the row is no longer running.
        :raises JobTimedOut: the deadline has passed.
        """
        self._check_deadline()
        self._pending.extend(self.mirror.catch_up())
        if self._progress != self._sent_progress:
            self._pending.append(("progress", {"progress": round(self._progress, 4)}))
        self._last_write = self._clock()
        if not self._advance(self._stage, self._progress):
            raise JobCancelled(self.job_id)
        self._sent_progress = self._progress
        self._append(self._pending)

    def _check_deadline(self) -> None:
        if self._deadline is not None and self._clock() > self._deadline:
            raise JobTimedOut(self.job_id)

    def finish(self, kind: str, data: dict[str, Any], *, text: str | None = None) -> None:
        """End the stream: bring the draft to ``text`` (the stored version), then ``kind``."""
        if text is not None:
            self._pending.extend(self.mirror.catch_up(text))
        self._pending.append((kind, data))
        self._append(self._pending)

    def _append(self, pending: list[EventData]) -> None:
        if not pending:
            return
        try:
            self._log.append(self.job_id, list(pending))
        except Exception:
            log.warning("could not write %d events of job %s; keeping them for the next write",
                        len(pending), self.job_id, exc_info=True)
            return
        pending.clear()

