"""The body of a job: its state, progress and error."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import Field

from shortstory.api.schemas.base import (
    JobKind,
    JobStatus,
    OutputModel,
)


class JobError(OutputModel):
    """A failed job's error: the API's error shape, without a request id (a job has none)."""

    error_code: str
    message: str
    details: dict[str, Any] = Field(default={})
    error_id: str | None = None


class JobOut(OutputModel):
    """A job's state: the database row is the truth."""

    id: str
    kind: JobKind
    status: JobStatus
    stage: str | None
    progress: Annotated[float, Field(ge=0, le=1)]
    attempts: int
    error: JobError | None = Field(description="why it failed, in the error shape of the API")
    story_id: str
    version: int | None = Field(description="the version the job produced, once it has")
    changes: int | None = Field(
        default=None,
        description="a revision's count of changes; 0: it changed nothing and kept no new "
        "version (version is the one it started from); null for a model's rewrite")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
