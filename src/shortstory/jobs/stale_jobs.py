"""Jobs whose worker died: found by their stopped heartbeat, requeued or failed for good."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import timedelta

from sqlalchemy.orm import Session

from shortstory.jobs.events import EventLog, SessionScope
from shortstory.jobs.failures import JobFailure
from shortstory.storage.jobs import JobRepository
from shortstory.storage.stories import StoryRepository
from shortstory.storage.story_models import utcnow
from shortstory.storage.write_retry import retry_locked_scope

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
"""A job whose worker died this many times is failed instead of requeued."""


def sweep_stale_jobs(session_scope: SessionScope, requeue: Callable[[str, str], None], *,
                     stale_after_s: float = 30.0, queued_stale_after_s: float | None = None,
                     limit: int = 100, events: EventLog | None = None,
                     ) -> Iterator[tuple[str, str]]:
    """Find unfinished jobs whose heartbeat stopped: their worker died.

    A running job is stale after ``stale_after_s`` without a heartbeat, a queued one after
    ``queued_stale_after_s`` (the same by default; a broker keeps queued jobs safe, so the Celery
    backend waits longer). At most ``limit`` are taken. Each is requeued (through
    ``requeue(kind, job_id)``) while it has attempts left, else failed in our error shape. The
    requeue is a conditional update on the stale heartbeat, so of two processes sweeping at once
    only one takes a job. Yields ``(job_id, "requeued" | "failed")`` for each one handled.
    """
    now = utcnow()
    running_before = now - timedelta(seconds=stale_after_s)
    queued_before = now - timedelta(seconds=queued_stale_after_s or stale_after_s)
    if limit < 1:
        return

    def find(session: Session) -> list[tuple[str, str, int, str]]:
        return [(job.id, job.kind, job.attempts, job.story_id)
                for job in JobRepository(session).stale(running_before, queued_before, limit)]

    for job_id, kind, attempts, story_id in retry_locked_scope(session_scope, find):
        failure = JobFailure("WORKER_LOST", "the worker running this job stopped; gave up "
                                            f"after {attempts} attempts")

        def settle(session: Session, job_id: str = job_id, kind: str = kind,
                   attempts: int = attempts, story_id: str = story_id,
                   failure: JobFailure = failure) -> str | None:
            jobs = JobRepository(session)
            stale_before = max(running_before, queued_before)
            if attempts < MAX_ATTEMPTS:
                return "requeued" if jobs.requeue(job_id, stale_before=stale_before) else None
            if jobs.fail(job_id, failure.message, code=failure.code, error_id=failure.error_id):
                if kind == "generate":
                    StoryRepository(session).bump(story_id, status="failed")
                return "failed"
            return None

        outcome = retry_locked_scope(session_scope, settle)
        if outcome is None:
            continue  # another process took it, or it came back to life
        log.warning("stale job %s (%s, %d attempts): %s", job_id, kind, attempts, outcome)
        if outcome == "requeued":
            try:
                requeue(kind, job_id)
            except Exception:
                # Left queued with a fresh heartbeat: a later sweep (here or elsewhere) retries.
                log.exception("could not requeue stale job %s", job_id)
        elif events is not None:
            try:
                events.append(job_id, [("error", failure.to_dict())])
            except Exception:
                log.warning("could not write the error event of job %s", job_id, exc_info=True)
        yield job_id, outcome
