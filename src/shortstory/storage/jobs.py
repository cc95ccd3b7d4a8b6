"""The jobs repository: every query on ``jobs`` lives here.

State changes are conditional ``UPDATE``s (``… WHERE status = 'queued'``), so two workers handed
the same job id cannot both run it, and a finished job is never reopened.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from shortstory.storage.retry import retrying_read
from shortstory.storage.story_models import Job, utcnow

ACTIVE = ("queued", "running")
FINISHED = ("succeeded", "failed", "cancelled")


class JobRepository:
    """Jobs of one database session; flushes, never commits."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def create(self, user_id: Any, story_id: str, kind: str, *,
               params: dict[str, Any] | None = None, idempotency_key: str | None = None,
               request_hash: str | None = None) -> Job:
        """A new ``queued`` job."""
        job = Job(user_id=user_id, story_id=story_id, kind=kind, status="queued", progress=0.0,
                  attempts=0, params=params, idempotency_key=idempotency_key,
                  request_hash=request_hash, heartbeat_at=utcnow())
        self.session.add(job)
        self.session.flush()
        return job

    def get(self, user_id: Any, job_id: str) -> Job | None:
        """The job if it exists and belongs to ``user_id``."""
        return self.session.scalar(select(Job).where(Job.id == job_id, Job.user_id == user_id))

    def get_any(self, job_id: str) -> Job | None:
        """The job whoever owns it, freshly read."""
        return self.session.get(Job, job_id, populate_existing=True)

    def by_idempotency_key(self, user_id: Any, key: str) -> Job | None:
        """The job a previous request with this ``Idempotency-Key`` created, if any."""
        return self.session.scalar(
            select(Job).where(Job.user_id == user_id, Job.idempotency_key == key)
        )

    def _transition(self, job_id: str, from_status: tuple[str, ...], **values: Any) -> bool:
        statement = (
            update(Job)
            .where(Job.id == job_id, Job.status.in_(from_status))
            .values(heartbeat_at=utcnow(), **values)
            .execution_options(synchronize_session=False)
        )
        return cast("CursorResult[Any]", self.session.execute(statement)).rowcount == 1

    def claim(self, job_id: str) -> bool:
        """Move a queued job to ``running``; False if it is not queued (someone has it)."""
        return self._transition(job_id, ("queued",), status="running", started_at=utcnow(),
                                attempts=Job.attempts + 1, stage="starting", error=None)

    def advance(self, job_id: str, stage: str, progress: float) -> bool:
        """Record the stage reached and the progress (0–1) of a running job."""
        return self._transition(job_id, ("running",), stage=stage,
                                progress=max(0.0, min(1.0, progress)))

    def succeed(self, job_id: str, result_version: int | None, *,
                changes: int | None = None) -> bool:
        """Mark a running job succeeded with the version it produced (for a revision that
        changed nothing, the version it started from, with ``changes=0``)."""
        return self._transition(job_id, ("running",), status="succeeded", stage="done",
                                progress=1.0, result_version=result_version, changes=changes,
                                finished_at=utcnow())

    def fail(self, job_id: str, message: str, *, code: str = "JOB_FAILED",
             error_id: str | None = None) -> bool:
        """Mark an unfinished job failed with ``message`` (and our error shape's code and id)."""
        return self._transition(job_id, ACTIVE, status="failed", error=message[:2000],
                                error_code=code, error_id=error_id, finished_at=utcnow())

    def cancel(self, job_id: str) -> bool:
        """Cancel a queued or running job; False when it had already finished."""
        return self._transition(job_id, ACTIVE, status="cancelled", finished_at=utcnow())

    def requeue(self, job_id: str, *, stale_before: datetime | None = None) -> bool:
        """Put an unfinished job back in the queue (its task body is idempotent).

        With ``stale_before``, only while its heartbeat is still older than that: of two
        sweeps that found the same stale job, one takes it.
        """
        statement = (
            update(Job)
            .where(Job.id == job_id, Job.status.in_(ACTIVE))
            .values(status="queued", stage=None, heartbeat_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        if stale_before is not None:
            statement = statement.where(Job.heartbeat_at < stale_before)
        return cast("CursorResult[Any]", self.session.execute(statement)).rowcount == 1

    def release(self, job_ids: list[str], *, heartbeat_at: datetime) -> int:
        """Give unfinished jobs back to the queue when their process stops (graceful shutdown):
        ``queued``, the attempt a running one had begun not counted, and the heartbeat set to
        ``heartbeat_at`` (long ago: the next process's sweep takes them at once). Returns how
        many rows changed."""
        if not job_ids:
            return 0
        released = 0
        # A claim counted the running ones' attempt (so theirs is at least 1).
        for status, attempts in (("running", Job.attempts - 1), ("queued", Job.attempts)):
            statement = (
                update(Job)
                .where(Job.id.in_(job_ids), Job.status == status)
                .values(status="queued", stage=None, heartbeat_at=heartbeat_at,
                        attempts=attempts)
                .execution_options(synchronize_session=False)
            )
            released += cast("CursorResult[Any]", self.session.execute(statement)).rowcount
        return released

    def heartbeat(self, job_ids: list[str]) -> int:
        """Mark the unfinished jobs among ``job_ids`` as alive now; returns how many."""
        if not job_ids:
            return 0
        statement = (
            update(Job)
            .where(Job.id.in_(job_ids), Job.status.in_(ACTIVE))
            .values(heartbeat_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        return cast("CursorResult[Any]", self.session.execute(statement)).rowcount

    def stale(self, running_before: datetime, queued_before: datetime | None = None,
              limit: int = 100) -> list[Job]:
        """Unfinished jobs whose heartbeat stopped: running ones before ``running_before``,
        queued ones before ``queued_before`` (the same cutoff when ``None``)."""
        queued_before = running_before if queued_before is None else queued_before
        return list(self.session.scalars(
            select(Job)
            .where(or_(and_(Job.status == "running", Job.heartbeat_at < running_before),
                       and_(Job.status == "queued", Job.heartbeat_at < queued_before)))
            .order_by(Job.created_at)
            .limit(limit)
        ))

    def active_for_story(self, story_id: str) -> list[Job]:
        """Jobs of the story that are still queued or running."""
        return list(self.session.scalars(
            select(Job).where(Job.story_id == story_id, Job.status.in_(ACTIVE))
        ))

    @retrying_read
    def count_by_status(self) -> dict[str, int]:
        """How many jobs are in each state, every state present (zero when none)."""
        counts = dict.fromkeys((*ACTIVE, *FINISHED), 0)
        rows = self.session.execute(select(Job.status, func.count()).group_by(Job.status))
        for status, count in rows:
            counts[status] = int(count)
        return counts

    @retrying_read
    def count_by_kind_and_status(self) -> dict[tuple[str, str], int]:
        """How many jobs of each kind are in each state (only the pairs that occur)."""
        rows = self.session.execute(
            select(Job.kind, Job.status, func.count()).group_by(Job.kind, Job.status))
        return {(str(kind), str(status)): int(count) for kind, status, count in rows}
