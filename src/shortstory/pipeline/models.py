"""The pipeline's typed inputs: one definition for the CLI, the API body and its OpenAPI schema.

Validation returns every problem at once (pydantic collects them with their field paths). Text
fields are NFC-normalised and trimmed; control characters are refused; unknown fields are errors.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

MIN_TARGET_WORDS = 100
MAX_TARGET_WORDS = 7_500

Pov = Literal["first", "close_third", "second"]
Tense = Literal["past", "present"]
Tone = Literal["wry", "earnest", "dark", "warm", "tense", "melancholy", "playful", "eerie"]
Style = Literal["spare", "plain", "lyrical", "ornate"]

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_ALLOWING_NEWLINES_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _clean_line(value: str) -> str:
    value = unicodedata.normalize("NFC", value).strip()
    if _CONTROL_RE.search(value):
        raise ValueError("must not contain control characters or line breaks")
    return value


def _clean_text(value: str) -> str:
    value = unicodedata.normalize("NFC", value).strip()
    if _CONTROL_ALLOWING_NEWLINES_RE.search(value):
        raise ValueError("must not contain control characters")
    return value


Line = Annotated[str, AfterValidator(_clean_line)]
"""A single line of user text: NFC, trimmed, no control characters or line breaks."""

Text = Annotated[str, AfterValidator(_clean_text)]
"""User text that may span lines: NFC, trimmed, no control characters but tab and newlines."""


def field_path(location: Sequence[int | str]) -> str:
    """A pydantic error's location as the dotted path problems name (``premise.character.name``,
    ``beats.2.summary``)."""
    return ".".join(str(part) for part in location)


class InputModel(BaseModel):
    """Base of every input: unknown fields are errors, whitespace trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Character(InputModel):
    """The story's protagonist."""

    name: Annotated[Line, Field(min_length=1, max_length=80, examples=["Maren Holt"])]
    pronouns: Annotated[
        Line,
        Field(
            pattern=r"^(she/her|he/him|they/them)$",
            description="she/her, he/him or they/them",
        ),
    ] = "they/them"
    traits: Annotated[list[Annotated[Line, Field(min_length=1, max_length=40)]],
                      Field(max_length=8)] = []
    quirk: Annotated[Line, Field(max_length=200)] = ""
    contradiction: Annotated[Line, Field(max_length=200)] = ""
    want: Annotated[Line, Field(max_length=200)] = ""


class Premise(InputModel):
    """What the story is about: an idea, a character and a theme."""

    idea: Annotated[Text, Field(min_length=1, max_length=1_000)]
    character: Character
    theme: Annotated[Line, Field(max_length=200)] = ""


class Scaffold(InputModel):
    """How the story is told. ``tone`` left empty takes the genre's default tone."""

    pov: Pov = "close_third"
    tense: Tense = "past"
    tone: Tone | None = None
    style: Style = "plain"


class StoryRequest(InputModel):
    """Everything a story is made from: the body of ``POST /stories`` and of ``--premise-file``."""

    premise: Premise
    genre: Annotated[Line, Field(min_length=1, max_length=40, examples=["mystery"])]
    structure: Annotated[Line, Field(min_length=1, max_length=40)] = "three-act"
    scaffold: Scaffold = Scaffold()
    target_words: Annotated[int, Field(ge=MIN_TARGET_WORDS, le=MAX_TARGET_WORDS)] = 1_500
    writer: Annotated[Line, Field(min_length=1, max_length=40)] | None = None
    """A writer by name; ``None``: the service's default chain (``WRITER_CHAIN``)."""
    seed: Annotated[int, Field(ge=0, le=2**31 - 1)] | None = None
