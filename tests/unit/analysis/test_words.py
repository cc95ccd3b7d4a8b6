"""The product's one word-count rule: the docstring's example table, and its invariants."""

from __future__ import annotations

import itertools
import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shortstory.analysis.words import count_words, iter_words, words

# The table in words.py's module docstring, row by row.
EXAMPLES = [
    ("well-known", 1),
    ("don't", 1),
    ("don’t", 1),
    ("rock’n’roll", 1),
    ("yes—no", 2),
    ("9–5", 2),
    ("“Hello,” she said.", 3),
    ("1,500 words", 2),
    ("3.14", 1),
    ("10:30", 1),
    ("the 1990s", 2),
    ("20-year-old", 1),
    ("U.S. troops", 2),
    ("Zoë Ångström", 2),
    (unicodedata.normalize("NFD", "Zoë Ångström"), 2),
    ("東京", 1),
    ("and/or", 2),
    ("wait...what", 2),
    ("— —", 0),
    ("’tis", 1),
]


@pytest.mark.parametrize(("text", "expected"), EXAMPLES)
def test_docstring_table(text: str, expected: int) -> None:
    assert count_words(text) == expected


def test_docstring_table_is_the_tested_table() -> None:
    from shortstory.analysis import words as module

    doc = module.__doc__ or ""
    for text, _ in EXAMPLES:
        if unicodedata.is_normalized("NFC", text):
            assert f"``{text}``" in doc


def test_leading_apostrophe_is_not_part_of_the_word() -> None:
    (word,) = words("’tis")
    assert word.text == "tis"


def test_curly_and_straight_apostrophes_compare_equal() -> None:
    assert words("don’t")[0].lower == words("DON'T")[0].lower == "don't"


TEXTS = st.text(
    alphabet=st.sampled_from(list("abcdeé東 -—–'’.,:;!?“”\"\n\t0123456789ZÅ")),
    max_size=200,
)


@given(TEXTS)
def test_offsets_slice_the_original(text: str) -> None:
    for word in iter_words(text):
        assert text[word.start : word.end] == word.text
        assert word.text


@given(TEXTS)
def test_count_matches_iteration_and_words_do_not_overlap(text: str) -> None:
    found = words(text)
    assert count_words(text) == len(found)
    for before, after in itertools.pairwise(found):
        assert before.end <= after.start


@given(st.lists(st.from_regex(r"[a-z]{1,8}", fullmatch=True), min_size=1, max_size=30))
def test_space_joined_plain_words_count_one_each(parts: list[str]) -> None:
    assert count_words(" ".join(parts)) == len(parts)


@given(TEXTS, TEXTS)
def test_count_is_additive_across_a_space(left: str, right: str) -> None:
    assert count_words(left + " " + right) == count_words(left) + count_words(right)


# The rule stated plainly, one letter (with its accents) at a time: the oracle the faster
# pattern of words.py must agree with.
_LETTER = r"(?:[^\W_][\u0300-\u036f\u1ab0-\u1aff\u20d0-\u20ff]*)"
_PLAIN_RULE = re.compile(
    rf"""
    (?:[^\W\d_]\.){{2,}}(?![^\W_])
    | \d+(?:[.,:]\d+)*{_LETTER}*(?:['’ʼ\-‐‑]{_LETTER}+)*
    | {_LETTER}+(?:['’ʼ\-‐‑]{_LETTER}+)*
    """,
    re.VERBOSE,
)
_PIECES = [*"aZé9٣_ .,:'’ʼ-‐‑—/\u0301\u1ab0\u20d0İΣ東\n\"", "e\u0301", "1,5", "U.S.", "3.14"]


@given(st.lists(st.sampled_from(_PIECES), max_size=16).map("".join))
def test_the_word_pattern_finds_what_the_plain_rule_finds(text: str) -> None:
    assert [w.start for w in iter_words(text)] == [m.start() for m in _PLAIN_RULE.finditer(text)]
    assert [w.end for w in iter_words(text)] == [m.end() for m in _PLAIN_RULE.finditer(text)]
