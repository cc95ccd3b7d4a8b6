"""A story's time in its sentences: one set before the motor car has no tarmac, phones or vans.

The writer's own sentences, scenes and palettes are held to the pipeline's dated lexicon
(:mod:`shortstory.pipeline.dated_words`): a story whose idea names its year holds no word dated
after it, whatever its genre; a period genre's story without one holds none of the lexicon's
``modern`` and ``period`` words, nor its genre's own (for fantasy, the things of any real
century since the railway). A word the premise itself names ("a radio operator in 1941") is the
story's own and always fits.
"""

from __future__ import annotations

from shortstory.pipeline.dated_words import anachronism


def out_of_period(text: str, genre_id: str, allowed: frozenset[str] = frozenset(),
                  year: int | None = None) -> str:
    """The first word of ``text`` a story of ``genre_id`` set in ``year`` (None: the idea names
    none) cannot hold ("" when none), words of ``allowed`` (the premise's, lower case) aside."""
    return anachronism(text, genre_id, year, allowed)
