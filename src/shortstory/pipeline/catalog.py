"""The catalog: genres, outline structures and ready-made premise templates, read from data files.

The content lives in ``pipeline/data/`` (``genres/<id>.json``, ``structures.json``,
``templates.json``); this module only loads, validates and looks it up. Files are read on first
use and cached for the life of the process (nothing is read at import time).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shortstory.pipeline.models import StoryRequest, Tone

DATA_DIR = Path(__file__).parent / "data"
"""Where the catalog's data files live."""

Part = Literal["beginning", "middle", "end"]
Sense = Literal["sight", "sound", "smell", "touch", "taste"]
Phrases = Annotated[list[Annotated[str, Field(min_length=1)]], Field(min_length=1)]
Entry = TypeVar("Entry")


class CatalogModel(BaseModel):
    """Base of catalog entries: immutable, unknown keys are errors (a typo in data fails loudly)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        # An entry is the catalog's, read once per process and never changed: a deep copy of a
        # plan that carries its genre shares the entry instead of copying every phrase list.
        return self


class Setting(CatalogModel):
    """A place a story can happen: its name, the smaller places inside it, and when."""

    name: str
    places: Phrases
    time: str


class Palette(CatalogModel):
    """Concrete sensory phrases, one list per sense."""

    sight: Phrases
    sound: Phrases
    smell: Phrases
    touch: Phrases
    taste: Phrases

    def sense(self, sense: Sense) -> list[str]:
        """The phrases for one sense."""
        return list(getattr(self, sense))


class Vocabulary(CatalogModel):
    """Words the genre leans on; verbs are lemmas (inflect them before use)."""

    nouns: Phrases
    verbs: Phrases
    adjectives: Phrases


class Names(CatalogModel):
    """Given and family names that fit the genre."""

    given: Phrases
    family: Phrases


class BeatShapes(CatalogModel):
    """Beat functions the genre favours in each part of a story."""

    beginning: Phrases
    middle: Phrases
    end: Phrases

    def for_part(self, part: Part) -> list[str]:
        """The beat functions for one part."""
        return list(getattr(self, part))


class Genre(CatalogModel):
    """A genre: its conventions, default tone and the material a writer draws on."""

    id: str
    name: str
    description: str
    conventions: Phrases
    default_tone: Tone
    settings: Annotated[list[Setting], Field(min_length=1)]
    palette: Palette
    vocabulary: Vocabulary
    objects: Phrases
    obstacles: Phrases
    stakes: Phrases
    cast_roles: Phrases
    names: Names
    turns: Phrases
    beat_shapes: BeatShapes


class Beat(CatalogModel):
    """One beat of an outline shape; ``weight`` scales its share of the word budget."""

    role: str
    part: Part
    weight: Annotated[float, Field(gt=0)]
    purpose: str


class Structure(CatalogModel):
    """An outline shape: an ordered list of beats, exactly one of which is the turn."""

    id: str
    name: str
    description: str
    beats: Annotated[list[Beat], Field(min_length=3)]

    @model_validator(mode="after")
    def _one_turn(self) -> Structure:
        turns = sum(1 for beat in self.beats if beat.role == "turn")
        if turns != 1:
            raise ValueError(f"structure {self.id!r} needs exactly one 'turn' beat, has {turns}")
        return self

    @property
    def turn_index(self) -> int:
        """The position of the turn beat in :attr:`beats`."""
        return next(i for i, beat in enumerate(self.beats) if beat.role == "turn")


class Template(CatalogModel):
    """A ready-made premise: a title and a complete story request (without a seed)."""

    id: str
    title: str
    request: StoryRequest


class CatalogError(LookupError):
    """Base of catalog lookup failures; ``field`` names the input that was wrong."""

    field = "id"

    def __init__(self, kind: str, wanted: str, valid: list[str]) -> None:
        self.kind = kind
        self.wanted = wanted
        self.valid = valid
        super().__init__(f"unknown {kind} {wanted!r}; choose one of: {', '.join(valid)}")


class UnknownGenre(CatalogError, ValueError):
    """No genre has this id."""

    field = "genre"

    def __init__(self, wanted: str) -> None:
        super().__init__("genre", wanted, [g.id for g in genres()])


class UnknownStructure(CatalogError, ValueError):
    """No structure has this id."""

    field = "structure"

    def __init__(self, wanted: str) -> None:
        super().__init__("structure", wanted, [s.id for s in structures()])


class UnknownTemplate(CatalogError, ValueError):
    """No template has this id."""

    field = "template"

    def __init__(self, wanted: str) -> None:
        super().__init__("template", wanted, [t.id for t in templates()])


def _read_json(path: Path) -> object:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=1)
def _genres_by_id() -> dict[str, Genre]:
    found: dict[str, Genre] = {}
    for path in sorted((DATA_DIR / "genres").glob("*.json")):
        entry = Genre.model_validate(_read_json(path))
        if entry.id != path.stem:
            raise ValueError(f"{path.name}: id {entry.id!r} does not match the file name")
        found[entry.id] = entry
    return found


@lru_cache(maxsize=1)
def _structures_by_id() -> dict[str, Structure]:
    entries = [Structure.model_validate(raw) for raw in _as_list(DATA_DIR / "structures.json")]
    return {entry.id: entry for entry in entries}


@lru_cache(maxsize=1)
def _templates_by_id() -> dict[str, Template]:
    entries = [Template.model_validate(raw) for raw in _as_list(DATA_DIR / "templates.json")]
    return {entry.id: entry for entry in entries}


def _as_list(path: Path) -> list[object]:
    raw = _read_json(path)
    if not isinstance(raw, list):
        raise ValueError(f"{path.name} must hold a JSON list")
    return raw


def _lookup(by_id: dict[str, Entry], id: str, unknown: Callable[[str], CatalogError]) -> Entry:
    """The entry under ``id`` (trimmed, case-insensitive), or ``unknown(id)`` raised."""
    found = by_id.get(id.strip().lower())
    if found is None:
        raise unknown(id)
    return found


def genres() -> list[Genre]:
    """Every genre, ordered by id."""
    return list(_genres_by_id().values())


def genre(id: str) -> Genre:
    """The genre with this id (case-insensitive).

    :raises UnknownGenre: no such genre; the message lists the valid ids.
    """
    return _lookup(_genres_by_id(), id, UnknownGenre)


def structures() -> list[Structure]:
    """Every outline structure, in catalog order."""
    return list(_structures_by_id().values())


def structure(id: str) -> Structure:
    """The structure with this id (case-insensitive).

    :raises UnknownStructure: no such structure; the message lists the valid ids.
    """
    return _lookup(_structures_by_id(), id, UnknownStructure)


def templates() -> list[Template]:
    """Every ready-made premise template, in catalog order."""
    return list(_templates_by_id().values())


def template(id: str) -> Template:
    """The template with this id.

    :raises UnknownTemplate: no such template; the message lists the valid ids.
    """
    return _lookup(_templates_by_id(), id, UnknownTemplate)
