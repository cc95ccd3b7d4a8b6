"""Bodies of the text analysis and the premise check."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from shortstory.api.schemas.base import (
    OutputModel,
    within_word_limit,
)
from shortstory.pipeline.models import (
    Character,
    InputModel,
    Line,
    Scaffold,
    Text,
)


class AnalysisRequest(InputModel):
    """The body of ``POST /analysis``: a text and, optionally, its character and scaffold."""

    text: Annotated[Text, Field(min_length=1, max_length=100_000)]
    character: Character | None = None
    scaffold: Scaffold | None = None

    @field_validator("text")
    @classmethod
    def _text_words(cls, value: str) -> str:
        return within_word_limit(value)


class CharacterSketch(Character):
    """A character as far as it is written: the name may still be missing."""

    name: Annotated[Line, Field(max_length=80)] = ""


class PremiseCheckRequest(InputModel):
    """The body of ``POST /analysis/premise``: a premise before it becomes a story."""

    idea: Annotated[Text, Field(min_length=1, max_length=1_000)]
    character: CharacterSketch = CharacterSketch()
    theme: Annotated[Line, Field(max_length=200)] = ""


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
