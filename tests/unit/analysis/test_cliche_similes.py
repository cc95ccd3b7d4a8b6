"""Stock similes listed by their parts: every pair is found in its usual wordings, in any
tense and person, with an object in a verb simile; plain comparisons stay clean."""

from __future__ import annotations

import pytest

from shortstory.analysis.cliches import find_cliches, full_catalogue, replacement_for
from shortstory.analysis.cliches.similes import SOURCE, simile_entries, stock_similes


def test_every_pair_is_an_entry_with_its_usual_wordings() -> None:
    as_pairs, like_pairs = stock_similes()
    entries = simile_entries()
    assert len(entries) == len(as_pairs) + len(like_pairs) >= 200
    by_phrase = {entry.phrase: entry for entry in entries}
    assert by_phrase["as bald as a coot"].variants == ("bald as a coot",)
    assert by_phrase["as bold as brass"].suggestions == ("bold",)  # said plainly
    assert by_phrase["swear like a sailor"].suggestions == ()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("My uncle was as bald as a coot by forty.", "as bald as a coot"),
        ("She walked in bold as brass and sat down.", "bold as brass"),
        ("The two of them were as thick as thieves.", "as thick as thieves"),
        ("The old sailor swore like a trooper at the gulls.", "swore like a trooper"),
        ("The child clung to her like a limpet.", "clung to her like a limpet"),
        ("Gran watched us like a hawk all afternoon.", "watched us like a hawk"),
    ],
)
def test_a_stock_simile_is_found_in_any_tense_person_and_object(text: str, found: str) -> None:
    assert found in [m.text for m in find_cliches(text)]


def test_a_simile_is_fixed_by_saying_it_plainly_in_place() -> None:
    text = "Her brother was as bold as brass."
    (match,) = find_cliches(text)
    assert match.source == SOURCE
    assert replacement_for(match, text) == "bold"


@pytest.mark.parametrize(
    "text",
    [
        "The coot on the pond was bald at the forehead.",
        "He was as tall as his father by the spring.",
        "She swore at the sailor who had taken her seat.",
        "The bird ate the crumbs like everyone else.",
    ],
)
def test_plain_comparisons_with_the_same_words_are_not_flagged(text: str) -> None:
    assert [m.text for m in find_cliches(text) if m.source == SOURCE] == []


def test_a_simile_our_catalogue_already_has_is_left_to_our_entry() -> None:
    ids = {entry.id for entry in full_catalogue().entries}
    assert "as-cool-as-a-cucumber" in ids
    assert "simile-as-cool-as-cucumber" not in ids
