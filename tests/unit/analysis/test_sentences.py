"""Sentence and paragraph splitting: abbreviations, initials, ellipses, quotes, paragraphs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shortstory.analysis.sentences import Span, split_paragraphs, split_sentences


def texts(spans: list[Span]) -> list[str]:
    return [span.text for span in spans]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Holt left. Dr. Ames stayed.", ["Mr. Holt left.", "Dr. Ames stayed."]),
        ("Mrs. Dalloway bought the flowers.", ["Mrs. Dalloway bought the flowers."]),
        ("J. R. Hartley wrote it. Nobody read it.", ["J. R. Hartley wrote it.", "Nobody read it."]),
        ("She moved to the U.S. in May.", ["She moved to the U.S. in May."]),
        ("She waited... then left.", ["She waited... then left."]),
        ("She waited… Then she left.", ["She waited…", "Then she left."]),
        ("“Stop!” she said.", ["“Stop!” she said."]),
        ("“Stop.” She left.", ["“Stop.”", "She left."]),
        ('"Why?" he asked. "Because."', ['"Why?" he asked.', '"Because."']),
        ("He said, “Go.” “Now?”", ["He said, “Go.”", "“Now?”"]),
        ("“But—” She stopped.", ["“But—”", "She stopped."]),
        ("They sat. Then it rained.", ["They sat.", "Then it rained."]),
        ("It was I. Then he came.", ["It was I.", "Then he came."]),
        ("What?! No way.", ["What?!", "No way."]),
        ("(She knew.) It was late.", ["(She knew.)", "It was late."]),
        ("It cost 3.50 dollars. Too much.", ["It cost 3.50 dollars.", "Too much."]),
        ("No full stop at the end", ["No full stop at the end"]),
        ("", []),
        ("   \n\n  ", []),
    ],
)
def test_split_sentences_examples(text: str, expected: list[str]) -> None:
    assert texts(split_sentences(text)) == expected


def test_sentences_never_cross_a_paragraph_break() -> None:
    text = "She said nothing\n\nand he left. Later he came back."
    assert texts(split_sentences(text)) == [
        "She said nothing",
        "and he left.",
        "Later he came back.",
    ]


def test_paragraphs_are_blank_line_separated() -> None:
    text = "  One line\nwrapped here.\n\n\n Two.\n \nThree.  "
    assert texts(split_paragraphs(text)) == ["One line\nwrapped here.", "Two.", "Three."]


def test_paragraphs_fall_back_to_single_newlines_when_no_line_is_blank() -> None:
    assert texts(split_paragraphs("One.\nTwo.\r\nThree.")) == ["One.", "Two.", "Three."]


prose = st.lists(
    st.sampled_from([*list("ab AZ.!?…\"'“”‘’()—\n\t"), "Mr.", "Dr. ", "J. ", "...", "\n\n"]),
    max_size=120,
).map("".join)


@given(prose)
def test_sentence_spans_slice_the_original_in_order_without_overlap(text: str) -> None:
    spans = split_sentences(text)
    position = 0
    for span in spans:
        assert text[span.start : span.end] == span.text
        assert span.text and span.text == span.text.strip()
        assert span.start >= position
        position = span.end


@given(prose)
def test_paragraph_spans_slice_the_original_and_cover_every_word(text: str) -> None:
    spans = split_paragraphs(text)
    position = 0
    for span in spans:
        assert text[span.start : span.end] == span.text
        assert span.start >= position
        assert text[position : span.start].strip() == ""
        position = span.end
    assert text[position:].strip() == ""
