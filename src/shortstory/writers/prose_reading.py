"""How the model writer reads a passage: its sentences, its words and their offsets, its
normalised and meaningful words.

A beat goes through several passes (cleaning, talk about the writing, repeats, the POV/tense
linter, the cliché matcher, its word count) mostly unchanged, so what they read of it is
remembered by text: each is worked out once per beat.
"""

from __future__ import annotations

import functools
import re

from shortstory.analysis.sentences import Span, paragraph_sentences, split_paragraphs
from shortstory.analysis.vocabulary import FUNCTION_WORDS
from shortstory.analysis.words import WORD_RE, normalise_word


@functools.lru_cache(maxsize=32)
def paragraphs(text: str) -> tuple[tuple[Span, ...], ...]:
    """The sentences of each paragraph of ``text`` (what the POV/tense linter reads)."""
    return tuple(tuple(paragraph_sentences(text, p)) for p in split_paragraphs(text))


def sentences(text: str) -> list[Span]:
    """The sentences of ``text``, as :func:`~shortstory.analysis.sentences.split_sentences`
    finds them."""
    return [sentence for paragraph in paragraphs(text) for sentence in paragraph]


@functools.lru_cache(maxsize=32)
def word_offsets(text: str) -> tuple[list[int], list[int]]:
    """The start and end offsets of the words of ``text`` by the product's word rule."""
    starts, ends = [], []
    for match in WORD_RE.finditer(text):
        starts.append(match.start())
        ends.append(match.end())
    return starts, ends


def word_count(text: str) -> int:
    """The words in ``text``, as :func:`~shortstory.analysis.words.count_words` counts them."""
    return len(word_offsets(text)[0])


@functools.lru_cache(maxsize=16384)
def _normal(word: str) -> str:
    # Prose repeats its words: most are normalised once per process.
    return normalise_word(word)


def word_tokens(text: str) -> list[str]:
    """The words of ``text``, normalised (lower-cased, plain apostrophes and hyphens)."""
    return [_normal(word) for word in WORD_RE.findall(text)]


def content_words(text: str) -> list[str]:
    """The words of ``text`` that carry meaning (no function words), lower-cased."""
    return [w for w in word_tokens(text) if w not in FUNCTION_WORDS]


def tidy(text: str) -> str:
    """``text`` with its paragraphs' blanks made single and empty paragraphs gone."""
    paragraphs = re.split(r"\n\s*\n", text)
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())
