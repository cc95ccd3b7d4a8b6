"""The task bodies: generate a story, revise a story. What a queue's worker runs for a job id.

Each body is idempotent (DESIGN §6): it claims the job with a conditional update, so a job that
another worker holds or that already finished is left alone, and the version it produces is
written in the same transaction that marks it succeeded. Whatever goes wrong, the job ends
``failed`` with a message (``try``/``finally``);
:func:`~shortstory.jobs.stale_jobs.sweep_stale_jobs` catches the jobs whose worker died without a
chance to say so.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

import structlog
from sqlalchemy.orm import Session

from shortstory.jobs import job_metrics
from shortstory.jobs.events import DatabaseEventLog, EventLog, SessionScope
from shortstory.jobs.failures import JobFailure, WorkGone
from shortstory.jobs.progress import (
    JobCancelled,
    JobProgress,
    JobTimedOut,
    raised_by_time_limit,
)
from shortstory.observability.error_reporting import report_exception
from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.plan import StoryPlan
from shortstory.storage.jobs import JobRepository
from shortstory.storage.stories import StoryRepository, request_columns, story_request
from shortstory.storage.story_models import Job, Story, StoryVersion
from shortstory.storage.versions import VersionRepository
from shortstory.storage.write_retry import retry_locked_scope
from shortstory.writers import writer_metrics
from shortstory.writers.registry import WriterRegistry

T = TypeVar("T")

INSTRUCTED_COLUMNS = ("premise", "pov", "tense", "target_words")
"""The story's columns an instruction revision may change (the name, POV, tense, length)."""

log = logging.getLogger(__name__)



