"""Clichés: find catalogue phrases in a text, with exact spans, and fit their replacements.

The public face of the cliché detector; the work is done by :mod:`.catalogue` (the data
file ``data/cliches.json`` and its schema), :mod:`~shortstory.analysis.lemmas`
(normalisation), :mod:`.matcher`
(one Aho–Corasick pass over lemma keys, one over surface words for ``exact`` entries),
:mod:`.replacements` and :mod:`.pronouns` (fitting a suggestion in place).

To add a cliché, add an entry to ``data/cliches.json`` (id, phrase, category, severity,
suggestions; optional variants, position, exact) and run ``tests/unit/analysis/``: every wording
must be found as its own entry, no suggestion may be a cliché, and the public-domain prose
fixture must stay under its false-hit budget.

>>> [m.text for m in find_cliches("Her heart pounded in her chest. All of a sudden, it stopped.")]
['Her heart pounded in her chest', 'All of a sudden']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from shortstory.analysis.cliches.catalogue import (
    CATEGORIES,
    SEVERITIES,
    Catalogue,
    CatalogueEntry,
    CatalogueError,
    catalogue_of,
    load_catalogue,
)
from shortstory.analysis.cliches.matcher import ClicheMatcher, Hit
from shortstory.analysis.cliches.replacements import inflected_replacement
from shortstory.analysis.cliches.similes import similes_not_in
from shortstory.analysis.cliches.slots import DEFAULT_FILLERS, OBJECT, SLOT_RE
from shortstory.analysis.cliches.sources import merged_catalogue, proselint_phrases
from shortstory.analysis.cliches.stock import stock_not_in
from shortstory.analysis.lemmas import PERSON_WORDS
from shortstory.analysis.reading import Reading

__all__ = [
    "CATEGORIES",
    "SEVERITIES",
    "Catalogue",
    "CatalogueEntry",
    "CatalogueError",
    "ClicheMatch",
    "SlotFill",
    "catalogue",
    "fill_slots",
    "find_cliches",
    "full_catalogue",
    "replacement_for",
]


@dataclass(frozen=True, slots=True)
class SlotFill:
    """The words of the text that fill one slot of the matched wording (``text[start:end]``);
    ``kind`` is ``"object"`` ({someone}, {something}) or ``"possessor"`` ({possessive})."""

    kind: str
    start: int
    end: int
    text: str


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
    slots: tuple[SlotFill, ...] = ()
    source: str = "shortstory"
    """``"shortstory"`` for our catalogue's entries, else the list it came from
    (``"proselint/write-good"``…): such an entry has no suggestion."""


def catalogue() -> Catalogue:
    """Our own catalogue, the data file (cached): ``entries``, ``by_id`` and ``by_category``.

    Every entry has suggestions; :func:`full_catalogue` adds the second source's entries.
    """
    return load_catalogue()


@cache
def full_catalogue() -> Catalogue:
    """What :func:`find_cliches` looks for: our catalogue, the stock similes it lacks
    (:mod:`.similes`), the stock wordings flagged without a suggestion (:mod:`.stock`), and
    proselint's lists merged in (:mod:`.sources`), read once per process."""
    ours = load_catalogue()
    with_similes = catalogue_of(ours.entries + similes_not_in(ours) + stock_not_in(ours))
    return merged_catalogue(with_similes, proselint_phrases())


@cache
def _matcher() -> ClicheMatcher:
    return ClicheMatcher(full_catalogue())


def find_cliches(
    text: str,
    categories: Iterable[str] | None = None,
    *,
    offsets: tuple[list[int], list[int]] | None = None,
    reading: Reading | None = None,
) -> list[ClicheMatch]:
    """Every cliché of the catalogue in ``text``, in order, overlaps resolved to the longest.

    :param categories: only these categories (:data:`CATEGORIES`); all when ``None``.
    :param offsets: the start and end offsets of the text's words by the product's word rule,
        when the caller already has them (:func:`~shortstory.analysis.word_table.word_table` does).
    :param reading: the text's :class:`~shortstory.analysis.reading.Reading`, when the caller
        has one (a full analysis, the writer's judge): its words and keys are read.
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
            slots=_fills(text, hit),
            source=hit.entry.source,
        )
        for hit in _matcher().find(
            text, wanted, offsets, reading.table if reading is not None else None
        )
    ]


def _fills(text: str, hit: Hit) -> tuple[SlotFill, ...]:
    if not hit.slots:
        return ()
    kinds = hit.slot_kinds
    return tuple(
        SlotFill("object" if kind == OBJECT else "possessor", start, end, text[start:end])
        for kind, (start, end) in zip(kinds, hit.slots, strict=True)
    )


def _mid_sentence(words: str) -> str:
    """A pronoun that opened a sentence ("My", "Her") in lower case, for another place."""
    lowered = words.lower()
    return lowered if lowered in PERSON_WORDS and lowered != "i" else words


def fill_slots(wording: str, fills: Iterable[SlotFill]) -> str:
    """``wording`` with its slots filled by the match's words of the same kind, in order; a slot
    the match left empty (or lacks) reads as :data:`~.slots.DEFAULT_FILLERS` says."""
    by_kind: dict[str, list[str]] = {"object": [], "possessor": []}
    for fill in fills:
        by_kind[fill.kind].append(fill.text)
    used = {"object": 0, "possessor": 0}

    def filled(found: re.Match[str]) -> str:
        name = found.group(1)
        kind = "possessor" if name == "possessive" else "object"
        texts, index = by_kind[kind], used[kind]
        used[kind] += 1
        if index < len(texts) and texts[index]:
            return _mid_sentence(texts[index])
        if texts and texts[-1].lower() not in ("", "a", "an", "the") and kind == "possessor":
            # "{possessive} breath caught in {possessive} throat": one owner for both
            return _mid_sentence(texts[-1])
        return DEFAULT_FILLERS[name]

    return SLOT_RE.sub(filled, wording)


def replacement_for(match: ClicheMatch, text: str) -> str:
    """The match's best suggestion, inflected to stand in place of ``text[match.start:match.end]``.

    Tense, person and number follow the matched words; the first letter's case follows the
    match's. In "My heart pounds in my chest." the match is the whole sentence and the
    replacement is "My pulse knocks against my collarbone".
    """
    if not match.suggestions:
        return match.text  # an entry of a second source (proselint): flagged, not rewritten
    # The phrase keeps its own person ("her", "him"): the fitting reads the person to shift
    # from there, while the suggestions take the text's own object and possessor.
    phrase = fill_slots(match.phrase, ())
    suggestions = [fill_slots(s, match.slots) for s in match.suggestions]
    return inflected_replacement(text, match.start, match.end, phrase, suggestions)
