"""Readability formulas and syllable counts against hand-worked examples.

Tolerance: the module rounds to two decimals, so values are compared within 0.01 of the figure
worked by hand from the counts shown beside each example.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shortstory.analysis.readability import LengthStats, readability, readability_from_counts
from shortstory.analysis.syllables import count_syllables, spelling_syllables

SYLLABLES = [
    ("the", 1),
    ("cat", 1),
    ("beautiful", 3),
    ("lighthouse", 2),
    ("extraordinary", 6),  # CMU: IH0 K S T R AO1 R D AH0 N EH2 R IY0
    ("strangers", 2),
    ("hesitated", 4),
    ("don’t", 1),
    ("Maren’s", 2),  # not in the dictionary: spelling rule on the stem
    ("well-known", 2),  # hyphenated: the sum of its parts
    ("Zoë", 2),  # accents stripped, then found as "zoe"
    ("1990s", 4),  # numbers: a syllable a digit, at most four
    ("東京", 1),  # no rule for other scripts: one a word
]


@pytest.mark.parametrize(("word", "expected"), SYLLABLES)
def test_syllable_table(word: str, expected: int) -> None:
    assert count_syllables(word) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("stairwell", 2),
        ("marenholt", 3),
        ("glimmered", 2),
        ("spinnaker", 3),
        ("lantern", 2),
        ("tables", 2),
        ("wishes", 2),
        ("timely", 2),
        ("station", 2),
        ("a", 1),
    ],
)
def test_spelling_rule_for_words_outside_the_dictionary(word: str, expected: int) -> None:
    assert spelling_syllables(word) == expected


def approx(value: float) -> object:
    return pytest.approx(value, abs=0.01)


def test_one_short_sentence() -> None:
    # W=6, S=1, Y=6, P=C=0, letters=17
    result = readability("The cat sat on the mat.")
    assert (result.words, result.sentences, result.syllables, result.letters) == (6, 1, 6, 17)
    assert result.flesch_reading_ease == approx(206.835 - 1.015 * 6 - 84.6 * 1)
    assert result.flesch_kincaid_grade == approx(0.39 * 6 + 11.8 - 15.59)
    assert result.gunning_fog == approx(2.4)
    assert result.smog_index == approx(3.1291)
    assert result.coleman_liau_index == approx(0.0588 * 1700 / 6 - 0.296 * 100 / 6 - 15.8)


def test_polysyllabic_text() -> None:
    # Syllables 4+4+1+6+3 | 1+1+1 = 21; W=8, S=2; polysyllables = complex = 4; letters 56
    text = "Everybody celebrated the extraordinary announcement. We ate cake."
    result = readability(text)
    assert (result.words, result.sentences, result.syllables) == (8, 2, 21)
    assert (result.polysyllables, result.complex_words, result.letters) == (4, 4, 56)
    assert result.flesch_reading_ease == approx(-19.3)
    assert result.flesch_kincaid_grade == approx(16.945)
    assert result.gunning_fog == approx(21.6)
    assert result.smog_index == approx(11.208)
    assert result.coleman_liau_index == approx(17.96)
    assert result.sentence_length == LengthStats(4.0, 4.0, 1.0, 3, 5)
    assert result.word_length.max == 13 and result.word_length.min == 2


def test_gunning_exceptions_are_not_complex_words() -> None:
    # "Maximilian" (proper noun mid-sentence), "forty-seven" (compound), "repeated" (three
    # syllables only through -ed) are polysyllables but not complex words.
    result = readability("We met Maximilian. He repeated forty-seven jokes.")
    assert result.polysyllables == 3
    assert result.complex_words == 0


def test_plain_prose_reads_easier_than_dense_prose() -> None:
    plain = "She went home. The dog was there. It was wet and glad to see her. They sat down."
    dense = (
        "Institutional considerations necessitated comprehensive reorganisation of "
        "administrative responsibilities, notwithstanding considerable opposition."
    )
    easy, hard = readability(plain), readability(dense)
    assert easy.flesch_reading_ease > 90 > 0 > hard.flesch_reading_ease
    assert easy.flesch_kincaid_grade < 3 < 15 < hard.flesch_kincaid_grade
    assert easy.coleman_liau_index < hard.coleman_liau_index
    assert easy.gunning_fog < hard.gunning_fog


def test_no_words_gives_zeros_not_an_error() -> None:
    assert readability("…").flesch_reading_ease == 0.0
    assert readability_from_counts([], [], 0, 0, 0).words == 0


def test_dict_form_is_json_ready() -> None:
    import json

    data = readability("The cat sat on the mat. It purred.").to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["sentence_length"]["max"] == 6


@settings(deadline=None)  # the first call loads the CMU dictionary
@given(st.lists(st.sampled_from(["cat", "window", "lighthouse", "extraordinary", "ran", "Zoë"]),
                min_size=1, max_size=40), st.integers(1, 8))
def test_same_text_same_scores_and_counts_add_up(vocab: list[str], every: int) -> None:
    sentences = [" ".join(vocab[i : i + every]).capitalize() + "." for i in
                 range(0, len(vocab), every)]
    text = " ".join(sentences)
    first, second = readability(text), readability(text)
    assert first == second
    assert first.words == len(vocab)
    assert first.sentences == len(sentences)
    assert first.syllables == sum(count_syllables(word) for word in vocab)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=40), max_size=60))
def test_length_statistics_from_a_histogram_equal_those_of_the_list(lengths: list[int]) -> None:
    counts: dict[int, int] = {}
    for length in lengths:
        counts[length] = counts.get(length, 0) + 1
    assert LengthStats.of_counts(counts) == LengthStats.of(lengths)


def test_a_capitalised_long_word_is_complex_only_where_it_opens_its_sentence() -> None:
    text = "Remarkable things happened. We met Remarkable again."
    result = readability(text)
    assert result.polysyllables == 2
    assert result.complex_words == 1  # the second is a name mid-sentence
