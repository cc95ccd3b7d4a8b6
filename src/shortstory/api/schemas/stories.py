"""Bodies of the story routes: create, list, read, edit and revise a story."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import Field, field_validator, model_validator

from shortstory.api.schemas.base import (
    MAX_INSTRUCTION_CHARS,
    MAX_TITLE_CHARS,
    OutputModel,
    RevisionMode,
    StoryStatus,
    within_word_limit,
)
from shortstory.api.schemas.jobs import JobOut
from shortstory.pipeline.models import (
    InputModel,
    Line,
    Premise,
    Scaffold,
    StoryRequest,
    Text,
)

StoryCreate = StoryRequest
"""The body of ``POST /stories`` is the pipeline's own request model."""


class StoryPatch(InputModel):
    """The body of ``PATCH /stories/{id}``: a new title, a new text, or both."""

    title: Annotated[Line, Field(min_length=1, max_length=MAX_TITLE_CHARS)] | None = None
    text: Annotated[Text, Field(min_length=1, max_length=100_000)] | None = None

    @field_validator("text")
    @classmethod
    def _text_words(cls, value: str | None) -> str | None:
        return None if value is None else within_word_limit(value)

    @model_validator(mode="after")
    def _something_to_change(self) -> StoryPatch:
        if self.title is None and self.text is None:
            raise ValueError("give a title, a text, or both")
        return self


class RevisionCreate(InputModel):
    """The body of ``POST /stories/{id}/revisions``; ``instruction`` only with that mode."""

    mode: RevisionMode
    instruction: Annotated[Line, Field(min_length=1, max_length=MAX_INSTRUCTION_CHARS)] | None = (
        None
    )

    @model_validator(mode="after")
    def _instruction_matches_mode(self) -> RevisionCreate:
        if self.mode == "instruction" and self.instruction is None:
            raise ValueError("mode 'instruction' needs an instruction")
        if self.mode != "instruction" and self.instruction is not None:
            raise ValueError("an instruction is only accepted with mode 'instruction'")
        return self


class StoryListQuery(InputModel):
    """Query of ``GET /stories``: page size and the cursor from the previous page."""

    limit: Annotated[int, Field(ge=1, le=100)] = 20
    cursor: Annotated[str, Field(min_length=1, max_length=200)] | None = None


class StorySummary(OutputModel):
    """A story in a list: no text, no outline."""

    id: str
    status: StoryStatus
    title: str | None
    genre: str
    structure: str
    target_words: int
    version: int | None
    word_count: int | None
    created_at: datetime
    updated_at: datetime


class StoryOut(StorySummary):
    """A whole story: premise, scaffold, outline, the current version's text and analysis."""

    premise: Premise
    scaffold: Scaffold
    seed: int | None
    writer: str
    model: str | None = None
    """The model that wrote the current version."""
    prompt_version: str | None = None
    tokens_in: int | None = None
    tokens_out: int | None = None
    cost_usd: float | None = None
    """What the current version cost at the provider's prices (0 for the procedural writer)."""
    outline: dict[str, Any] | None
    text: str | None
    analysis: dict[str, Any] | None


class StoryCreated(OutputModel):
    """The 202 answer of ``POST /stories``: the queued story and the job making it."""

    story: StoryOut
    job: JobOut


class StoryPage(OutputModel):
    """One page of the caller's stories, newest first; follow ``next_cursor`` for more."""

    items: list[StorySummary]
    next_cursor: str | None
