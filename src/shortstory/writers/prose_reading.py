"""How the model writer reads a passage: its sentences, its words and their offsets, its
normalised and meaningful words.

A beat goes through several passes (cleaning, talk about the writing, repeats, the POV/tense
linter, the cliché matcher, its word count) mostly unchanged, so what they read of it is
remembered by text: the analysis' one reading of it (:class:`~shortstory.analysis.reading.
Reading`: paragraphs, sentences, words) is made once per beat and read by all of them.
"""

from __future__ import annotations

import functools
import re

from shortstory.analysis.reading import Reading, read_text
from shortstory.analysis.sentences import Span
from shortstory.analysis.vocabulary import FUNCTION_WORDS
from shortstory.analysis.words import WORD_RE, normalise_word


@functools.lru_cache(maxsize=32)
def reading(text: str) -> Reading:
    """The analysis' reading of ``text``, made once per text (module docstring)."""
    return read_text(text)


def sentences(text: str) -> list[Span]:
    """The sentences of ``text``, as :func:`~shortstory.analysis.sentences.split_sentences`
    finds them."""
    return list(reading(text).sentences)


def sentence_words(text: str) -> list[tuple[Span, list[str]]]:
    """Each sentence of ``text`` with its words normalised (what :func:`word_tokens` gives for
    the sentence's text), read off the text's one reading."""
    table = reading(text).table
    keys, out, position = table.keys, [], 0
    for sentence, length in zip(reading(text).sentences, table.sentence_lengths, strict=True):
        out.append((sentence, keys[position : position + length]))
        position += length
    return out


def word_offsets(text: str) -> tuple[list[int], list[int]]:
    """The start and end offsets of the words of ``text`` by the product's word rule."""
    table = reading(text).table
    return table.starts, table.ends


def word_count(text: str) -> int:
    """The words in ``text``, as :func:`~shortstory.analysis.words.count_words` counts them
    (the reading's sentences cover the whole text, so its words are all of them)."""
    return len(reading(text).table)


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
