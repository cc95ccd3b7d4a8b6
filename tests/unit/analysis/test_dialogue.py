"""Dialogue spans: straight, curly, nested and multi-paragraph quotes; apostrophes aren't quotes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shortstory.analysis.speakers import dialogue_spans, narration_spans


def speech(text: str) -> list[str]:
    return [span.text for span in dialogue_spans(text)]


def narration(text: str) -> list[str]:
    return [span.text for span in narration_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"Hi," he said, "I\'m here."', ['"Hi,"', '"I\'m here."']),
        ("“Stop!” she said. “Now.”", ["“Stop!”", "“Now.”"]),
        ("“She said ‘no’ to me,” he said.", ["“She said ‘no’ to me,”"]),
        ("\"She said 'no' to me,\" he said.", ["\"She said 'no' to me,\""]),
        (
            "‘Come here,’ she said. ‘The boys’ dog is loose.’",
            ["‘Come here,’", "‘The boys’ dog is loose.’"],
        ),
        ("‘Tis the season,’ she said.", ["‘Tis the season,’"]),
        ("He called (“Wait!”) and ran.", ["“Wait!”"]),
        ("«Non», dit-il.", ["«Non»"]),
        ("‘He said “no”,’ she said.", ["‘He said “no”,’"]),
        ('"Well—" He stopped. "Fine."', ['"Well—"', '"Fine."']),
        ("He was 6'2\" tall and 'twas late.", []),
        ("No speech at all.", []),
    ],
)
def test_dialogue_examples(text: str, expected: list[str]) -> None:
    assert speech(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I don’t like the ’90s or Chris’ car.",
        "I don't like the '90s or Chris' car.",
        "Rock ’n’ roll was what she’d wanted, and the Joneses’ dog barked.",
        "He told ’em to go ’cause it was late.",
        "He told 'em to go 'cause it was late.",
        "It was the boys’ turn, and the girls’ bikes were out.",
    ],
)
def test_apostrophes_are_not_quotes(text: str) -> None:
    assert speech(text) == []
    assert narration(text) == [text]


def test_apostrophes_inside_single_quoted_speech_do_not_close_it() -> None:
    text = "‘I don’t know where the Joneses’ house is,’ she said."
    assert speech(text) == ["‘I don’t know where the Joneses’ house is,’"]


def test_a_speech_over_several_paragraphs_is_one_span() -> None:
    text = "He began.\n\n“I went home.\n\n“Then I slept. That was all.”\n\nShe nodded."
    assert speech(text) == ["“I went home.\n\n“Then I slept. That was all.”"]
    assert narration(text) == ["He began.", "She nodded."]


def test_straight_quote_speech_over_several_paragraphs() -> None:
    text = '"First.\n\n"Second."\n\nAfter.'
    assert speech(text) == ['"First.\n\n"Second."']


def test_an_unclosed_quote_ends_with_its_paragraph() -> None:
    text = '"Wait for me, she called.\n\nThe road was empty.'
    assert speech(text) == ['"Wait for me, she called.']
    assert narration(text) == ["The road was empty."]


def test_narration_is_the_complement_of_dialogue() -> None:
    text = "“Go,” she said, “now.” He went."
    assert narration(text) == ["she said,", "He went."]


marks = st.lists(
    st.sampled_from([*list("ab s.,!\n\"'“”‘’«»()—"), "don’t", "’90s", " ’em", "\n\n"]),
    max_size=120,
).map("".join)


@given(marks)
def test_dialogue_and_narration_slice_the_original_without_overlap(text: str) -> None:
    spans = sorted(dialogue_spans(text) + narration_spans(text), key=lambda span: span.start)
    position = 0
    for span in spans:
        assert text[span.start : span.end] == span.text
        assert span.start >= position
        assert text[position : span.start].strip() == ""
        position = span.end
    assert text[position:].strip() == ""
