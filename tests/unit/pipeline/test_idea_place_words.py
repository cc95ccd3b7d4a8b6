"""The idea's place is where it happens: the place its locative phrase names, not a place word
that only describes something later ("her university roommate"), and a thing with a capital
("a U-boat") is no name."""

from __future__ import annotations

import pytest

from shortstory.pipeline.situation import read_idea


@pytest.mark.parametrize(("idea", "place"), [
    # Before: a diplomat in Geneva was set at "the university" (from "her university roommate"),
    # an actor in Mumbai at "the hospital" (from "her hospital bills").
    ("A translator in Tbilisi protects a witness who was once her school friend.", "Tbilisi"),
    ("A cabbie in Dakar drives a stranger to pay off his prison debts.", "Dakar"),
    # A place the protagonist is at stays the place.
    ("A porter at a hospital in Leeds hides a dog in the laundry.", "the hospital"),
])
def test_a_place_word_that_only_describes_a_noun_is_no_setting(idea: str, place: str) -> None:
    assert read_idea(idea).place == place


def test_a_thing_written_with_a_capital_is_no_name() -> None:
    # Before: "I had a rule about the edge of U-boat after dark".
    situation = read_idea("A cook aboard a sunken U-boat hears knocking from the torpedo room.")
    assert situation.place.startswith("the ")
    assert situation.place.endswith("U-boat")
