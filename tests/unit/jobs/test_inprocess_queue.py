"""The in-process job queue: bounded, depth visible, runs every job, survives a raising task."""

from __future__ import annotations

import threading

import pytest

from shortstory.jobs.inprocess import InProcessQueue
from shortstory.jobs.queue import JobQueue, QueueFull


def test_full_queue_raises_queue_full_and_frees_capacity_after_jobs_finish() -> None:
    release = threading.Event()
    ran: list[str] = []

    def runner(kind: str, job_id: str) -> None:
        release.wait(5)
        ran.append(job_id)

    queue = InProcessQueue(runner, workers=1, capacity=2)
    assert isinstance(queue, JobQueue)
    queue.enqueue("generate", "a")
    queue.enqueue("generate", "b")
    assert queue.depth() == 2
    with pytest.raises(QueueFull) as info:
        queue.enqueue("generate", "c")
    assert info.value.retry_after > 0
    release.set()
    queue.shutdown(wait=True)
    assert sorted(ran) == ["a", "b"]
    assert queue.depth() == 0


def test_a_raising_task_does_not_leak_capacity() -> None:
    def runner(kind: str, job_id: str) -> None:
        raise RuntimeError("boom")

    queue = InProcessQueue(runner, workers=2, capacity=1)
    for _ in range(3):
        queue.enqueue("revise", "x")
        # Wait for the job to finish before the next one fits in a capacity of 1.
        for _ in range(200):
            if queue.depth() == 0:
                break
            threading.Event().wait(0.01)
    queue.shutdown()
    assert queue.depth() == 0
