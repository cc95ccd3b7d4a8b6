"""Stock wordings flagged without a suggestion of ours (``data/stock_phrases.json``).

Some clichés have no one plain replacement that fits every wording in place: a horror line
("is anybody there?"), a stock weather or light description ("dappled sunlight", "a leaden
sky"), a romance beat ("heat pooled in her belly"). Each group of the data file lists the
wordings of one family with its category and severity; like the verb similes of
:mod:`.similes`, its entry has no suggestion, so a match gets a span and a category and the
repair pass leaves the words as they are (:func:`~.detector.replacement_for`). Wordings may hold
slots (:mod:`.slots`); a group may say ``position`` as our catalogue does.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from shortstory.analysis.cliches.catalogue import (
    CATEGORIES,
    POSITIONS,
    SEVERITIES,
    Catalogue,
    CatalogueEntry,
    CatalogueError,
)
from shortstory.analysis.cliches.matcher import ClicheMatcher
from shortstory.analysis.cliches.slots import DEFAULT_FILLERS, SLOT_RE

SOURCE = "shortstory/stock"


@cache
def stock_entries() -> tuple[CatalogueEntry, ...]:
    """An entry for every group of the data file, its first wording as the phrase."""
    source = resources.files("shortstory.analysis").joinpath("data/stock_phrases.json")
    entries = []
    for group in json.loads(source.read_text(encoding="utf-8"))["groups"]:
        category = str(group["category"])
        entry = CatalogueEntry(
            id=f"stock-{group['id']}",
            phrase=str(group["wordings"][0]),
            category=category,
            severity=str(group.get("severity", "medium")),
            suggestions=(),
            variants=tuple(str(w) for w in group["wordings"][1:]),
            position=str(
                group.get("position")
                or {"opening": "start", "ending": "end"}.get(category, "anywhere")
            ),
            source=SOURCE,
        )
        if (
            entry.category not in CATEGORIES
            or entry.severity not in SEVERITIES
            or (entry.position not in POSITIONS)
        ):
            raise CatalogueError(f"{entry.id}: bad category, severity or position")
        entries.append(entry)
    return tuple(entries)


def stock_not_in(ours: Catalogue) -> tuple[CatalogueEntry, ...]:
    """The stock entries, each less the wordings our catalogue already finds whole."""
    matcher = ClicheMatcher(ours)
    kept = []
    for entry in stock_entries():
        forms = [form for form in entry.forms if not _found_whole(matcher, form)]
        if forms:
            kept.append(CatalogueEntry(
                id=entry.id, phrase=forms[0], category=entry.category, severity=entry.severity,
                suggestions=(), variants=tuple(forms[1:]), position=entry.position,
                source=SOURCE,
            ))  # fmt: skip
    return tuple(kept)


def _found_whole(matcher: ClicheMatcher, form: str) -> bool:
    text = SLOT_RE.sub(lambda m: DEFAULT_FILLERS[m.group(1)], form)
    words = len(text.split())
    return any(hit.first_word <= 1 and hit.last_word >= words - 1 for hit in matcher.find(text))
