"""Bodies of the catalog: genres, structures, templates and writers."""

from __future__ import annotations

from typing import Literal

from shortstory.api.schemas.base import (
    OutputModel,
)
from shortstory.pipeline.models import (
    StoryRequest,
)


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
