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
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from shortstory.analysis.sentences import Span, split_sentences
from shortstory.analysis.syllables import count_syllables
from shortstory.analysis.words import Word, iter_words

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
        return cls(
            mean=round(statistics.fmean(lengths), 2),
            median=float(statistics.median(lengths)),
            stdev=round(statistics.pstdev(lengths), 2),
            min=min(lengths),
            max=max(lengths),
        )

    def to_dict(self) -> dict[str, float | int]:
        """JSON-ready form."""
        return asdict(self)


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
            for name in self.__slots__  # type: ignore[attr-defined]
        }
        data["sentence_length"] = self.sentence_length.to_dict()
        data["word_length"] = self.word_length.to_dict()
        return data


def _letters(word: Word) -> int:
    return sum(1 for ch in word.text if ch.isalnum())


def _is_complex(word: Word, syllables: int, sentence_initial: bool) -> bool:
    """Gunning's "complex word": three syllables or more, less his three exceptions."""
    if syllables < 3:
        return False
    if not sentence_initial and word.text[:1].isupper():
        return False  # a proper noun
    if "-" in word.text or "‐" in word.text or "‑" in word.text:
        return False
    lower = word.lower
    for ending in _INFLECTION_ENDINGS:
        if (
            lower.endswith(ending)
            and len(lower) > len(ending) + 2
            and count_syllables(lower[: -len(ending)]) < 3
        ):
            return False
    return True


def readability(text: str, sentences: Sequence[Span] | None = None) -> Readability:
    """Score ``text`` (see the module docstring for every formula and count).

    :param sentences: the text's sentences if already split (saves a second pass).
    """
    if sentences is None:
        sentences = split_sentences(text)
    sentence_lengths: list[int] = []
    word_lengths: list[int] = []
    syllables = polysyllables = complex_words = 0
    for sentence in sentences:
        in_sentence = 0
        for word in iter_words(sentence.text):
            word_syllables = count_syllables(word.text)
            syllables += word_syllables
            if word_syllables >= 3:
                polysyllables += 1
            if _is_complex(word, word_syllables, sentence_initial=in_sentence == 0):
                complex_words += 1
            word_lengths.append(_letters(word))
            in_sentence += 1
        if in_sentence:
            sentence_lengths.append(in_sentence)
    return readability_from_counts(
        sentence_lengths, word_lengths, syllables, polysyllables, complex_words
    )


def readability_from_counts(
    sentence_lengths: Sequence[int],
    word_lengths: Sequence[int],
    syllables: int,
    polysyllables: int,
    complex_words: int,
) -> Readability:
    """Compute every score from raw counts (words per sentence, letters per word, syllables)."""
    n_words = sum(sentence_lengths)
    n_sentences = len(sentence_lengths)
    letters = sum(word_lengths)
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
        word_length=LengthStats.of(word_lengths),
    )
