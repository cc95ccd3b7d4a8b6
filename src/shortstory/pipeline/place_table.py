"""The table of places (``data/places.json``): each place's kind, corners and sensory palette, the
roles that work there, and what kind of spot a corner is (a room, an open space, a surface).

Read by :mod:`.situation` (which place an idea names) and :mod:`.world` (the story's palette);
the writer asks :func:`corner_frame` which preposition and frames a corner takes.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["bound_words", "corner_frame", "listed_place", "period_genres", "place_palette",
           "place_times"]

DATA = Path(__file__).parent / "data" / "places.json"
_DETERMINERS = frozenset({"a", "an", "the", "his", "her", "their", "its", "my", "your", "our",
                          "one", "every", "same", "last", "first", "each", "this", "that"})


@lru_cache(maxsize=1)
def _places() -> dict[str, Any]:
    with DATA.open(encoding="utf-8") as handle:
        return json.load(handle)


def listed_place(place: str) -> str:
    """The table's name for ``place`` ("the lido" is its "pool"; "the school playground" belongs
    to its "school"), or its own name without its article when the table does not list it."""
    name = re.sub(r"^the\s+", "", place)
    table = _places()
    names = {**table["place_names"], **table["phrase_names"]}
    if name in table["places"]:
        return name
    if name in names:
        return str(names[name])
    for word in reversed(name.lower().split()[:-1]):
        # "the school playground" belongs to a school, "the allotment shed" to an allotment
        if word in table["places"] or word in table["place_names"]:
            return str(table["place_names"].get(word, word))
    return name


def place_palette(place: str, kind: str = "") -> tuple[str, dict[str, list[str]],
                                                      dict[str, list[str]]]:
    """The kind of ``place`` ("the lighthouse"), its own sensory phrases and its kind's, per sense.

    A place the table does not list has only the phrases of ``kind`` (none without one); a place
    without its own has its kind's.
    """
    table = _places()
    entry = table["places"].get(listed_place(place))
    if entry is None:
        return kind, {}, dict(table["kind_palettes"].get(kind, {}))
    kind = entry["kind"]
    return kind, dict(entry.get("palette", {})), dict(table["kind_palettes"].get(kind, {}))


def period_genres() -> frozenset[str]:
    """Genres whose stories happen before the present day: without a year of their own they
    take no modern phrase (:mod:`.dated_words`)."""
    return frozenset(_places()["period_genres"])


def place_times() -> list[str]:
    """Times of year, weather and hour that fit any place (for a story at the idea's place)."""
    return list(_places()["times"])


def bound_words() -> dict[str, list[str]]:
    """Words that tie a genre palette phrase to the places (or kinds) it belongs to."""
    return dict(_places()["bound_words"])


_CORNER_CUT = frozenset({"of", "with", "by", "under", "below", "behind", "above", "beyond", "at",
                         "on", "in", "where", "that", "which", "who", "for", "to", "between",
                         "during", "after", "full", "outside", "round", "nobody", "used", "into",
                         "from", "near", "beside"})


@lru_cache(maxsize=1024)
def corner_frame(phrase: str) -> str:
    """What kind of spot a place phrase names: ``room``, ``open``, ``surface`` or ``fixture``.

    Read from its head noun by ``places.json``'s ``corner_frames`` ("the rock ledge below the
    tower" -> ``surface``); a head the table does not list is a room.
    """
    words = [w.strip(",;:.").lower() for w in phrase.split()]
    if words and words[0] in _DETERMINERS:
        words = words[1:]
    head = ""
    for word in words:
        if word in _CORNER_CUT:
            break
        head = word
    for frame, heads in _places().get("corner_frames", {}).items():
        if head in heads:
            return frame
    return "room"


def common_corners(entry: dict[str, Any]) -> list[str]:
    """The corners any place of ``entry``'s sort has: its kind's (a building's front door and
    porch), or a world of its own's (``"commons": "vessel"``: a ship's mess and engine room)."""
    table = _places()
    own = entry.get("commons")
    return list(table["commons"][own] if own else table["kinds"][entry["kind"]])

