"""Tables of the stories API: stories, their versions, the jobs that make them, and feedback.

Imported by :mod:`shortstory.storage.models` so that one ``Base.metadata`` knows every table.
Every foreign key has an index; stories are also indexed on (owner, created_at, id), the order of
``GET /stories``. Ids are UUID strings, made here so a row's id is known before it is flushed.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from shortstory.storage.base import Base, BigId, utcnow

__all__ = ["Feedback", "Job", "JobEvent", "Story", "StoryVersion", "new_id", "utcnow"]

ID_LENGTH = 36


def new_id() -> str:
    """A fresh row id (UUID4, text)."""
    return str(uuid.uuid4())


class Story(Base):
    """A story: its inputs (premise, genre, structure, scaffold), plan, status and current version.

    ``lock_version`` grows on every change and is the ETag: a conditional ``UPDATE … WHERE
    lock_version = :seen`` is how concurrent edits are serialised without a lost update.
    """

    __tablename__ = "stories"
    __table_args__ = (Index("ix_stories_user_created", "user_id", "created_at", "id"),)

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True, default=new_id)
    user_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str | None] = mapped_column(String(200))
    premise: Mapped[dict[str, Any]] = mapped_column(JSON)
    genre: Mapped[str] = mapped_column(String(40))
    structure: Mapped[str] = mapped_column(String(40))
    pov: Mapped[str] = mapped_column(String(16))
    tense: Mapped[str] = mapped_column(String(16))
    tone: Mapped[str | None] = mapped_column(String(16))
    style: Mapped[str] = mapped_column(String(16))
    target_words: Mapped[int] = mapped_column(Integer)
    seed: Mapped[int | None] = mapped_column(Integer)
    writer: Mapped[str] = mapped_column(String(40))
    plan: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    current_version: Mapped[int | None] = mapped_column(Integer)
    lock_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class StoryVersion(Base):
    """One immutable text of a story: the draft, a revision or a manual edit."""

    __tablename__ = "story_versions"
    __table_args__ = (UniqueConstraint("story_id", "number", name="uq_story_versions_number"),)

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True, default=new_id)
    story_id: Mapped[str] = mapped_column(
        ForeignKey("stories.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(16))
    title: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    word_count: Mapped[int] = mapped_column(Integer)
    writer: Mapped[str | None] = mapped_column(String(40))
    model: Mapped[str | None] = mapped_column(String(120))
    tokens_in: Mapped[int | None] = mapped_column(Integer)
    tokens_out: Mapped[int | None] = mapped_column(Integer)
    prompt_version: Mapped[str | None] = mapped_column(String(20))
    cost_usd: Mapped[float | None] = mapped_column(Float)
    provenance: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """Tokens per stage, how they were counted, the judge's findings, fallbacks taken."""
    parent_number: Mapped[int | None] = mapped_column(Integer)
    pov: Mapped[str | None] = mapped_column(String(16))
    tense: Mapped[str | None] = mapped_column(String(16))
    """The scaffold this version is written in (a revision may change the story's)."""
    note: Mapped[str | None] = mapped_column(String(500))
    analysis: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Job(Base):
    """A generation or revision run. The row is the truth; a queue only carries its id."""

    __tablename__ = "jobs"
    __table_args__ = (
        UniqueConstraint("user_id", "idempotency_key", name="uq_jobs_user_idempotency_key"),
        Index("ix_jobs_status_heartbeat", "status", "heartbeat_at"),
    )

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True, default=new_id)
    user_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    story_id: Mapped[str] = mapped_column(
        ForeignKey("stories.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    stage: Mapped[str | None] = mapped_column(String(32))
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    error_code: Mapped[str | None] = mapped_column(String(40))
    error_id: Mapped[str | None] = mapped_column(String(32))
    params: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    request_hash: Mapped[str | None] = mapped_column(String(64))
    result_version: Mapped[int | None] = mapped_column(Integer)
    changes: Mapped[int | None] = mapped_column(Integer)
    """A revision's count of changes (0: the text came back the same and no version was kept;
    ``None`` for a generation, or a model's rewrite, which counts none)."""
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    heartbeat_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class JobEvent(Base):
    """One progress event of a job (the embedded event log; production keeps them in Redis).

    ``seq`` counts from 1 within the job and is the id a Server-Sent Events client resumes from.
    """

    __tablename__ = "job_events"
    __table_args__ = (Index("ix_job_events_job_id_seq", "job_id", "seq", unique=True),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Feedback(Base):
    """A reader's rating, approval and comment on one version of a story."""

    __tablename__ = "feedback"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True, default=new_id)
    user_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    story_id: Mapped[str] = mapped_column(
        ForeignKey("stories.id", ondelete="CASCADE"), index=True
    )
    version_id: Mapped[str] = mapped_column(
        ForeignKey("story_versions.id", ondelete="CASCADE"), index=True
    )
    rating: Mapped[int] = mapped_column(Integer)
    approved: Mapped[bool] = mapped_column(Boolean)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
