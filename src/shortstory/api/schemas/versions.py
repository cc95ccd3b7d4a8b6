"""Bodies of a story's versions and the diff between two of them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field

from shortstory.api.schemas.base import (
    OutputModel,
    VersionSource,
)
from shortstory.pipeline.models import (
    InputModel,
)


class DiffQuery(InputModel):
    """Query of ``GET /stories/{id}/diff``: the two version numbers to compare."""

    model_config = ConfigDict(populate_by_name=True)

    from_: Annotated[int, Field(alias="from", ge=1, le=2**31 - 1)]
    to: Annotated[int, Field(ge=1, le=2**31 - 1)]


class VersionSummary(OutputModel):
    """One version of a story without its text."""

    number: int
    source: VersionSource
    title: str | None
    word_count: int
    writer: str | None
    model: str | None
    tokens_in: int | None
    tokens_out: int | None
    prompt_version: str | None = None
    cost_usd: float | None = None
    provenance: dict[str, Any] | None = None
    """Tokens per stage and how they were counted, what the judge found in the raw draft and
    what remained after repair, fallbacks taken."""
    parent: int | None
    note: str | None
    created_at: datetime


class VersionOut(VersionSummary):
    """One version of a story with its text."""

    text: str


class VersionList(OutputModel):
    """The version history of a story, oldest first."""

    items: list[VersionSummary]


class DiffSpanOut(OutputModel):
    """Words only in the old version (``delete``) or only in the new one (``insert``)."""

    kind: Literal["insert", "delete"]
    start: int
    end: int
    text: str
    word_start: int
    word_count: int


class DiffResponse(OutputModel):
    """A word-level diff between two versions; offsets index the version each span belongs to."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_: int = Field(alias="from")
    to: int
    spans: list[DiffSpanOut]
    inserted_words: int
    deleted_words: int
    words_before: int
    words_after: int
