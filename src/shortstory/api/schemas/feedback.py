"""Bodies of feedback on a story, and of the feedback summary."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field

from shortstory.api.schemas.base import (
    MAX_COMMENT_CHARS,
    OutputModel,
)
from shortstory.pipeline.models import (
    InputModel,
    Text,
)


class FeedbackCreate(InputModel):
    """The body of ``POST /stories/{id}/feedback``; ``version`` defaults to the current one."""

    rating: Annotated[int, Field(ge=1, le=5)]
    approved: bool
    comment: Annotated[Text, Field(max_length=MAX_COMMENT_CHARS)] = ""
    version: Annotated[int, Field(ge=1, le=2**31 - 1)] | None = None


class FeedbackOut(OutputModel):
    """One piece of feedback on a version."""

    id: str
    version: int
    rating: int
    approved: bool
    comment: str
    created_at: datetime


class FeedbackGroup(OutputModel):
    """Ratings and approvals for one value of a grouping (a genre, a writer…)."""

    key: str
    count: int
    average_rating: float
    approval_rate: float


class FeedbackSummary(OutputModel):
    """What works best: the caller's feedback grouped by how the stories were made."""

    total: int
    average_rating: float | None
    approval_rate: float | None
    by_genre: list[FeedbackGroup]
    by_structure: list[FeedbackGroup]
    by_scaffold: list[FeedbackGroup]
    by_writer: list[FeedbackGroup]
