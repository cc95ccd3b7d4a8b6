"""The product's one word-count rule, and the tokeniser everything else builds on.

A *word* is a maximal run of letters or digits (any script, combining accents kept with their
letter) that may be joined *inside* by an apostrophe (``'`` ``’`` ``ʼ``) or a hyphen (``-`` ``‐``
``‑``); a number may carry ``.``, ``,`` or ``:`` between digits; an initialism (``U.S.``, ``e.g.``)
is one word. Em and en dashes, slashes, quotes (straight or curly), ellipses and every other
punctuation separate words and are never words themselves.

=========================  =====  ==========================================
text                       words  why
=========================  =====  ==========================================
``well-known``             1      internal hyphen joins
``don't`` / ``don’t``      1      internal apostrophe (straight or curly) joins
``rock’n’roll``            1      several internal apostrophes
``yes—no`` / ``9–5``       2      em and en dashes separate
``“Hello,” she said.``     3      curly quotes are not words
``1,500 words``            2      digit separators stay inside a number
``3.14`` / ``10:30``       1      decimal point, clock time
``the 1990s``              2      a number with a suffix is one word
``20-year-old``            1      hyphenated number-words join
``U.S. troops``            2      an initialism is one word
``Zoë Ångström``           2      unicode letters (composed or decomposed)
``東京``                   1      a run of letters in any script
``and/or``                 2      a slash separates
``wait...what``            2      an ellipsis separates
``— —``                    0      punctuation alone has no words
``’tis``                   1      a leading apostrophe is not part of the word
=========================  =====  ==========================================

Every part of the product counts words through :func:`count_words` and walks them through
:func:`iter_words`, whose offsets index the original string.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_MARK = r"[\u0300-\u036f\u1ab0-\u1aff\u20d0-\u20ff]"  # combining accents
_JOINER = r"['’ʼ\-‐‑]"
# A run of letters (or digits), combining accents kept with the letter before them. Written
# "unrolled" (letters, then accents-and-letters) rather than as a repeated one-letter group,
# which the regex engine walks 40 % slower; every branch opens on a letter or a digit, which
# the lookahead checks once before the branches are tried.
_RUN = rf"[^\W_]+(?:{_MARK}+[^\W_]*)*"

WORD_RE = re.compile(
    rf"""
    (?=[^\W_])(?:
      (?:[^\W\d_]\.){{2,}}(?![^\W_])                  # initialisms: U.S., e.g.
    | \d+(?:[.,:]\d+)*(?:{_RUN})?(?:{_JOINER}{_RUN})*   # numbers: 1,500  3.14  1990s  20-year-old
    | {_RUN}(?:{_JOINER}{_RUN})*                         # words: don't, well-known, Zoë
    )
    """,
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a text: its characters and its ``[start, end)`` offsets in the original."""

    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        """The word lower-cased with curly apostrophes made straight, for comparisons."""
        return normalise_word(self.text)


def normalise_word(word: str) -> str:
    """Lower-case ``word`` and make its apostrophes and hyphens plain ASCII."""
    return word.lower().replace("’", "'").replace("ʼ", "'").replace("‐", "-").replace("‑", "-")


def iter_words(text: str) -> Iterator[Word]:
    """Yield every word of ``text`` in order, with offsets into ``text``."""
    for match in WORD_RE.finditer(text):
        yield Word(match.group(), match.start(), match.end())


def words(text: str) -> list[Word]:
    """Every word of ``text`` as a list (see :func:`iter_words`)."""
    return list(iter_words(text))


def count_words(text: str) -> int:
    """The number of words in ``text`` by the product's one rule (module docstring)."""
    return sum(1 for _ in WORD_RE.finditer(text))
