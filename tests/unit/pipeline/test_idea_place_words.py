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


def test_a_place_word_inside_a_locative_phrase_is_the_setting() -> None:
    # "in a Manchester office block" is at an office, though "office" describes "block".
    situation = read_idea("A troll who lost his hoard in a card game sweeps floors in a Leeds "
                          "office block.")
    assert situation.place == "the office"


@pytest.mark.parametrize(("idea", "place"), [
    # Before: "Carthage" (his sister's), as "Hadrian's" read as a person's and "wall" no place.
    ("A Pictish scout camped on Offa's Dyke writes to his mother in Rome.", "Offa's Dyke"),
    ("A widow at Land's End writes to a stranger.", "Land's End"),
])
def test_a_name_with_a_possessive_is_a_place(idea: str, place: str) -> None:
    assert read_idea(idea).place == place


def test_a_town_named_like_an_adjective_ends_its_phrase() -> None:
    # Before: no protagonist: "in Nice drives" read "drives" as a noun after an adjective.
    situation = read_idea("A chauffeur in Nice drives a stranger's dog to the border.")
    assert situation.role == "chauffeur"
    assert situation.place == "Nice"
