"""The task bodies: generate a story, revise a story. What a queue's worker runs for a job id.

Each body is idempotent (DESIGN §6): it claims the job with a conditional update, so a job that
another worker holds or that already finished is left alone, and the version it produces is
written in the same transaction that marks it succeeded. Whatever goes wrong, the job ends
``failed`` with a message (``try``/``finally``); :func:`sweep_stale_jobs` catches the jobs whose
worker died without a chance to say so.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import timedelta
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from shortstory.pipeline.models import StoryRequest
from shortstory.storage.jobs import JobRepository
from shortstory.storage.stories import StoryRepository
from shortstory.storage.story_models import Job, Story, StoryVersion, utcnow
from shortstory.storage.versions import VersionRepository
from shortstory.storage.write_retry import retry_locked_scope
from shortstory.writers import writer_metrics
from shortstory.writers.registry import WriterRegistry

T = TypeVar("T")

log = logging.getLogger(__name__)

SessionScope = Callable[[], AbstractContextManager[Session]]
"""Opens a unit of work: a session committed on success, rolled back on error."""

PROGRESS_INTERVAL_S = 0.25
"""Least time between two progress writes while drafting (a stage change always writes)."""

MAX_ATTEMPTS = 3
"""A job whose worker died this many times is failed instead of requeued."""


def story_request(story: Story) -> StoryRequest:
    """The validated request a story was made from (rebuilt from its columns)."""
    return StoryRequest.model_validate({
        "premise": story.premise,
        "genre": story.genre,
        "structure": story.structure,
        "scaffold": {"pov": story.pov, "tense": story.tense, "tone": story.tone,
                     "style": story.style},
        "target_words": story.target_words,
        "writer": story.writer,
        "seed": story.seed,
    })


class TaskRunner:
    """Runs job bodies with sessions from ``session_scope``; ``runner(kind, job_id)``."""

    def __init__(self, session_scope: SessionScope, writers: WriterRegistry) -> None:
        self._scope = session_scope
        self.writers = writers

    def __call__(self, kind: str, job_id: str) -> None:
        """Run job ``job_id`` of ``kind``."""
        body = {"generate": self.run_generate, "revise": self.run_revise}.get(kind)
        if body is None:
            self._fail(job_id, f"unknown job kind {kind!r}")
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

    def _fail(self, job_id: str, message: str, *, story_failed: bool = False) -> None:
        def fail(session: Session) -> None:
            jobs = JobRepository(session)
            job = jobs.get_any(job_id)
            if job is not None and jobs.fail(job_id, message) and story_failed:
                StoryRepository(session).bump(job.story_id, status="failed")

        try:
            self._unit(fail)
        except Exception:
            log.exception("could not record the failure of job %s", job_id)

    def _progress(self, job_id: str, stage: str, progress: float) -> None:
        self._unit(lambda session: JobRepository(session).advance(job_id, stage, progress))

    def _guarded(self, job_id: str, work: Callable[[Job], None], *, story_failed: bool) -> None:
        job = self._claim(job_id)
        if job is None:
            return  # someone else runs it, or it already finished: nothing to do
        finished = False
        try:
            work(job)
            finished = True
        except Exception as exc:
            log.exception("job %s failed", job_id)
            self._fail(job_id, _describe(exc), story_failed=story_failed)
            finished = True
        finally:
            if not finished:  # KeyboardInterrupt, SystemExit: never leave it running
                self._fail(job_id, "the job was interrupted", story_failed=story_failed)

    # --- generate --------------------------------------------------------------------------

    def run_generate(self, job_id: str) -> None:
        """Outline -> scaffold -> draft -> analysis for the job's story; version 1 (draft)."""
        self._guarded(job_id, self._generate, story_failed=True)

    def _generate(self, job: Job) -> None:
        from shortstory.pipeline.run import write_story

        def start(session: Session) -> tuple[StoryRequest, str | None] | None:
            story = StoryRepository(session).get_any(job.story_id)
            if story is None:
                raise LookupError("the story was deleted")
            if story.current_version is not None:
                # Already produced (a redelivered job): mark done, write nothing.
                JobRepository(session).succeed(job.id, story.current_version)
                return None
            StoryRepository(session).bump(story.id, status="running")
            return story_request(story), story.title

        started = self._unit(start)
        if started is None:
            return
        request, own_title = started

        last_write = 0.0
        last_stage = ""

        def on_event(event: Any) -> None:
            nonlocal last_write, last_stage
            now = time.monotonic()
            if event.stage != last_stage or now - last_write >= PROGRESS_INTERVAL_S:
                last_stage, last_write = event.stage, now
                self._progress(job.id, event.stage, float(event.progress))

        def observe(event: Any) -> None:
            if event.stage == "fallback":
                writer_metrics.FALLBACKS.labels(event.data.get("writer", "")).inc()
            on_event(event)

        result = write_story(request, self.writers.build_chain(request.writer), on_event=observe)
        self._progress(job.id, "saving", 0.99)
        title = own_title or result.title

        def save(session: Session) -> None:
            stories = StoryRepository(session)
            # The bump takes the story's row lock before the version is written.
            if not stories.bump(job.story_id, status="succeeded", title=title,
                                plan=result.plan.to_dict(), current_version=1,
                                seed=result.plan.seed):
                raise LookupError("the story was deleted")
            VersionRepository(session).add(
                job.story_id, 1, source="draft", text=result.text, title=title,
                writer=result.writer, model=result.model, tokens_in=result.tokens_in,
                tokens_out=result.tokens_out, analysis=result.analysis,
                provenance=result.provenance,
            )
            JobRepository(session).succeed(job.id, 1)

        self._unit(save)

    # --- revise ----------------------------------------------------------------------------

    def run_revise(self, job_id: str) -> None:
        """Revise the job's base version (cliches, sharpen or an instruction): a new version."""
        self._guarded(job_id, self._revise, story_failed=False)

    def _revise(self, job: Job) -> None:
        from shortstory.jobs.revision import revise_story_text

        params = job.params or {}
        base_number = int(params["base_version"])

        def load(session: Session) -> tuple[StoryVersion, Story]:
            story = StoryRepository(session).get_any(job.story_id)
            if story is None:
                raise LookupError("the story was deleted")
            base = VersionRepository(session).get(story.id, base_number)
            if base is None:
                raise LookupError(f"version {base_number} no longer exists")
            session.expunge_all()
            return base, story

        base, story = self._unit(load)
        base_text, base_title, plan = base.text, base.title, story.plan
        scaffold = {"pov": story.pov, "tense": story.tense, "tone": story.tone,
                    "style": story.style}
        character = (story.premise or {}).get("character")

        self._progress(job.id, "revise", 0.2)
        revisers = self.writers.build_revisers(story.writer, has_plan=bool(plan))
        revised = revise_story_text(revisers, base_text, params["mode"],
                                    params.get("instruction"), plan, scaffold=scaffold,
                                    character=character)
        self._progress(job.id, "analysis", 0.9)

        def save(session: Session) -> None:
            stories = StoryRepository(session)
            versions = VersionRepository(session)
            if not stories.bump(job.story_id):
                raise LookupError("the story was deleted")
            number = versions.next_number(job.story_id)
            versions.add(
                job.story_id, number, source="revision", text=revised.text, title=base_title,
                writer=revised.writer, model=revised.model, parent_number=base_number,
                note=revised.note, analysis=revised.analysis, tokens_in=revised.tokens_in,
                tokens_out=revised.tokens_out, provenance=revised.provenance,
            )
            values: dict[str, Any] = {"current_version": number}
            if revised.plan is not None:
                # An instruction may change POV, tense or the name: the story follows its plan.
                values["plan"] = revised.plan
                body = revised.plan.get("request") or {}
                values.update({k: v for k, v in (body.get("scaffold") or {}).items()
                               if k in ("pov", "tense")})
                if body.get("premise"):
                    values["premise"] = body["premise"]
                if body.get("target_words"):
                    values["target_words"] = body["target_words"]
            stories.bump(job.story_id, **values)
            JobRepository(session).succeed(job.id, number)

        self._unit(save)


