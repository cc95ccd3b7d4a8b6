"""A period genre's words: a story set before the motor car has no tarmac, phones or vans.

The pipeline's ``modern_words`` (``pipeline/data/places.json``) keep modern corners and palette
phrases out of a period genre's plan; the writer's own sentences, scenes and palettes are held
to the same list and to the lexicon's ``period_words`` (more modern things, and for fantasy the
things of any real century since the railway). A word the premise itself names ("a radio
operator in 1941") is the story's own and always fits.
"""

from __future__ import annotations

import re
from functools import lru_cache

from shortstory.pipeline.place_table import modern_words, period_genres
from shortstory.writers.procedural.lexicons import lexicon


@lru_cache(maxsize=16)
def _pattern(genre_id: str) -> re.Pattern[str] | None:
    if genre_id not in period_genres():
        return None
    own = lexicon().get("period_words", {})
    words = {*modern_words(), *own.get("period", ()), *own.get(genre_id, ())}
    ordered = sorted(words, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, ordered)) + r")\b", re.IGNORECASE)


def out_of_period(text: str, genre_id: str, allowed: frozenset[str] = frozenset()) -> str:
    """The first word of ``text`` a story of ``genre_id`` cannot hold ("" when none), words of
    ``allowed`` (the premise's, lower case) aside."""
    pattern = _pattern(genre_id)
    if pattern is None:
        return ""
    for match in pattern.finditer(text):
        word = match.group(0).lower()
        if not set(word.split()) <= allowed:
            return word
    return ""
