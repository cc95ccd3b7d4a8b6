"""``estimate_tokens``: the basic properties (the accuracy is checked against a real tokenizer in
``tests/integration/local_llm``)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from shortstory.writers.token_estimate import estimate_tokens

PROSE = (
    '"You\'re late," said Maren, not looking up from the nets.\n\n'
    '"The ferry was late. I\'m only as late as the ferry." Tomas dropped his bag on the quay '
    "at 6:45 and squinted at the grey water... It had cost him £12.50 — and eleven years."
)


def test_empty_text_costs_nothing() -> None:
    assert estimate_tokens("") == 0


def test_short_common_words_cost_a_token_each() -> None:
    assert estimate_tokens("the cat sat on the mat") == 6


def test_digits_punctuation_and_contractions_are_tokens_of_their_own() -> None:
    assert estimate_tokens("in 1984") == 6  # word, space, four digits
    assert estimate_tokens("don't") == 2
    assert estimate_tokens("Wait...") == 2
    assert estimate_tokens('"Yes," she said.') == 6  # " Yes ," she said .


def test_long_and_capitalised_words_cost_more_than_short_ones() -> None:
    assert estimate_tokens("incomprehensibilities") > estimate_tokens("cat")
    assert estimate_tokens("HALVORSEN") > estimate_tokens("halvorsen")


def test_every_prefix_costs_no_more_than_the_whole() -> None:
    counts = [estimate_tokens(PROSE[:end]) for end in range(len(PROSE) + 1)]
    assert counts == sorted(counts)
    assert counts[-1] > 40


def test_repeating_a_passage_scales_the_estimate() -> None:
    once = estimate_tokens(PROSE)
    assert estimate_tokens(PROSE + " " + PROSE) >= 2 * once - 1
    assert estimate_tokens(" ".join([PROSE] * 10)) <= 10 * once + 10


PROSE_ALPHABET = "aeiouAEIOUxyzXYZ éü19 \t\n'’\".,;:-—…?!£%()"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=PROSE_ALPHABET), st.text(alphabet=PROSE_ALPHABET, min_size=1))
def test_appending_prose_characters_never_lowers_the_estimate(text: str, more: str) -> None:
    assert estimate_tokens(text + more) >= estimate_tokens(text)


@settings(max_examples=100, deadline=None)
@given(st.text(), st.text())
def test_appending_any_text_never_lowers_the_estimate(text: str, more: str) -> None:
    assert estimate_tokens(text + more) >= estimate_tokens(text)
