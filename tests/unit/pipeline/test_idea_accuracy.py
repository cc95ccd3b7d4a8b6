"""The idea reader measured on 130 hand-labelled ideas (``tests/fixtures/idea_readings.json``).

Each idea was written and labelled by hand before the reader was tuned to it: the protagonist's
role, the place (the one the idea names, or the one the role implies when it names none), the
people besides the protagonist (as singular head nouns: "sister" for "two sisters") and the
central item. A label lists every reading a reader would accept; an empty string means the idea
names none. A place or item is right by its head noun too ("the empty grave" for "the grave"). The
test reports the accuracy of each field and holds a floor under it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lemminflect import getAllLemmas

from shortstory.pipeline.situation import Situation, read_idea

FIXTURE = Path(__file__).parents[2] / "fixtures" / "idea_readings.json"
HELD_OUT = Path(__file__).parents[2] / "fixtures" / "idea_readings_heldout.json"
"""Thirty more ideas, written and labelled after the reader's first round of fixes and measured
before any fix looked at them (main's reader: role 80 %, place 73 %, people 63 %, item 70 %; the
first round's: 100 / 70 / 93 / 60 %)."""
FLOORS = {"role": 0.98, "place": 0.89, "people": 0.9, "item": 0.85}
"""Fewest right readings per field, as a share of the ideas (main's reader read 84.6 / 56.9 /
60.0 / 60.8 % of the 130)."""
HELD_OUT_FLOORS = {"role": 0.96, "place": 0.96, "people": 0.9, "item": 0.8}


def _head(person: str) -> str:
    word = person.split()[-1].lower()
    nouns = getAllLemmas(word).get("NOUN", ())
    return nouns[0] if nouns and word not in {"people", "staff", "crew"} else word


def _same_head(found: str, labels: list[str]) -> bool:
    """A place or item is right when a label names it, or names its head noun ("the broken
    lift" for "the lift", "the tricks" for "the trick": a modifier or a plural is no error)."""
    heads = {_head(label) for label in labels if label}
    return found in labels or (bool(found) and _head(found) in heads)


def field_hits(label: dict[str, list[str]], situation: Situation) -> dict[str, bool]:
    """Which of the situation's fields match the label."""
    people = {_head(p) for p in situation.people}
    return {
        "role": situation.role.lower() in label["role"],
        "place": _same_head(situation.place.lower(), label["place"]),
        "people": people == set(label["people"]),
        "item": _same_head(situation.item.lower(), label["item"]),
    }


def accuracy(fixture: Path = FIXTURE) -> tuple[dict[str, float], dict[str, list[str]]]:
    """Each field's share of right readings, and the ideas it got wrong."""
    labels = json.loads(fixture.read_text(encoding="utf-8"))
    hits = dict.fromkeys(FLOORS, 0)
    misses: dict[str, list[str]] = {field: [] for field in FLOORS}
    for label in labels:
        situation = read_idea(label["idea"])
        for field, right in field_hits(label, situation).items():
            hits[field] += right
            if not right:
                misses[field].append(f"{label['idea']} -> {getattr(situation, field)!r}")
    return {field: hits[field] / len(labels) for field in FLOORS}, misses


def test_the_fixture_is_large_and_labelled() -> None:
    labels = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert len(labels) >= 120
    assert not {label["idea"] for label in labels} & {
        label["idea"] for label in json.loads(HELD_OUT.read_text(encoding="utf-8"))}
    assert all(set(label) == {"idea", "role", "place", "people", "item"} for label in labels)


@pytest.mark.parametrize(("fixture", "floors"), [(FIXTURE, FLOORS), (HELD_OUT, HELD_OUT_FLOORS)])
def test_the_idea_reader_reads_each_field_at_least_as_often_as_its_floor(
        fixture: Path, floors: dict[str, float]) -> None:
    shares, misses = accuracy(fixture)
    report = ", ".join(f"{field} {share:.0%}" for field, share in shares.items())
    for field, floor in floors.items():
        assert shares[field] >= floor, f"{report}; {field} misses: " + "; ".join(
            misses[field][:8])
