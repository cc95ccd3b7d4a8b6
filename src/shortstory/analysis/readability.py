"""Readability: the classic formulas and the length statistics they are built from.

Counts: *words* by the product's rule (:mod:`shortstory.analysis.words`), *sentences* by
:func:`shortstory.analysis.sentences.split_sentences` (only those holding a word), *syllables*
by :mod:`shortstory.analysis.syllables` (offline), *letters* are the letters and digits of the
words (apostrophes and hyphens excluded).

With W words, S sentences, Y syllables, P polysyllables (words of three syllables or more) and
C complex words (polysyllables that are neither capitalised mid-sentence, i.e. proper nouns,
nor hyphenated compounds, nor three syllables only by a ``-es``/``-ed``/``-ing`` ending):

=========================  ==================================================================
Flesch reading ease        ``206.835 − 1.015·W/S − 84.6·Y/W``  (higher is easier; 60–70 plain)
Flesch–Kincaid grade       ``0.39·W/S + 11.8·Y/W − 15.59``
Gunning fog                ``0.4·(W/S + 100·C/W)``
SMOG                       ``1.0430·√(P·30/S) + 3.1291``  (defined for any S; best for S ≥ 30)
Coleman–Liau               ``0.0588·L − 0.296·S100 − 15.8``, L letters and S100 sentences per
                           100 words
=========================  ==================================================================

Values are rounded to two decimals. Sentence lengths are in words; word lengths in letters.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from itertools import compress, repeat
from itertools import count as count_from
from operator import itemgetter, le, mul

import numpy as np

from shortstory.analysis.sentences import Span, split_sentences
from shortstory.analysis.syllables import count_syllables
from shortstory.analysis.word_table import WordTable, key_counts, word_table

_INFLECTION_ENDINGS = ("es", "ed", "ing")


@dataclass(frozen=True, slots=True)
class LengthStats:
    """Summary of a list of lengths: mean, median, population standard deviation, min, max."""

    mean: float
    median: float
    stdev: float
    min: int
    max: int

    @classmethod
    def of(cls, lengths: Sequence[int]) -> LengthStats:
        """The statistics of ``lengths`` (all zero for an empty list)."""
        if not lengths:
            return cls(0.0, 0.0, 0.0, 0, 0)
        # Plain float arithmetic: statistics.pstdev works in exact fractions, 10x slower here.
        count = len(lengths)
        mean = math.fsum(lengths) / count
        variance = math.fsum((value - mean) ** 2 for value in lengths) / count
        ordered = sorted(lengths)
        middle = count // 2
        median = ordered[middle] if count % 2 else (ordered[middle - 1] + ordered[middle]) / 2
        return cls(
            mean=round(mean, 2),
            median=float(median),
            stdev=round(math.sqrt(variance), 2),
            min=ordered[0],
            max=ordered[-1],
        )

    @classmethod
    def of_counts(cls, counts: Mapping[int, int]) -> LengthStats:
        """The statistics of the lengths a histogram (``{length: how many}``) describes: the
        same as :meth:`of` on the list it stands for, without making the list."""
        count = sum(counts.values())
        if not count:
            return cls(0.0, 0.0, 0.0, 0, 0)
        ordered = sorted(counts.items())
        mean = math.fsum(length * times for length, times in ordered) / count
        variance = math.fsum((length - mean) ** 2 * times for length, times in ordered) / count
        middle = count // 2
        median = _nth(ordered, middle) if count % 2 else (
            _nth(ordered, middle - 1) + _nth(ordered, middle)
        ) / 2
        return cls(
            mean=round(mean, 2),
            median=float(median),
            stdev=round(math.sqrt(variance), 2),
            min=ordered[0][0],
            max=ordered[-1][0],
        )

    def to_dict(self) -> dict[str, float | int]:
        """JSON-ready form."""
        return asdict(self)


def _nth(ordered: Sequence[tuple[int, int]], index: int) -> int:
    """The ``index``-th (from 0) of the lengths a sorted histogram stands for."""
    seen = 0
    for length, times in ordered:
        seen += times
        if index < seen:
            return length
    raise IndexError(index)


@dataclass(frozen=True, slots=True)
class Readability:
    """Readability scores and the counts and statistics behind them."""

    words: int
    sentences: int
    syllables: int
    polysyllables: int
    complex_words: int
    letters: int
    flesch_reading_ease: float
    flesch_kincaid_grade: float
    gunning_fog: float
    smog_index: float
    coleman_liau_index: float
    sentence_length: LengthStats
    word_length: LengthStats

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        data: dict[str, object] = {
            name: getattr(self, name)
            for name in self.__slots__
        }
        data["sentence_length"] = self.sentence_length.to_dict()
        data["word_length"] = self.word_length.to_dict()
        return data


def _is_complex(key: str, capitalised: bool, syllables: int, sentence_initial: bool) -> bool:
    """Gunning's "complex word": three syllables or more, less his three exceptions."""
    if syllables < 3:
        return False
    if capitalised and not sentence_initial:
        return False  # a proper noun
    if "-" in key:
        return False  # a compound (normalised keys carry only ASCII hyphens)
    return not any(
        key.endswith(ending)
        and len(key) > len(ending) + 2
        and count_syllables(key[: -len(ending)]) < 3
        for ending in _INFLECTION_ENDINGS
    )


