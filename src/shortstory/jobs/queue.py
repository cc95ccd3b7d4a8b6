"""The job queue interface every backend implements, and its domain exceptions."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


class QueueFull(RuntimeError):
    """The queue holds as many jobs as it may: try again after ``retry_after`` seconds."""

    def __init__(self, depth: int, capacity: int, retry_after: int = 5) -> None:
        super().__init__(f"the job queue is full ({depth} of {capacity}); retry later")
        self.depth = depth
        self.capacity = capacity
        self.retry_after = retry_after


class QueueUnavailable(RuntimeError):
    """The queue's broker cannot be reached, so nothing was queued: try again after
    ``retry_after`` seconds."""

    def __init__(self, reason: str, retry_after: int = 5) -> None:
        super().__init__(f"the job queue is unavailable ({reason}); retry later")
        self.reason = reason
        self.retry_after = retry_after


@runtime_checkable
class JobQueue(Protocol):
    """Carries job ids to whatever runs them.

    Enqueue only after the job's row is committed: the worker reads the row, and a job that
    reaches a worker before its row exists would be lost.
    """

    name: str

    def enqueue(self, kind: str, job_id: str) -> None:
        """Queue job ``job_id`` of ``kind`` (``"generate"`` or ``"revise"``).

        :raises QueueFull: the queue is at capacity; nothing was queued.
        :raises QueueUnavailable: the broker cannot be reached; nothing was queued.
        """
        ...

    def depth(self) -> int:
        """Jobs waiting or running right now (for health and metrics)."""
        ...

    def capacity(self) -> int:
        """The most jobs the queue holds before :meth:`enqueue` raises :class:`QueueFull`."""
        ...

    def shutdown(self, wait: bool = True) -> None:
        """Stop taking jobs; with ``wait``, let queued and running ones finish."""
        ...
