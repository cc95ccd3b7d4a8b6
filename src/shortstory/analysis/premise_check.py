"""Premise distinctiveness: advice on generic ideas, stock characters and clichéd themes.

Never a refusal: every flag is advice with a suggestion, and an empty list means nothing
generic was recognised, not that the premise is good.

- **generic ideas**: the idea is matched against ``data/premise_patterns.json`` (chosen one,
  amnesia, it-was-all-a-dream, love triangle, …: case-insensitive regular expressions, a data
  file, not code). A very short idea (under :data:`THIN_IDEA_WORDS` words) is flagged as thin.
- **stock characters**: the cliché catalogue's ``stock_character`` entries
  (:func:`~shortstory.analysis.cliches.find_cliches`) over the idea and the character's traits,
  quirk, contradiction and want.
- **clichéd themes**: the catalogue's ``theme`` entries over the theme and the idea.

Each flag carries the field it is about (``idea``, ``character.traits[1]``, ``theme``…) and
the span of the words in that field's text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources

from shortstory.analysis.cliches import find_cliches
from shortstory.analysis.words import count_words

THIN_IDEA_WORDS = 8
"""An idea shorter than this many words is flagged as thin."""

_CHARACTER_FIELDS = ("traits", "quirk", "contradiction", "want")


@dataclass(frozen=True, slots=True)
class PremiseFlag:
    """One piece of advice about a premise."""

    kind: str  # generic_idea | thin_idea | stock_character | cliched_theme
    id: str
    label: str
    field: str
    start: int
    end: int
    text: str
    suggestion: str
    severity: str = "medium"

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class PremisePattern:
    """A generic premise: its id, label, compiled patterns and the advice to give."""

    id: str
    label: str
    patterns: tuple[re.Pattern[str], ...]
    suggestion: str


@cache
def premise_patterns() -> tuple[PremisePattern, ...]:
    """The shipped generic-premise patterns (``data/premise_patterns.json``), loaded once."""
    raw = json.loads(
        resources.files("shortstory.analysis")
        .joinpath("data/premise_patterns.json")
        .read_text(encoding="utf-8")
    )
    return tuple(
        PremisePattern(
            id=entry["id"],
            label=entry["label"],
            patterns=tuple(re.compile(p, re.IGNORECASE) for p in entry["patterns"]),
            suggestion=entry["suggestion"],
        )
        for entry in raw["patterns"]
    )


def _get(source: object, name: str) -> object:
    if isinstance(source, Mapping):
        return source.get(name)
    return getattr(source, name, None)


def _character_texts(character: object) -> list[tuple[str, str]]:
    """(field path, text) of each descriptive field of ``character``."""
    if character is None:
        return []
    texts: list[tuple[str, str]] = []
    for name in _CHARACTER_FIELDS:
        value = _get(character, name)
        if isinstance(value, str) and value.strip():
            texts.append((f"character.{name}", value))
        elif isinstance(value, list | tuple):
            texts.extend(
                (f"character.{name}[{index}]", item)
                for index, item in enumerate(value)
                if isinstance(item, str) and item.strip()
            )
    return texts


def _generic_idea_flags(idea: str) -> list[PremiseFlag]:
    flags: list[PremiseFlag] = []
    for pattern in premise_patterns():
        for regex in pattern.patterns:
            match = regex.search(idea)
            if match is not None:
                flags.append(
                    PremiseFlag(
                        kind="generic_idea",
                        id=pattern.id,
                        label=pattern.label,
                        field="idea",
                        start=match.start(),
                        end=match.end(),
                        text=match.group(),
                        suggestion=pattern.suggestion,
                    )
                )
                break  # one flag per pattern
    return flags


def _cliche_flags(text: str, field: str, category: str, kind: str) -> list[PremiseFlag]:
    return [
        PremiseFlag(
            kind=kind,
            id=match.id,
            label=match.phrase,
            field=field,
            start=match.start,
            end=match.end,
            text=match.text,
            suggestion=f"Instead of {match.phrase!r}, try: {match.suggestions[0]}",
            severity=match.severity,
        )
        for match in find_cliches(text, categories=[category])
    ]


def check_premise(
    idea: str, character: object | None = None, theme: str | None = None
) -> list[PremiseFlag]:
    """Advice on how generic a premise is (module docstring). Never raises on content.

    :param idea: the premise's idea, one to a few sentences.
    :param character: a mapping or object with ``traits``/``quirk``/``contradiction``/``want``.
    :param theme: the question the story turns on.
    """
    flags = _generic_idea_flags(idea)
    words = count_words(idea)
    if 0 < words < THIN_IDEA_WORDS:
        flags.append(
            PremiseFlag(
                kind="thin_idea",
                id="thin-idea",
                label="A thin idea",
                field="idea",
                start=0,
                end=len(idea),
                text=idea,
                suggestion="Add one concrete detail only this story has: a place, an object, "
                "a rule, a date.",
                severity="low",
            )
        )
    generic = list(flags)
    # A catalogue entry overlapping a generic-idea flag ("the chosen one") would repeat it.
    flags += [
        flag
        for flag in _cliche_flags(idea, "idea", "stock_character", "stock_character")
        if not any(flag.start < other.end and other.start < flag.end for other in generic)
    ]
    for field, text in _character_texts(character):
        flags += _cliche_flags(text, field, "stock_character", "stock_character")
    if theme:
        flags += _cliche_flags(theme, "theme", "theme", "cliched_theme")
    flags += _cliche_flags(idea, "idea", "theme", "cliched_theme")
    return flags
