"""``estimate_tokens``: the basic properties (the accuracy is checked against a real tokenizer in
``tests/integration/local_llm``)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from shortstory.writers.token_estimate import (
    CAPITALISED_RATE,
    EXTRA_CAPITAL,
    LONG_WORD_RATE,
    PARAGRAPH_BREAK_TOKENS,
    estimate_tokens,
    pieces_estimate,
    prose_estimate,
    tokens_at_most,
)

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


# The estimate reads a paragraph of prose from C-speed scans; the rule it must equal is the
# piece-by-piece one.
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
LINE_ALPHABET = PROSE_ALPHABET.replace("\t", "") + "'''....\n"


def by_the_rule(text: str) -> int:
    paragraphs = text.split("\n\n")
    return sum(map(pieces_estimate, paragraphs)) + PARAGRAPH_BREAK_TOKENS * (len(paragraphs) - 1)


def fixture_paragraphs() -> list[str]:
    paragraphs = []
    for path in sorted(FIXTURES.glob("*/*.txt")):
        for paragraph in path.read_text(encoding="utf-8").split("\n\n"):
            paragraphs += [paragraph, " ".join(paragraph.split())]
    return paragraphs


def test_real_prose_is_read_fast_and_estimated_as_by_the_rule() -> None:
    paragraphs = fixture_paragraphs()
    both = [(prose_estimate(p), pieces_estimate(p)) for p in paragraphs]
    read_fast = [(fast, rule) for fast, rule in both if fast is not None]
    assert len(both) > 500
    assert len(read_fast) > 0.4 * len(both)
    assert [fast for fast, _ in read_fast] == [rule for _, rule in read_fast]
    text = "\n\n".join(paragraphs[:200])
    assert estimate_tokens(text) == by_the_rule(text)


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=LINE_ALPHABET))
def test_the_estimate_of_prose_characters_is_the_rules(text: str) -> None:
    fast = prose_estimate(text)
    assert fast is None or fast == pieces_estimate(text)
    assert estimate_tokens(text) == by_the_rule(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=LINE_ALPHABET + "_²٣\u0301\u00a0\u2028xX"))
def test_the_estimate_of_text_with_other_characters_is_the_rules(text: str) -> None:
    assert estimate_tokens(text) == by_the_rule(text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_the_estimate_of_any_text_is_the_rules(text: str) -> None:
    assert estimate_tokens(text) == by_the_rule(text)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet=PROSE_ALPHABET + "_²٣\u0301\u00a0ÉÜ")))
def test_the_bound_is_never_below_the_estimate(text: str) -> None:
    assert tokens_at_most(text) >= estimate_tokens(text)


def test_the_bound_holds_where_a_piece_costs_more_than_its_length() -> None:
    for text in ("\n5", "\t7", "a\n\n 1 2 3", "é", "ÉÉÉ", "ÜBER 2000", "x\t\t9"):
        assert tokens_at_most(text) >= estimate_tokens(text), text
    paragraphs = fixture_paragraphs()
    assert all(tokens_at_most(p) >= estimate_tokens(p) for p in paragraphs)
    # Prose costs about a token for four characters: the bound is loose, but settles a story
    # that fits the context with room to spare.
    text = "\n\n".join(paragraphs[:40])
    assert estimate_tokens(text) < tokens_at_most(text) < 2 * len(text)


def test_a_sum_on_a_half_is_added_as_the_rule_adds_it() -> None:
    # "cats" 1 token, "abcdefghij" 1.5: 2.5 in all, which the rule's round takes to 2.
    assert prose_estimate("cats abcdefghij") == pieces_estimate("cats abcdefghij") == 2
    assert prose_estimate("3 cats abcdefghij") == pieces_estimate("3 cats abcdefghij") == 4
    assert prose_estimate("cats\n3 abcdefghij") is None  # the rule's odd case: left to it


def test_the_rates_are_whole_tenths_and_only_a_plain_space_is_printable_whitespace() -> None:
    # What lets the estimate add tenths exactly and take a printable text's blanks for spaces.
    for rate in (LONG_WORD_RATE, CAPITALISED_RATE, EXTRA_CAPITAL):
        assert abs(rate * 10 - round(rate * 10)) < 1e-9
    blank = re.compile(r"\s")
    printable_blanks = [c for c in map(chr, range(sys.maxunicode + 1))
                        if c.isprintable() and blank.match(c)]
    assert printable_blanks == [" "]


def test_a_prompt_with_line_breaks_is_read_fast_and_as_by_the_rule() -> None:
    prompt = ('Begin the story: a keeper finds the lamp lit.\nStart with the word "I".\n'
              "Write about 309 words.")
    assert prose_estimate(prompt) == pieces_estimate(prompt)
    assert prose_estimate(prompt) is not None
