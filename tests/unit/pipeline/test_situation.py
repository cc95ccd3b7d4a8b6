"""Reading an idea as a situation: role, place, central object, predicate."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shortstory.pipeline.situation import (
    Situation,
    _places,
    bound_words,
    corner_frame,
    place_palette,
    place_times,
    read_idea,
)


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


def test_a_place_has_its_own_senses_and_its_kinds() -> None:
    kind, own, shared = place_palette("the lighthouse")
    assert kind == "building"
    assert "paraffin and brass polish" in own["smell"]
    assert "floor polish and cold dust" in shared["smell"]
    assert place_palette("the moon")[1] == {}  # no palette of its own: its kind's only
    assert place_palette("the moon")[2] == shared
    assert place_palette("the nowhere") == ("", {}, {})


def test_place_data_is_complete_for_every_place_and_kind() -> None:
    table = _places()
    kinds = {entry["kind"] for entry in table["places"].values()}
    assert kinds <= set(table["kind_palettes"])
    for kind in kinds:
        palette = table["kind_palettes"][kind]
        assert {s: len(palette[s]) >= 6 for s in palette} == dict.fromkeys(
            ("sight", "sound", "smell", "touch", "taste"), True)
    with_palette = [n for n, e in table["places"].items() if "palette" in e]
    assert len(with_palette) >= 20
    for name in with_palette:
        palette = table["places"][name]["palette"]
        assert sorted(palette) == ["sight", "smell", "sound", "touch"], name
        assert all(len(phrases) >= 4 for phrases in palette.values()), name
    known = set(table["places"]) | kinds
    assert all(set(where) <= known for where in bound_words().values())
    assert len(place_times()) >= 12


@pytest.mark.parametrize(
    ("phrase", "frame"),
    [("the lamp room", "room"), ("the rock ledge below the tower", "surface"),
     ("the gallery rail", "fixture"), ("the yard behind the shop", "open"),
     ("the far platform", "surface"), ("the office by the stairs", "room"),
     ("the parts drawers", "fixture")],
)
def test_a_corner_knows_what_kind_of_spot_it_is(phrase: str, frame: str) -> None:
    assert corner_frame(phrase) == frame
