"""Bad input gets one typed error with the field and the limit, never a crash or a truncation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shortstory.analysis.input_checks import MAX_WORDS, AnalysisInputError, check_text


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n", b""])
def test_empty_text_is_refused(text: str | bytes) -> None:
    with pytest.raises(AnalysisInputError) as info:
        check_text(text)
    assert info.value.field == "text"
    assert info.value.limit == 1
    assert "empty" in info.value.problem


def test_punctuation_only_has_no_words() -> None:
    with pytest.raises(AnalysisInputError, match="no words"):
        check_text("— … !?")


def test_text_over_the_ceiling_is_refused_with_the_limit() -> None:
    text = "word " * (MAX_WORDS + 1)
    with pytest.raises(AnalysisInputError) as info:
        check_text(text, field="story.text")
    assert info.value.field == "story.text"
    assert info.value.limit == MAX_WORDS == 7500
    assert str(MAX_WORDS + 1) in info.value.problem
    assert info.value.to_dict() == {
        "field": "story.text",
        "problem": info.value.problem,
        "limit": 7500,
    }


def test_text_at_the_ceiling_is_accepted_whole() -> None:
    text = "word " * MAX_WORDS
    assert check_text(text) == text


def test_a_smaller_ceiling_can_be_asked_for() -> None:
    with pytest.raises(AnalysisInputError) as info:
        check_text("one two three", max_words=2)
    assert info.value.limit == 2


@pytest.mark.parametrize("raw", [b"\xff\xfe bad", b"caf\xe9", b"ok \xc3"])
def test_non_utf8_bytes_are_refused(raw: bytes) -> None:
    with pytest.raises(AnalysisInputError) as info:
        check_text(raw)
    assert info.value.field == "text"
    assert "UTF-8" in info.value.problem


def test_utf8_bytes_are_decoded() -> None:
    assert check_text("Zoë said “hi”.".encode()) == "Zoë said “hi”."


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x0c"])
def test_control_characters_are_refused_with_their_offset(char: str) -> None:
    with pytest.raises(AnalysisInputError) as info:
        check_text(f"A quiet{char} night.")
    assert f"U+{ord(char):04X}" in info.value.problem
    assert "offset 7" in info.value.problem


def test_tabs_and_line_breaks_are_fine() -> None:
    text = "One.\tTwo.\r\nThree.\n"
    assert check_text(text) == text


def test_not_text_is_refused() -> None:
    with pytest.raises(AnalysisInputError, match="must be text"):
        check_text(42)  # type: ignore[arg-type]


def test_error_is_a_value_error_with_a_readable_message() -> None:
    error = AnalysisInputError("premise.idea", "is empty", limit=1)
    assert isinstance(error, ValueError)
    assert str(error) == "premise.idea: is empty"
    assert AnalysisInputError("text", "bad").to_dict() == {"field": "text", "problem": "bad"}


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=80))
def test_printable_text_with_a_word_passes_unchanged(text: str) -> None:
    text = text + " word"
    assert check_text(text) == text