def readability(
    text: str, sentences: Sequence[Span] | None = None, table: WordTable | None = None
) -> Readability:
    """Score ``text`` (see the module docstring for every formula and count).

    :param sentences: the text's sentences if already split (saves a second pass).
    :param table: their words if already tokenised (:func:`~.word_table.word_table`).
    """
    if sentences is None:
        sentences = split_sentences(text)
    if table is None:
        table = word_table(text, sentences)
    # Per distinct word, not per occurrence: a text repeats most of its words.
    # A distinct word's facts are remembered from text to text (a story's beats share most of
    # their words) and summed with its count by C-speed maps.
    counts = key_counts(table)
    keys, times = list(counts), list(counts.values())
    facts = list(map(_word_facts, keys))
    syllables_of = list(map(itemgetter(0), facts))
    syllables = sum(map(mul, syllables_of, times))
    polysyllables = sum(compress(times, map(le, repeat(3), syllables_of)))
    letters_of = _histogram(map(itemgetter(1), facts), times, len(facts))
    long_words = set(compress(keys, map(itemgetter(2), facts)))
    # A complex word capitalised mid-sentence is a proper noun: only those occurrences are read.
    # Their occurrences are found at C speed, and only those are read.
    complex_words = 0
    if long_words:
        capitalised, initial = table.capitalised(text), table.initial
        complex_words = sum(
            initial[index] or not capitalised[index]
            for index in compress(count_from(), map(long_words.__contains__, table.keys))
        )
    sentence_lengths = [length for length in table.sentence_lengths if length]
    return _scores(sentence_lengths, letters_of, syllables, polysyllables, complex_words)


def _histogram(values: Iterable[int], times: list[int], size: int) -> Counter[int]:
    """How many times each of ``size`` non-negative ``values`` occurs, each counted ``times``
    (summed at C speed by numpy: exact, the sums being far below 2**53)."""
    hist = np.bincount(np.fromiter(values, np.int64, size), weights=np.array(times, np.float64))
    held = np.flatnonzero(hist)
    return Counter(dict(zip(held.tolist(), hist[held].astype(np.int64).tolist(), strict=True)))


@lru_cache(maxsize=65_536)
def _word_facts(key: str) -> tuple[int, int, bool]:
    """A key's syllables, its letters, and whether it is a complex word where it is no proper
    noun (:func:`_is_complex`)."""
    syllables = count_syllables(key)
    return syllables, _letters(key), _is_complex(key, False, syllables, True)


def _letters(key: str) -> int:
    if key.isalnum():
        return len(key)
    return sum(1 for ch in key if ch.isalnum())


def readability_from_counts(
    sentence_lengths: Sequence[int],
    word_lengths: Sequence[int],
    syllables: int,
    polysyllables: int,
    complex_words: int,
) -> Readability:
    """Compute every score from raw counts (words per sentence, letters per word, syllables)."""
    return _scores(
        sentence_lengths, Counter(word_lengths), syllables, polysyllables, complex_words
    )


def _scores(
    sentence_lengths: Sequence[int],
    word_lengths: Counter[int],
    syllables: int,
    polysyllables: int,
    complex_words: int,
) -> Readability:
    """:func:`readability_from_counts` with the word lengths as a histogram (length: count)."""
    n_words = sum(sentence_lengths)
    n_sentences = len(sentence_lengths)
    letters = sum(length * count for length, count in word_lengths.items())
    if n_words == 0 or n_sentences == 0:
        zero = LengthStats.of([])
        return Readability(0, 0, 0, 0, 0, 0, 0.0, 0.0, 0.0, 0.0, 0.0, zero, zero)
    words_per_sentence = n_words / n_sentences
    syllables_per_word = syllables / n_words
    return Readability(
        words=n_words,
        sentences=n_sentences,
        syllables=syllables,
        polysyllables=polysyllables,
        complex_words=complex_words,
        letters=letters,
        flesch_reading_ease=round(
            206.835 - 1.015 * words_per_sentence - 84.6 * syllables_per_word, 2
        ),
        flesch_kincaid_grade=round(
            0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59, 2
        ),
        gunning_fog=round(0.4 * (words_per_sentence + 100 * complex_words / n_words), 2),
        smog_index=round(1.0430 * math.sqrt(polysyllables * 30 / n_sentences) + 3.1291, 2),
        coleman_liau_index=round(
            0.0588 * (100 * letters / n_words) - 0.296 * (100 * n_sentences / n_words) - 15.8, 2
        ),
        sentence_length=LengthStats.of(sentence_lengths),
        word_length=LengthStats.of_counts(word_lengths),
    )
