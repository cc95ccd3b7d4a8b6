"""Reading an idea as a situation: role, place, central object, predicate."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shortstory.pipeline.situation import Situation, read_idea


@pytest.mark.parametrize(
    ("idea", "role", "place", "item"),
    [
        ("A lighthouse keeper finds the lamp lit every night by someone else.",
         "lighthouse keeper", "the lighthouse", "the lamp"),
        ("A surveyor mapping a flooded valley keeps finding the same drowned bell tower.",
         "surveyor", "the valley", "the bell tower"),
        ("A night-shift baker receives orders for bread from an address that burned down.",
         "night-shift baker", "the bakery", "the stack of orders"),
        ("A railway signalman on his last night shift sees a train on his board that the "
         "timetable says does not exist.", "railway signalman", "the junction", "the train"),
    ],
)
def test_an_idea_gives_its_role_place_and_central_object(idea: str, role: str, place: str,
                                                        item: str) -> None:
    situation = read_idea(idea)
    assert (situation.role, situation.place, situation.item) == (role, place, item)
    assert situation.corners and situation.predicate.split()[0].endswith("s")


def test_a_subject_that_is_not_a_person_is_not_told_as_the_protagonists_doing() -> None:
    situation = read_idea("The river spirit that pulls the town ferry asks the toll-keeper for "
                          "one day of freedom.")
    assert situation.predicate == ""
    assert situation.place == "the river"


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=200))
def test_any_text_reads_without_error_and_round_trips(idea: str) -> None:
    situation = read_idea(idea)
    assert Situation.from_dict(situation.to_dict()) == situation