def _describe(exc: BaseException) -> str:
    message = str(exc).strip() or type(exc).__name__
    return f"{type(exc).__name__}: {message}"[:2000]


def sweep_stale_jobs(session_scope: SessionScope, requeue: Callable[[str, str], None], *,
                     stale_after_s: float = 300.0) -> Iterator[tuple[str, str]]:
    """Find unfinished jobs whose heartbeat stopped ``stale_after_s`` ago: their worker died.

    Each is requeued (through ``requeue(kind, job_id)``) while it has attempts left, else
    failed with a message. Yields ``(job_id, "requeued" | "failed")`` for each one handled.
    """
    cutoff = utcnow() - timedelta(seconds=stale_after_s)

    def find(session: Session) -> list[tuple[str, str, int, str]]:
        return [(job.id, job.kind, job.attempts, job.story_id)
                for job in JobRepository(session).stale(cutoff)]

    for job_id, kind, attempts, story_id in retry_locked_scope(session_scope, find):

        def settle(session: Session, job_id: str = job_id, kind: str = kind,
                   attempts: int = attempts, story_id: str = story_id) -> str | None:
            jobs = JobRepository(session)
            if attempts < MAX_ATTEMPTS and jobs.requeue(job_id):
                return "requeued"
            if jobs.fail(job_id, "the worker running this job stopped; giving up after "
                                 f"{attempts} attempts"):
                if kind == "generate":
                    StoryRepository(session).bump(story_id, status="failed")
                return "failed"
            return None

        outcome = retry_locked_scope(session_scope, settle)
        if outcome is None:
            continue
        if outcome == "requeued":
            try:
                requeue(kind, job_id)
            except Exception:
                log.exception("could not requeue stale job %s", job_id)
        yield job_id, outcome
