"""The word-level diff: spans, offsets, and that applying a diff rebuilds the new text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from shortstory.analysis.words import iter_words
from shortstory.diffing import apply_diff, diff_words


def test_identical_texts_have_no_spans() -> None:
    diff = diff_words("The lamp was lit.", "The lamp was lit.")
    assert diff.spans == []
    assert diff.words_before == diff.words_after == 4


def test_replaced_word_gives_delete_then_insert_with_offsets() -> None:
    old, new = "The lamp was lit again.", "The lamp was dark again."
    diff = diff_words(old, new)
    kinds = [(s.kind, s.text) for s in diff.spans]
    assert kinds == [("delete", "lit"), ("insert", "dark")]
    delete, insert = diff.spans
    assert old[delete.start:delete.end] == "lit"
    assert new[insert.start:insert.end] == "dark"
    assert diff.inserted == 1 and diff.deleted == 1


def test_punctuation_only_changes_are_not_word_changes() -> None:
    assert diff_words("Yes, she said.", "Yes! she said…").spans == []


def test_span_covers_a_multi_word_run_in_the_original_text() -> None:
    old = "She climbed the stairs."
    new = "She climbed all ninety-one worn stairs."
    diff = diff_words(old, new)
    assert [(s.kind, s.text) for s in diff.spans] == [
        ("delete", "the"),
        ("insert", "all ninety-one worn"),
    ]
    assert diff.to_dict()["inserted_words"] == 3


words_list = st.lists(st.sampled_from(["lamp", "sea", "keeper", "don't", "lit", "Maren"]),
                      max_size=30)


@settings(max_examples=200, deadline=None)
@given(words_list, words_list)
def test_applying_the_diff_to_old_words_rebuilds_new_words(a: list[str], b: list[str]) -> None:
    old, new = " ".join(a), ". ".join(b)
    diff = diff_words(old, new)
    assert apply_diff(old, new, diff) == [w.text for w in iter_words(new)]
    for span in diff.spans:
        source = old if span.kind == "delete" else new
        assert source[span.start:span.end] == span.text
