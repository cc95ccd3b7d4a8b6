"""The cliché catalogue: entries loaded from ``analysis/data/cliches.json``, a data file.

Each entry has an ``id``, a ``phrase`` (its base form, as a writer would write it), a
``category`` (:data:`CATEGORIES`), a ``severity`` (:data:`SEVERITIES`), at least one fresh
replacement ``suggestion`` in the same grammatical shape as the phrase, and optional
``variants``: other wordings of the same cliché that inflection alone does not reach
("a shiver ran down her spine" for "a chill ran down her spine"), and an optional ``position``
(:data:`POSITIONS`): a stock opening is a cliché *as an opening*, so entries of the ``opening``
category are by default matched only in a text's first :data:`EDGE_WORDS` words, and ``ending``
entries only in its last ones; an entry that is trite anywhere ("it was a dark and stormy night")
says ``"anywhere"``. A said-bookism ("she hissed", "he growled") is a cliché as a speech
tag: its entry says ``"after_speech"`` and is matched only right after a quotation closes
(``“Get out,” he growled``), never in narration ("the cat hissed at him"). An entry marked
``exact`` is matched on its words as written (lower case, articles kept, no lemmas): "the
chosen one" must not meet "she chose one".

A wording may hold slots, ``{someone}``/``{something}`` for an object and ``{possessive}`` for a
possessor (:mod:`.slots`); the entry's suggestions use the same slots, filled with the
text's words when a suggestion is fitted in place.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

CATEGORIES = (
    "phrase",
    "description",
    "opening",
    "ending",
    "dialogue_tag",
    "stock_character",
    "theme",
)
"""Every category, in the order reports list them."""
SEVERITIES = ("low", "medium", "high")
POSITIONS = ("anywhere", "start", "end", "after_speech")
EDGE_WORDS = 100
"""How many words from a text's start (or end) count as its opening (or ending)."""
_DEFAULT_POSITION = {"opening": "start", "ending": "end"}


class CatalogueError(ValueError):
    """The catalogue data file breaks its schema (module docstring)."""


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    """One cliché of the catalogue."""

    id: str
    phrase: str
    category: str
    severity: str
    suggestions: tuple[str, ...]
    variants: tuple[str, ...] = ()
    position: str = "anywhere"
    exact: bool = False
    source: str = "shortstory"
    """Where the entry comes from: our data file, or a second source such as
    ``"proselint/write-good"`` (:mod:`.sources`), whose entries have no suggestions."""
    also_in: tuple[str, ...] = ()
    """Other sources that list the same cliché (merged into this entry)."""

    @property
    def forms(self) -> tuple[str, ...]:
        """The base form followed by every variant: all the wordings that are matched."""
        return (self.phrase, *self.variants)


@dataclass(frozen=True, slots=True)
class Catalogue:
    """Every entry, in file order, with look-ups by id and by category."""

    entries: tuple[CatalogueEntry, ...]
    by_id: Mapping[str, CatalogueEntry] = field(repr=False)
    by_category: Mapping[str, tuple[CatalogueEntry, ...]] = field(repr=False)

    def __len__(self) -> int:
        return len(self.entries)


def _default_position(raw: Mapping[str, object]) -> str:
    return _DEFAULT_POSITION.get(str(raw.get("category")), "anywhere")


def _entry(raw: Mapping[str, object]) -> CatalogueEntry:
    try:
        entry = CatalogueEntry(
            id=str(raw["id"]),
            phrase=str(raw["phrase"]),
            category=str(raw["category"]),
            severity=str(raw["severity"]),
            suggestions=tuple(str(s) for s in raw["suggestions"]),  # type: ignore[attr-defined]
            variants=tuple(str(v) for v in raw.get("variants", ())),  # type: ignore[attr-defined]
            position=str(raw.get("position") or _default_position(raw)),
            exact=bool(raw.get("exact", False)),
        )
    except (KeyError, TypeError) as exc:
        raise CatalogueError(f"bad entry {raw!r}: {exc}") from None
    if entry.category not in CATEGORIES:
        raise CatalogueError(f"{entry.id}: unknown category {entry.category!r}")
    if entry.severity not in SEVERITIES:
        raise CatalogueError(f"{entry.id}: unknown severity {entry.severity!r}")
    if entry.position not in POSITIONS:
        raise CatalogueError(f"{entry.id}: unknown position {entry.position!r}")
    if not entry.suggestions:
        raise CatalogueError(f"{entry.id}: no suggestion")
    for wording in (*entry.forms, *entry.suggestions):
        _check_slots(entry, wording)
    return entry


_BRACES = re.compile(r"\{([^{}]*)\}")
_SLOT_NAMES = ("someone", "something", "possessive")


def _check_slots(entry: CatalogueEntry, wording: str) -> None:
    names = _BRACES.findall(wording)
    unknown = [name for name in names if name not in _SLOT_NAMES]
    if unknown:
        raise CatalogueError(f"{entry.id}: unknown slot {{{unknown[0]}}} in {wording!r}")
    if names and entry.exact:
        raise CatalogueError(f"{entry.id}: an exact entry cannot hold slots ({wording!r})")
    if names and wording not in entry.suggestions and wording.rstrip(" .!?").endswith("}"):
        raise CatalogueError(f"{entry.id}: {wording!r} ends on a slot")


def parse_catalogue(data: Mapping[str, object]) -> Catalogue:
    """Build a :class:`Catalogue` from the decoded JSON document, checking its schema."""
    raw_entries = data.get("entries")
    if not isinstance(raw_entries, list):
        raise CatalogueError("the document has no 'entries' list")
    return catalogue_of(tuple(_entry(raw) for raw in raw_entries))


def catalogue_of(entries: tuple[CatalogueEntry, ...]) -> Catalogue:
    """A :class:`Catalogue` of ``entries`` with its look-ups.

    :raises CatalogueError: when two entries share an id.
    """
    by_id: dict[str, CatalogueEntry] = {}
    for entry in entries:
        if entry.id in by_id:
            raise CatalogueError(f"duplicate id {entry.id!r}")
        by_id[entry.id] = entry
    by_category = {
        category: tuple(e for e in entries if e.category == category) for category in CATEGORIES
    }
    return Catalogue(entries=entries, by_id=by_id, by_category=by_category)


@cache
def load_catalogue() -> Catalogue:
    """The shipped catalogue, read once per process."""
    source = resources.files("shortstory.analysis").joinpath("data/cliches.json")
    return parse_catalogue(json.loads(source.read_text(encoding="utf-8")))
