"""Rows to response models: the one place that decides what a story, job or version looks like."""

from __future__ import annotations

from typing import Any

from shortstory.api.schemas.feedback import FeedbackOut
from shortstory.api.schemas.jobs import JobError, JobOut
from shortstory.api.schemas.stories import StoryOut, StorySummary
from shortstory.api.schemas.versions import VersionOut, VersionSummary
from shortstory.storage.stories import as_utc
from shortstory.storage.story_models import Feedback, Job, Story, StoryVersion


def etag(story: Story) -> str:
    """The story's ETag: it changes with every change to the story (``lock_version``)."""
    return f'"v{story.lock_version}"'


def story_summary(story: Story, version: StoryVersion | None = None,
                  word_count: int | None = None) -> StorySummary:
    """A story as listed (no text, no outline)."""
    return StorySummary(
        id=story.id, status=story.status, title=story.title, genre=story.genre,  # type: ignore[arg-type]
        structure=story.structure, target_words=story.target_words,
        version=story.current_version,
        word_count=version.word_count if version else word_count,
        created_at=as_utc(story.created_at), updated_at=as_utc(story.updated_at),
    )


def story_out(story: Story, version: StoryVersion | None) -> StoryOut:
    """A whole story with its current version's text and analysis."""
    plan: dict[str, Any] = story.plan or {}
    outline = plan.get("outline") if isinstance(plan.get("outline"), dict) else None
    summary = story_summary(story, version)
    return StoryOut(
        **summary.model_dump(),
        premise=story.premise,  # type: ignore[arg-type]
        scaffold={"pov": story.pov, "tense": story.tense, "tone": story.tone,  # type: ignore[arg-type]
                  "style": story.style},
        seed=story.seed,
        writer=version.writer if version and version.writer else story.writer,
        model=version.model if version else None,
        prompt_version=version.prompt_version if version else None,
        tokens_in=version.tokens_in if version else None,
        tokens_out=version.tokens_out if version else None,
        cost_usd=version.cost_usd if version else None,
        outline=outline,
        text=version.text if version else None,
        analysis=version.analysis if version else None,
    )


def job_out(job: Job) -> JobOut:
    """A job's state."""
    return JobOut(
        id=job.id, kind=job.kind, status=job.status, stage=job.stage,  # type: ignore[arg-type]
        progress=float(job.progress or 0.0), attempts=job.attempts, error=job_error(job),
        story_id=job.story_id, version=job.result_version, changes=job.changes,
        created_at=as_utc(job.created_at),
        started_at=as_utc(job.started_at) if job.started_at else None,
        finished_at=as_utc(job.finished_at) if job.finished_at else None,
    )


def job_error(job: Job) -> JobError | None:
    """A failed job's error in the API's shape (rows from before error codes say JOB_FAILED)."""
    if job.error is None:
        return None
    return JobError(error_code=job.error_code or "JOB_FAILED", message=job.error,
                    error_id=job.error_id)


def version_summary(version: StoryVersion) -> VersionSummary:
    """A version without its text."""
    return VersionSummary(
        number=version.number, source=version.source, title=version.title,  # type: ignore[arg-type]
        word_count=version.word_count, writer=version.writer, model=version.model,
        tokens_in=version.tokens_in, tokens_out=version.tokens_out,
        prompt_version=version.prompt_version, cost_usd=version.cost_usd,
        provenance=version.provenance,
        parent=version.parent_number, note=version.note,
        created_at=as_utc(version.created_at),
    )


def version_out(version: StoryVersion) -> VersionOut:
    """A version with its text."""
    return VersionOut(**version_summary(version).model_dump(), text=version.text)


def feedback_out(item: Feedback, number: int) -> FeedbackOut:
    """One feedback entry, naming the version by number."""
    return FeedbackOut(id=item.id, version=number, rating=item.rating, approved=item.approved,
                       comment=item.comment, created_at=as_utc(item.created_at))