class TaskRunner:
    """Runs job bodies with sessions from ``session_scope``; ``runner(kind, job_id)``."""

    def __init__(self, session_scope: SessionScope, writers: WriterRegistry,
                 events: EventLog | None = None, *, time_limit_s: float | None = None,
                 time_limit_errors: tuple[type[BaseException], ...] = ()) -> None:
        self._scope = session_scope
        self._time_limit_s = time_limit_s
        # What the host raises when a job runs past its limit (Celery's soft limit), besides
        # our own check at each write.
        self._time_limit_errors: tuple[type[BaseException], ...] = (JobTimedOut,
                                                                    *time_limit_errors)
        self.writers = writers
        self.events: EventLog = events or DatabaseEventLog(session_scope)
        self._running: set[str] = set()
        self._running_lock = threading.Lock()

    def running(self) -> list[str]:
        """Ids of the jobs this runner is running right now (their heartbeat is ours to beat)."""
        with self._running_lock:
            return list(self._running)

    def __call__(self, kind: str, job_id: str) -> None:
        """Run job ``job_id`` of ``kind``."""
        body = {"generate": self.run_generate, "revise": self.run_revise}.get(kind)
        # Every log line of the job (ours, the writers', SQLAlchemy's) carries its id.
        with structlog.contextvars.bound_contextvars(job_id=job_id, job_kind=kind):
            if body is None:
                self._fail(job_id, JobFailure("JOB_FAILED", f"unknown job kind {kind!r}"))
                return
            body(job_id)

    # --- shared steps ----------------------------------------------------------------------

    def _unit(self, work: Callable[[Session], T]) -> T:
        return retry_locked_scope(self._scope, work)

    def _claim(self, job_id: str) -> Job | None:
        def claim(session: Session) -> Job | None:
            jobs = JobRepository(session)
            if not jobs.claim(job_id):
                return None
            job = jobs.get_any(job_id)
            if job is not None:
                session.expunge(job)
            return job

        return self._unit(claim)

    def _fail(self, job_id: str, failure: JobFailure, *, story_failed: bool = False,
              progress: JobProgress | None = None) -> None:
        def fail(session: Session) -> bool:
            jobs = JobRepository(session)
            job = jobs.get_any(job_id)
            if job is None or not jobs.fail(job_id, failure.message, code=failure.code,
                                            error_id=failure.error_id):
                return False
            if story_failed:
                StoryRepository(session).bump(job.story_id, status="failed")
            return True

        try:
            failed = self._unit(fail)
        except Exception:
            log.exception("could not record the failure of job %s", job_id)
            return
        if failed:
            (progress or self._progress(job_id)).finish("error", failure.to_dict())

    def _advance(self, job_id: str, stage: str, progress: float) -> bool:
        return self._unit(lambda session: JobRepository(session).advance(job_id, stage, progress))

    def _progress(self, job_id: str, *, restart: bool = False,
                  timed: bool = False) -> JobProgress:
        deadline = None
        if timed and self._time_limit_s is not None:
            deadline = time.monotonic() + self._time_limit_s
        return JobProgress(job_id, self.events,
                           lambda stage, share: self._advance(job_id, stage, share),
                           restart=restart, deadline=deadline)

    def _stopped(self, job_id: str, progress: JobProgress, *, story_failed: bool) -> None:
        """The row stopped being ``running`` under the job: cancelled, or taken back."""
        def settle(session: Session) -> str | None:
            job = JobRepository(session).get_any(job_id)
            if job is None:
                return None
            if job.status == "cancelled" and story_failed:
                StoryRepository(session).bump(job.story_id, status="cancelled")
            return job.status

        status = self._unit(settle)
        log.info("job %s stopped while running: it is now %s", job_id, status)
        if status == "cancelled":
            progress.finish("cancelled", {})

    def _guarded(self, job_id: str, work: Callable[[Job, JobProgress], None], *,
                 story_failed: bool) -> None:
        job = self._claim(job_id)
        if job is None:
            return  # someone else runs it, or it already finished: nothing to do
        with structlog.contextvars.bound_contextvars(user=job.user_id):
            self._run_claimed(job, work, story_failed=story_failed)

    def _run_claimed(self, job: Job, work: Callable[[Job, JobProgress], None], *,
                     story_failed: bool) -> None:
        job_id = job.id
        progress = self._progress(job_id, restart=job.attempts > 1, timed=True)
        with self._running_lock:
            self._running.add(job_id)
        started = time.monotonic()
        finished = False
        try:
            work(job, progress)
            finished = True
        except JobCancelled:
            self._stopped(job_id, progress, story_failed=story_failed)
            finished = True
        except Exception as exc:
            self._fail(job_id, self._failure(job, exc), story_failed=story_failed,
                       progress=progress)
            finished = True
        finally:
            with self._running_lock:
                self._running.discard(job_id)
            if not finished:  # KeyboardInterrupt, SystemExit: never leave it running
                self._fail(job_id, JobFailure("JOB_INTERRUPTED", "the job was interrupted"),
                           story_failed=story_failed, progress=progress)
            self._count_end(job, time.monotonic() - started)

    def _count_end(self, job: Job, seconds: float) -> None:
        """Count the job in the metrics by the state its row ended in (a job given back to the
        queue, or still running elsewhere, is not counted)."""
        try:
            status = self._unit(lambda session: getattr(
                JobRepository(session).get_any(job.id), "status", None))
        except Exception:
            log.warning("job %s: could not read its final state for the metrics", job.id)
            return
        log.info("job %s %s after %.2f s", job.id, status, seconds)
        if status in ("succeeded", "failed", "cancelled"):
            job_metrics.job_finished(job.kind, status, seconds)

    def _failure(self, job: Job, exc: Exception) -> JobFailure:
        if raised_by_time_limit(exc, self._time_limit_errors):
            log.warning("job %s ran past its time limit of %s s", job.id, self._time_limit_s)
            failure = JobFailure("JOB_TIMEOUT",
                                 f"the job ran past its time limit of {self._time_limit_s:g} s")
        else:
            failure = JobFailure.from_exception(exc)
            log.exception("job %s failed (error_id %s)", job.id, failure.error_id,
                          extra={"error_id": failure.error_id})
        if not isinstance(exc, WorkGone):  # a deleted story is nobody's error
            report_exception(exc, tags={"job_id": job.id, "job_kind": job.kind,
                                        "error_id": failure.error_id,
                                        "error_code": failure.code},
                             user_id=job.user_id, flush=True)
        return failure

    # --- generate --------------------------------------------------------------------------

    def run_generate(self, job_id: str) -> None:
        """Outline -> scaffold -> draft -> analysis for the job's story; version 1 (draft)."""
        self._guarded(job_id, self._generate, story_failed=True)

    def _generate(self, job: Job, progress: JobProgress) -> None:
        from shortstory.pipeline.run import write_story

        def start(session: Session) -> tuple[StoryRequest, str | None] | None:
            story = StoryRepository(session).get_any(job.story_id)
            if story is None:
                raise WorkGone("the story was deleted")
            if story.current_version is not None:
                # Already produced (a redelivered job): mark done, write nothing.
                JobRepository(session).succeed(job.id, story.current_version)
                progress.finish("done", {"version": story.current_version,
                                         "story_id": story.id})
                return None
            StoryRepository(session).bump(story.id, status="running")
            return story_request(story), story.title

        started = self._unit(start)
        if started is None:
            return
        request, own_title = started

        def observe(event: Any) -> None:
            if event.stage == "fallback":
                writer_metrics.FALLBACKS.labels(event.data.get("writer", "")).inc()
            progress(event)

        result = write_story(request, self.writers.build_chain(request.writer), on_event=observe)
        progress.stage("saving", 0.99)
        title = own_title or result.title

        def save(session: Session) -> None:
            stories = StoryRepository(session)
            # The bump takes the story's row lock before the version is written.
            if not stories.bump(job.story_id, status="succeeded", title=title,
                                plan=result.plan.to_dict(), current_version=1,
                                seed=result.plan.seed):
                raise WorkGone("the story was deleted")
            VersionRepository(session).add(
                job.story_id, 1, source="draft", text=result.text, title=title,
                writer=result.writer, model=result.model, tokens_in=result.tokens_in,
                tokens_out=result.tokens_out, analysis=result.analysis,
                provenance=result.provenance, word_count=result.word_count,
            )
            if not JobRepository(session).succeed(job.id, 1):
                raise JobCancelled(job.id)  # rolls the version back: a cancelled job keeps none

        self._unit(save)
        progress.finish("done", {"version": 1, "story_id": job.story_id}, text=result.text)

    # --- revise ----------------------------------------------------------------------------

    def run_revise(self, job_id: str) -> None:
        """Revise the job's base version (cliches, sharpen or an instruction): a new version,
        unless the revision changed nothing."""
        self._guarded(job_id, self._revise, story_failed=False)

    def _revise(self, job: Job, progress: JobProgress) -> None:
        from shortstory.jobs.revision import revise_story_text

        params = job.params or {}
        base_number = int(params["base_version"])

        def load(session: Session) -> tuple[StoryVersion, Story]:
            story = StoryRepository(session).get_any(job.story_id)
            if story is None:
                raise WorkGone("the story was deleted")
            base = VersionRepository(session).get(story.id, base_number)
            if base is None:
                raise WorkGone(f"version {base_number} no longer exists")
            session.expunge_all()
            return base, story

        base, story = self._unit(load)
        base_text, base_title = base.text, base.title
        plan = StoryPlan.from_dict(story.plan) if story.plan else None
        # The plan's request is the story's (its columns follow the plan); a story without a
        # plan is read from its columns.
        request = plan.story_request if plan is not None else story_request(story)

        progress.stage("revise", 0.2)
        revisers = self.writers.build_revisers(story.writer, has_plan=plan is not None)
        revised = revise_story_text(revisers, base_text, params["mode"],
                                    params.get("instruction"), plan, scaffold=request.scaffold,
                                    character=request.premise.character)
        progress.stage("analysis", 0.9)

        if revised.unchanged:
            # Nothing to change (no cliché found, nothing to sharpen, an instruction already
            # true): the job succeeds on the version it started from and keeps no copy of it.
            def settle(session: Session) -> None:
                if not JobRepository(session).succeed(job.id, base_number, changes=0):
                    raise JobCancelled(job.id)

            self._unit(settle)
            progress.finish("done", {"version": base_number, "story_id": job.story_id,
                                     "changes": 0}, text=base_text)
            return

        def save(session: Session) -> int:
            stories = StoryRepository(session)
            versions = VersionRepository(session)
            if not stories.bump(job.story_id):
                raise WorkGone("the story was deleted")
            number = versions.next_number(job.story_id)
            values: dict[str, Any] = {"current_version": number}
            if revised.plan is not None:
                # An instruction may change POV, tense, the name or the length: the story
                # follows its plan.
                values["plan"] = revised.plan.to_dict()
                changed = request_columns(revised.plan.story_request)
                values.update({column: changed[column] for column in INSTRUCTED_COLUMNS})
            versions.add(
                job.story_id, number, source="revision", text=revised.text, title=base_title,
                writer=revised.writer, model=revised.model, parent_number=base_number,
                note=revised.note, analysis=revised.analysis, tokens_in=revised.tokens_in,
                tokens_out=revised.tokens_out, provenance=revised.provenance,
                pov=values.get("pov", base.pov or story.pov),
                tense=values.get("tense", base.tense or story.tense),
                word_count=revised.analysis.get("word_count"),
            )
            stories.bump(job.story_id, **values)
            if not JobRepository(session).succeed(job.id, number, changes=revised.changes):
                raise JobCancelled(job.id)
            return number

        number = self._unit(save)
        progress.finish("done", {"version": number, "story_id": job.story_id},
                        text=revised.text)
