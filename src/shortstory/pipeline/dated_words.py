"""The dated lexicon (``data/dated_words.json``): what a story's time may lack, and since when.

Every word or phrase there has the year from which a reader accepts it (a telephone from 1880,
a radio from 1920, a mobile from 1990). A story with a year of its own (read from its idea by
:mod:`.idea_year`) holds no word dated after that year, whatever its genre. A period genre's
story without one keeps the genre's filter: the ``modern`` words kept out of its plan, and for
its sentences the ``period`` words and its genre's own as well. The plan (:mod:`.world`) and the
procedural writer (``writers/procedural/period.py``) both ask :func:`anachronism`.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from shortstory.pipeline.place_table import period_genres

__all__ = ["anachronism", "dated_words", "modern_words"]

DATA = Path(__file__).parent / "data" / "dated_words.json"


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, int]]:
    with DATA.open(encoding="utf-8") as handle:
        data = json.load(handle)
    groups = {name: words for name, words in data.items() if name not in {"_doc", "genres"}}
    for genre_id, words in data.get("genres", {}).items():
        groups[f"genre:{genre_id}"] = words
    return groups


def dated_words(*groups: str) -> dict[str, int]:
    """Each word of ``groups`` (``modern``, ``period``, ``dated`` or ``genre:<id>``; all when
    none is named) with the year from which a story may hold it."""
    table = _table()
    years: dict[str, int] = {}
    for name in groups or tuple(table):
        for word, year in table.get(name, {}).items():
            years[word] = min(year, years.get(word, year))
    return years


def modern_words() -> list[str]:
    """Words that make a phrase belong to the present day ("the parked van", "diesel")."""
    return list(_table()["modern"])


_LETTERS = re.compile(r"[^\W\d_]+")
"""A run of letters: every word the lexicon dates is one or a few ("t-shirt": "t", "shirt")."""

_Index = dict[str, tuple[frozenset[str], ...]]


@lru_cache(maxsize=64)
def _pattern(genre_id: str, year: int | None,
             sentences: bool) -> tuple[re.Pattern[str], _Index] | None:
    """The pattern of the words a story may not hold, and those words' runs of letters by their
    last run (a text that holds no word's every run cannot match: most sentences, told so
    without the search)."""
    if year is not None:
        words = [w for w, since in dated_words().items() if since > year]
    elif genre_id not in period_genres():
        return None
    elif sentences:
        words = list(dated_words("modern", "period", f"genre:{genre_id}"))
    else:
        words = modern_words()
    if not words:
        return None
    ordered = sorted(words, key=len, reverse=True)
    # A year's words count in the plural too ("computers", "radios"); the genre lists, without
    # one, list theirs as they always have.
    plural = r"(?:e?s)?" if year is not None else ""
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, ordered)) + r")" + plural + r"\b",
                         re.IGNORECASE)
    index: dict[str, set[frozenset[str]]] = {}
    for word in words:
        runs = _LETTERS.findall(word.lower())
        index.setdefault(runs[-1], set()).add(frozenset(runs[:-1]))
    return pattern, {last: tuple(others) for last, others in index.items()}


def _may_hold(text: str, index: _Index) -> bool:
    """Whether ``text`` holds every run of letters of a dated word (its last one perhaps with a
    plural's "s" or "es"): else the pattern cannot match."""
    runs = set(_LETTERS.findall(text.lower()))
    for run in runs:
        for last in (run, run[:-1], run[:-2]) if run.endswith("s") else (run,):
            for others in index.get(last, ()):
                if others <= runs:
                    return True
    return False


def anachronism(text: str, genre_id: str, year: int | None = None,
                allowed: frozenset[str] = frozenset(), *, sentences: bool = True) -> str:
    """The first word of ``text`` a story of ``genre_id`` set in ``year`` cannot hold ("" when
    none), words all of whose parts are in ``allowed`` (the premise's, lower case) aside.

    Without a year only a period genre has such words: every ``modern`` one, and when
    ``sentences`` (the writer's text, not the plan's phrases) its ``period`` and genre words too.
    """
    found = _pattern(genre_id, year, sentences)
    if found is None or not _may_hold(text, found[1]):
        return ""
    for match in found[0].finditer(text):
        word = match.group(0).lower()
        if not any(set(form.split()) <= allowed for form in (
                word, word.removesuffix("s"), word.removesuffix("es"))):
            return word
    return ""
