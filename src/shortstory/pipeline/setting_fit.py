"""Whether a phrase belongs at the idea's own place: words that tie a phrase to some places
(``bound_words`` in ``data/places.json``: an airlock belongs on a ship or a colony, a tide table
by the sea) keep it from a story set anywhere else. The world's palette, obstacles, turns, cast
and objects are read so, and the writer reads its templates' own words the same way: a science
fiction scene's "ship time" never reaches a village."""

from __future__ import annotations

import re
from functools import lru_cache

from shortstory.pipeline.place_table import bound_words, listed_place
from shortstory.pipeline.situation import Situation


@lru_cache(maxsize=1)
def _bound_patterns() -> list[tuple[str, re.Pattern[str], frozenset[str]]]:
    return [(word, re.compile(rf"\b{re.escape(word)}(?:s|es)?\b"), frozenset(where))
            for word, where in bound_words().items()]


@lru_cache(maxsize=8192)
def _ties(phrase: str) -> tuple[frozenset[str], ...]:
    # Read once per phrase: a genre's palette and a template are the same for every story.
    lower = phrase.lower()
    return tuple(allowed for word, pattern, allowed in _bound_patterns()
                 if word in lower and pattern.search(lower))


def fits(phrase: str, where: set[str] | frozenset[str]) -> bool:
    """Whether no bound word in ``phrase`` ties it to places other than ``where``."""
    return all(where & allowed for allowed in _ties(phrase))


ELSEWHERE = frozenset({"colony", "dome", "moon", "observatory", "ship", "mine", "station",
                       "junction", "ferry", "harbour", "island", "lighthouse", "river", "bridge",
                       "city"})
"""The places a genre's own settings lie in and an ordinary place is not (a spaceship, a ferry,
a railway junction): a word bound only to these marks a line or a prop as set there. A word
bound to ordinary rooms as well (a kitchen, a bed, a car) is left to the scene: a story may
leave its place, or speak of a hospital that rang."""


@lru_cache(maxsize=1)
def _elsewhere() -> re.Pattern[str]:
    words = [word for word, where in bound_words().items()
             if where and frozenset(where) <= ELSEWHERE]
    alternation = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    return re.compile(rf"\b(?:{alternation})(?:s|es)?\b")


@lru_cache(maxsize=8192)
def _scene_ties(phrase: str) -> tuple[frozenset[str], ...]:
    # Templates are many and most name no setting: one pass of one pattern rules them out.
    if not _elsewhere().search(phrase.lower()):
        return ()
    return tuple(allowed for allowed in _ties(phrase) if allowed <= ELSEWHERE and allowed)


def fits_scene(phrase: str, where: set[str] | frozenset[str]) -> bool:
    """Whether no word of ``phrase`` sets it in one of the genres' own settings (``ELSEWHERE``)
    other than ``where``: the check for templates and props, laxer than :func:`fits`."""
    return all(where & allowed for allowed in _scene_ties(phrase))


def own_place(situation: Situation) -> frozenset[str]:
    """The names the idea's own place answers to (its table name and kind); empty when the idea
    names no place, and the genre's settings are the story's."""
    if not situation.place:
        return frozenset()
    return frozenset({listed_place(situation.place), situation.kind} - {""})
