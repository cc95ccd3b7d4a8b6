"""Typed request and response bodies of the stories API: one definition validates and documents.

Request bodies reuse the pipeline's input models (:mod:`shortstory.pipeline.models`), so the API,
the CLI and the OpenAPI document agree on every rule. Response models describe exactly what the
views send; :mod:`shortstory.api.openapi` turns both into the published schema.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from shortstory.analysis.input_checks import MAX_WORDS
from shortstory.analysis.words import count_words
from shortstory.pipeline.models import (
    Character,
    InputModel,
    Line,
    Premise,
    Scaffold,
    StoryRequest,
    Text,
)

__all__ = [
    "AnalysisRequest",
    "AnalysisResponse",
    "DiffQuery",
    "DiffResponse",
    "ErrorResponse",
    "FeedbackCreate",
    "FeedbackOut",
    "FeedbackSummary",
    "GenreList",
    "JobOut",
    "PremiseCheckRequest",
    "PremiseCheckResponse",
    "RevisionCreate",
    "StoryCreate",
    "StoryCreated",
    "StoryListQuery",
    "StoryOut",
    "StoryPage",
    "StoryPatch",
    "StorySummary",
    "StructureList",
    "TemplateList",
    "VersionList",
    "VersionOut",
]

MAX_COMMENT_CHARS = 2_000
MAX_TITLE_CHARS = 200
MAX_INSTRUCTION_CHARS = 500

JobKind = Literal["generate", "revise"]
JobStatus = Literal["queued", "running", "succeeded", "failed", "cancelled"]
StoryStatus = Literal["queued", "running", "succeeded", "failed", "cancelled"]
VersionSource = Literal["draft", "revision", "edit"]
RevisionMode = Literal["cliches", "sharpen", "instruction"]


def _within_word_limit(value: str) -> str:
    words = count_words(value)
    if words == 0:
        raise ValueError("must contain at least one word")
    if words > MAX_WORDS:
        raise ValueError(f"has {words} words, more than the limit of {MAX_WORDS}")
    return value


# --- requests ---------------------------------------------------------------------------------

StoryCreate = StoryRequest
"""The body of ``POST /stories`` is the pipeline's own request model."""


class StoryPatch(InputModel):
    """The body of ``PATCH /stories/{id}``: a new title, a new text, or both."""

    title: Annotated[Line, Field(min_length=1, max_length=MAX_TITLE_CHARS)] | None = None
    text: Annotated[Text, Field(min_length=1, max_length=100_000)] | None = None

    @field_validator("text")
    @classmethod
    def _text_words(cls, value: str | None) -> str | None:
        return None if value is None else _within_word_limit(value)

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


class FeedbackCreate(InputModel):
    """The body of ``POST /stories/{id}/feedback``; ``version`` defaults to the current one."""

    rating: Annotated[int, Field(ge=1, le=5)]
    approved: bool
    comment: Annotated[Text, Field(max_length=MAX_COMMENT_CHARS)] = ""
    version: Annotated[int, Field(ge=1, le=2**31 - 1)] | None = None


class AnalysisRequest(InputModel):
    """The body of ``POST /analysis``: a text and, optionally, its character and scaffold."""

    text: Annotated[Text, Field(min_length=1, max_length=100_000)]
    character: Character | None = None
    scaffold: Scaffold | None = None

    @field_validator("text")
    @classmethod
    def _text_words(cls, value: str) -> str:
        return _within_word_limit(value)


class CharacterSketch(Character):
    """A character as far as it is written: the name may still be missing."""

    name: Annotated[Line, Field(max_length=80)] = ""


class PremiseCheckRequest(InputModel):
    """The body of ``POST /analysis/premise``: a premise before it becomes a story."""

    idea: Annotated[Text, Field(min_length=1, max_length=1_000)]
    character: CharacterSketch = CharacterSketch()
    theme: Annotated[Line, Field(max_length=200)] = ""


class StoryListQuery(InputModel):
    """Query of ``GET /stories``: page size and the cursor from the previous page."""

    limit: Annotated[int, Field(ge=1, le=100)] = 20
    cursor: Annotated[str, Field(min_length=1, max_length=200)] | None = None


class DiffQuery(InputModel):
    """Query of ``GET /stories/{id}/diff``: the two version numbers to compare."""

    model_config = ConfigDict(populate_by_name=True)

    from_: Annotated[int, Field(alias="from", ge=1, le=2**31 - 1)]
    to: Annotated[int, Field(ge=1, le=2**31 - 1)]


# --- responses --------------------------------------------------------------------------------


class OutputModel(BaseModel):
    """Base of response bodies."""

    model_config = ConfigDict(extra="forbid")


class JobError(OutputModel):
    """A failed job's error: the API's error shape, without a request id (a job has none)."""

    error_code: str
    message: str
    details: dict[str, Any] = {}
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


class GenreOut(OutputModel):
    """A genre as the catalog lists it."""

    id: str
    name: str
    description: str
    conventions: list[str]
    default_tone: str


class GenreList(OutputModel):
    """Every genre."""

    items: list[GenreOut]


class StructureBeatOut(OutputModel):
    """One beat of an outline structure."""

    role: str
    part: Literal["beginning", "middle", "end"]
    weight: float
    purpose: str


class StructureOut(OutputModel):
    """An outline structure: its beats in order, exactly one of them the turn."""

    id: str
    name: str
    description: str
    beats: list[StructureBeatOut]


class StructureList(OutputModel):
    """Every outline structure."""

    items: list[StructureOut]


class TemplateOut(OutputModel):
    """A ready-made premise: a complete ``POST /stories`` body."""

    id: str
    title: str
    request: StoryRequest


class TemplateList(OutputModel):
    """Every premise template."""

    items: list[TemplateOut]


class AnalysisResponse(BaseModel):
    """Everything the analysis library reports (its ``AnalysisReport.to_dict()``)."""

    model_config = ConfigDict(extra="allow")


class PremiseFlagOut(OutputModel):
    """One piece of advice about a premise: what looks generic, where, and what to try."""

    kind: Literal["generic_idea", "thin_idea", "stock_character", "cliched_theme"]
    id: str
    label: str
    field: str
    """The premise field it is about: ``idea``, ``theme``, ``character.traits[1]``…"""
    start: int
    end: int
    """``[start, end)``: the flagged words' character offsets in that field's text."""
    text: str
    suggestion: str
    severity: str


class PremiseCheckResponse(OutputModel):
    """Advice on a premise; an empty list means nothing generic was recognised."""

    flags: list[PremiseFlagOut]


class ErrorResponse(BaseModel):
    """Every error, whatever its status: DESIGN §4's one shape."""

    error_code: str
    message: str
    details: Any = None
    error_id: str | None = None
    request_id: str | None = None
    timestamp: str | None = None


class WriterInfo(OutputModel):
    """A writer a story may name (never its key or endpoint path)."""

    name: str
    kind: Literal["procedural", "openai-compatible"]
    model: str
    host: str | None
    default: bool
    """The writer a story gets when it names none."""
    in_chain: bool
    """Tried, in the chain's order, when the writer before it cannot be reached."""


class WriterList(OutputModel):
    """The configured writers, the fallback chain's order first."""

    items: list[WriterInfo]
