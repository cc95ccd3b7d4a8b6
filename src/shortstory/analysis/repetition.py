"""Repetition: repeated sentences, repeated phrases and words used far above their usual rate.

**Repeated sentences.** Sentences (:func:`~shortstory.analysis.sentences.split_sentences`) of at
least three words are compared by their words, lower-cased, punctuation and case ignored; any
that occur twice or more are reported with every occurrence.

**Repeated phrases.** Runs of 3–8 consecutive words that occur at least twice, never crossing a
sentence (and not inside a sentence already reported whole). Only *maximal* ones are reported:
"the light on the water" twice is one finding, not also "the light on", "light on the"… An
occurrence inside a longer repeated phrase's occurrence does not count towards a shorter one. A
phrase with fewer than two content words — words that are neither function words (:data:
`FUNCTION_WORDS`) nor character names — is ignored ("and then she said to Maren", "in the
street"): such phrases are the grammar of a story, not a tic. Occurrences of one phrase never
overlap ("ha ha ha ha"). A phrase longer than eight words is found as overlapping eight-word runs
and reported once, whole.

**Overused words.** A content word (not a function word, not a name, not capitalised mid-sentence,
at least three letters) is overused when it appears at least three times, at least twice per
thousand words, at least :data:`OVERUSE_RATIO` (12) times as often as its ordinary frequency in
English predicts, and at least three times more: expected = words × 10^(zipf − 9), with
:func:`~.vocabulary.zipf` (wordfreq, offline; rare and unknown words count as Zipf 2). The
list is ordered by how far above expectation the word is, and capped.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import repeat

import numpy as np
import numpy.typing as npt

from shortstory.analysis.sentences import Span, split_sentences
from shortstory.analysis.vocabulary import FUNCTION_WORDS, zipf
from shortstory.analysis.word_table import (
    WordTable,
    key_counts,
    key_ids,
    mid_sentence_capitals,
    span_dict,
    word_table,
)
from shortstory.analysis.words import iter_words

MIN_PHRASE_WORDS = 3
MAX_PHRASE_WORDS = 8
MIN_SENTENCE_WORDS = 3
MAX_OVERUSED = 25
OVERUSE_RATIO = 12
"""How many times its ordinary rate a word must be used to count as overused."""


def _occurrences_dict(spans: tuple[Span, ...]) -> dict[str, object]:
    """JSON-ready ``count`` and ``spans`` of a repeated sentence or phrase."""
    return {"count": len(spans), "spans": [span_dict(span) for span in spans]}


@dataclass(frozen=True, slots=True)
class RepeatedSentence:
    """One sentence written more than once: its normalised words and every occurrence."""

    normalised: str
    spans: tuple[Span, ...]

    @property
    def count(self) -> int:
        """How many times the sentence occurs."""
        return len(self.spans)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "normalised": self.normalised,
            **_occurrences_dict(self.spans),
        }


@dataclass(frozen=True, slots=True)
class RepeatedPhrase:
    """A maximal run of three or more words found at several places."""

    phrase: str
    words: int
    spans: tuple[Span, ...]

    @property
    def count(self) -> int:
        """How many (non-overlapping, not subsumed) times the phrase occurs."""
        return len(self.spans)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "phrase": self.phrase,
            "words": self.words,
            **_occurrences_dict(self.spans),
        }


@dataclass(frozen=True, slots=True)
class OverusedWord:
    """A word used far more often than ordinary English would predict."""

    word: str
    count: int
    expected: float
    ratio: float
    per_thousand: float
    spans: tuple[Span, ...]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "word": self.word,
            "count": self.count,
            "expected": self.expected,
            "ratio": self.ratio,
            "per_thousand": self.per_thousand,
            "spans": [span_dict(span) for span in self.spans],
        }


@dataclass(frozen=True, slots=True)
class Repetition:
    """Everything repeated in a text."""

    repeated_sentences: list[RepeatedSentence] = field(default_factory=list)
    repeated_phrases: list[RepeatedPhrase] = field(default_factory=list)
    overused_words: list[OverusedWord] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "repeated_sentences": [item.to_dict() for item in self.repeated_sentences],
            "repeated_phrases": [item.to_dict() for item in self.repeated_phrases],
            "overused_words": [item.to_dict() for item in self.overused_words],
        }


def name_words(characters: Iterable[str]) -> frozenset[str]:
    """The normalised words of every character name (``"Maren Holt"`` → maren, holt)."""
    return frozenset(word.lower for name in characters for word in iter_words(name))


def _span(text: str, start: int, end: int) -> Span:
    return Span(start, end, text[start:end])


def find_repeated_sentences(
    text: str, sentences: Sequence[Span] | None = None, table: WordTable | None = None
) -> list[RepeatedSentence]:
    """Sentences of three words or more that occur more than once (module docstring)."""
    if sentences is None:
        sentences = split_sentences(text)
    if table is None:
        table = word_table(text, sentences)
    groups: dict[str, list[Span]] = defaultdict(list)
    position = 0
    for index, length in enumerate(table.sentence_lengths):
        if length >= MIN_SENTENCE_WORDS:
            groups[" ".join(table.keys[position : position + length])].append(sentences[index])
        position += length
    return [
        RepeatedSentence(key, tuple(spans)) for key, spans in groups.items() if len(spans) > 1
    ]


def find_repeated_phrases(
    text: str,
    characters: Iterable[str] = (),
    sentences: Sequence[Span] | None = None,
) -> list[RepeatedPhrase]:
    """Maximal repeated runs of 3–8 words within sentences (module docstring)."""
    if sentences is None:
        sentences = split_sentences(text)
    return _repeated_phrases(text, word_table(text, sentences), name_words(characters))


def _repeated_phrases(
    text: str,
    table: WordTable,
    names: frozenset[str],
    excluded_sentences: frozenset[int] = frozenset(),
) -> list[RepeatedPhrase]:
    keys = table.keys
    sentence_of = table.sentence
    total = len(keys)
    # Start positions of every repeated n-gram, grown from n-1: a repeated n-gram's prefix is a
    # repeated (n-1)-gram, so only those starts need extending. Keeps the pass near-linear.
    starts_by_n: dict[int, dict[tuple[str, ...], list[int]]] = {}
    candidates = _repeated_starts(key_ids(table), MIN_PHRASE_WORDS)
    for n in range(MIN_PHRASE_WORDS, MAX_PHRASE_WORDS + 1):
        grams: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for start in candidates:
            end = start + n
            if end > total or sentence_of[start] != sentence_of[end - 1]:
                continue
            grams[tuple(keys[start:end])].append(start)
        repeated = {gram: starts for gram, starts in grams.items() if len(starts) > 1}
        if not repeated:
            break
        starts_by_n[n] = repeated
        candidates = sorted({start for starts in repeated.values() for start in starts})
    # The longest reported phrase covering each word; a sentence already reported whole counts
    # as longer than any.
    covered = covered_words(sentence_of, excluded_sentences, MAX_PHRASE_WORDS + 1)
    runs = _kept_runs(starts_by_n, covered, names)
    return [
        RepeatedPhrase(
            " ".join(keys[starts[0] : starts[0] + n]),
            n,
            tuple(_span(text, table.starts[i], table.ends[i + n - 1]) for i in starts),
        )
        for starts, n in _joined_runs(runs)
    ]


def _kept_runs(
    starts_by_n: dict[int, dict[tuple[str, ...], list[int]]],
    covered: list[int],
    names: frozenset[str],
) -> list[tuple[list[int], int]]:
    """The runs to report, longest first, as (each occurrence's first word, length): none with
    under two words neither function words nor names, or inside one reported (``covered``)."""
    runs: list[tuple[list[int], int]] = []
    ignored = (FUNCTION_WORDS | names).__contains__  # counted at C speed
    for n in sorted(starts_by_n, reverse=True):
        for gram, starts in starts_by_n[n].items():
            if n - sum(map(ignored, gram)) < 2:
                continue
            kept: list[int] = []
            for start in starts:
                if kept and start < kept[-1] + n:
                    continue  # overlaps the previous occurrence of the same phrase
                if min(covered[start : start + n]) > n:
                    continue  # inside a longer repeated phrase already reported
                kept.append(start)
            if len(kept) < 2:
                continue
            for start in kept:
                covered[start : start + n] = map(max, covered[start : start + n], repeat(n))
            runs.append((kept, n))
    return runs


def _repeated_starts(ids: npt.NDArray[np.int64], length: int) -> list[int]:
    """Where a run of ``length`` words starts that occurs again somewhere (sentences aside), in
    order: each run read as one number (its numbered words as digits in base the number of
    keys, so equal numbers are equal runs), the numbers sorted (at C speed), each equal to a
    neighbour repeated. A text whose runs would not fit in 63 bits has its runs sorted as
    rows instead (:func:`_repeated_rows`)."""
    runs = len(ids) - length + 1
    if runs < 2:
        return []
    base = int(ids.max()) + 1
    if base**length >= 2**63:
        return _repeated_rows(ids, length)
    codes = ids[:runs].copy()
    for offset in range(1, length):
        codes *= base
        codes += ids[offset : offset + runs]
    order = np.argsort(codes)
    ordered = codes[order]
    same = ordered[1:] == ordered[:-1]
    repeated = np.zeros(runs, dtype=bool)
    repeated[1:] |= same
    repeated[:-1] |= same
    return np.sort(order[repeated]).tolist()


def _repeated_rows(ids: npt.NDArray[np.int64], length: int) -> list[int]:
    """:func:`_repeated_starts` by the runs sorted as rows of numbered words."""
    runs = len(ids) - length + 1
    if runs < 2:
        return []
    columns = [ids[offset : offset + runs] for offset in range(length)]
    order = np.lexsort(columns[::-1])
    same = np.logical_and.reduce([column[order[1:]] == column[order[:-1]] for column in columns])
    repeated = np.zeros(runs, dtype=bool)
    repeated[1:] |= same
    repeated[:-1] |= same
    return np.sort(order[repeated]).tolist()


def covered_words(sentence_of: list[int], sentences: Iterable[int], length: int) -> list[int]:
    """``length`` for each word of ``sentences``, 0 for the others (``sentence_of``: each word's
    sentence, in text order: a sentence's words are found by bisection, not word by word)."""
    covered = [0] * len(sentence_of)
    for sentence in sentences:
        first, last = bisect_left(sentence_of, sentence), bisect_right(sentence_of, sentence)
        covered[first:last] = [length] * (last - first)
    return covered


def _joined_runs(runs: list[tuple[list[int], int]]) -> list[tuple[list[int], int]]:
    """Join longest-length runs that overlap at every occurrence into one longer phrase.

    A phrase of more than :data:`MAX_PHRASE_WORDS` words is found as several overlapping runs
    of that length ("the safety of a child who saw too" + "safety of a child who saw too
    much"); it is reported once, whole.
    """
    joined: list[tuple[list[int], int]] = []
    for starts, n in sorted(runs, key=lambda run: run[0][0]):
        if joined and n == MAX_PHRASE_WORDS:
            previous, length = joined[-1]
            shift = starts[0] - previous[0]
            if (
                length >= MAX_PHRASE_WORDS
                and len(starts) == len(previous)
                and 0 < shift < length
                and all(a - b == shift for a, b in zip(starts, previous, strict=True))
            ):
                joined[-1] = (previous, max(length, shift + n))
                continue
        joined.append((starts, n))
    return joined


def find_overused_words(
    text: str,
    characters: Iterable[str] = (),
    sentences: Sequence[Span] | None = None,
    limit: int = MAX_OVERUSED,
) -> list[OverusedWord]:
    """Content words used far above their ordinary English frequency (module docstring)."""
    if sentences is None:
        sentences = split_sentences(text)
    return _overused_words(text, word_table(text, sentences), name_words(characters), limit)


def _overused_words(
    text: str, table: WordTable, names: frozenset[str], limit: int
) -> list[OverusedWord]:
    total = len(table)
    if total == 0:
        return []
    # Per distinct word; the occurrences' positions are looked up only for the words kept.
    proper = mid_sentence_capitals(text, table)
    kept: dict[str, tuple[float, float]] = {}
    for key, count in key_counts(table).items():
        if count < 3 or count * 1000 < 2 * total or key in proper:
            continue
        if key in FUNCTION_WORDS or key in names or sum(ch.isalpha() for ch in key) < 3:
            continue
        expected = total * 10 ** (zipf(key) - 9)
        if count < OVERUSE_RATIO * expected or count < expected + 3:
            continue
        kept[key] = (expected, count / expected)
    occurrences: dict[str, list[int]] = defaultdict(list)
    if kept:
        for index, key in enumerate(table.keys):
            if key in kept:
                occurrences[key].append(index)
    found: list[tuple[float, OverusedWord]] = []
    for key, (expected, ratio) in kept.items():
        seen = occurrences[key]
        count = len(seen)
        word = OverusedWord(
            word=key,
            count=count,
            expected=round(expected, 3),
            ratio=round(ratio, 1),
            per_thousand=round(count * 1000 / total, 2),
            spans=tuple(_span(text, table.starts[i], table.ends[i]) for i in seen),
        )
        found.append(((count - expected) * math.log(ratio), word))
    found.sort(key=lambda item: (-item[0], item[1].word))
    return [word for _, word in found[:limit]]


def find_repetition(
    text: str,
    characters: Iterable[str] = (),
    sentences: Sequence[Span] | None = None,
    table: WordTable | None = None,
) -> Repetition:
    """Repeated sentences, repeated phrases and overused words of ``text``, with spans.

    :param characters: character names; their words never make a phrase or an overused word.
    :param sentences: the text's sentences if already split.
    :param table: their words if already tokenised (:func:`word_table` of those sentences).
    """
    if sentences is None:
        sentences = split_sentences(text)
    if table is None:
        table = word_table(text, sentences)
    names = name_words(characters)
    repeated_sentences = find_repeated_sentences(text, sentences, table)
    starts = {span.start for item in repeated_sentences for span in item.spans}
    excluded = frozenset(i for i, sentence in enumerate(sentences) if sentence.start in starts)
    return Repetition(
        repeated_sentences=repeated_sentences,
        repeated_phrases=_repeated_phrases(text, table, names, excluded),
        overused_words=_overused_words(text, table, names, MAX_OVERUSED),
    )
