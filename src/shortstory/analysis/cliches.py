"""Clichés: find catalogue phrases in a text, with exact spans, and fit their replacements.

The public face of the cliché detector; the work is done by :mod:`.cliche_catalogue` (the data
file ``data/cliches.json`` and its schema), :mod:`.lemmas` (normalisation), :mod:`.cliche_matcher`
(one Aho–Corasick pass over lemma keys, one over surface words for ``exact`` entries),
:mod:`.cliche_replacements` and :mod:`.cliche_pronouns` (fitting a suggestion in place).

To add a cliché, add an entry to ``data/cliches.json`` (id, phrase, category, severity,
suggestions; optional variants, position, exact) and run ``tests/unit/analysis/``: every wording
must be found as its own entry, no suggestion may be a cliché, and the public-domain prose
fixture must stay under its false-hit budget.

>>> [m.text for m in find_cliches("Her heart pounded in her chest. All of a sudden, it stopped.")]
['Her heart pounded in her chest', 'All of a sudden']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from shortstory.analysis.cliche_catalogue import (
    CATEGORIES,
    SEVERITIES,
    Catalogue,
    CatalogueEntry,
    CatalogueError,
    load_catalogue,
)
from shortstory.analysis.cliche_matcher import ClicheMatcher
from shortstory.analysis.cliche_replacements import inflected_replacement

__all__ = [
    "CATEGORIES",
    "SEVERITIES",
    "Catalogue",
    "CatalogueEntry",
    "CatalogueError",
    "ClicheMatch",
    "catalogue",
    "find_cliches",
    "replacement_for",
]


@dataclass(frozen=True, slots=True)
class ClicheMatch:
    """One cliché found in a text; JSON-ready through :func:`dataclasses.asdict`.

    ``text == original[start:end]``: from the first matched word's start to the last's end.
    """

    start: int
    end: int
    text: str
    id: str
    phrase: str
    category: str
    severity: str
    suggestions: tuple[str, ...]


def catalogue() -> Catalogue:
    """The shipped catalogue (cached): ``entries``, ``by_id`` and ``by_category``."""
    return load_catalogue()


@cache
def _matcher() -> ClicheMatcher:
    return ClicheMatcher(load_catalogue())


def find_cliches(text: str, categories: Iterable[str] | None = None) -> list[ClicheMatch]:
    """Every cliché of the catalogue in ``text``, in order, overlaps resolved to the longest.

    :param categories: only these categories (:data:`CATEGORIES`); all when ``None``.
    :raises ValueError: when a category is unknown.
    """
    wanted: frozenset[str] | None = None
    if categories is not None:
        wanted = frozenset(categories)
        unknown = wanted - set(CATEGORIES)
        if unknown:
            raise ValueError(f"unknown cliché categories {sorted(unknown)}; use {CATEGORIES}")
    return [
        ClicheMatch(
            start=hit.start,
            end=hit.end,
            text=text[hit.start : hit.end],
            id=hit.entry.id,
            phrase=hit.entry.phrase,
            category=hit.entry.category,
            severity=hit.entry.severity,
            suggestions=hit.entry.suggestions,
        )
        for hit in _matcher().find(text, wanted)
    ]


def replacement_for(match: ClicheMatch, text: str) -> str:
    """The match's best suggestion, inflected to stand in place of ``text[match.start:match.end]``.

    Tense, person and number follow the matched words; the first letter's case follows the
    match's. In "My heart pounds in my chest." the match is the whole sentence and the
    replacement is "My pulse knocks against my collarbone".
    """
    return inflected_replacement(text, match.start, match.end, match.phrase, match.suggestions)
