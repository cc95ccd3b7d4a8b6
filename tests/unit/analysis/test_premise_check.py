"""Premise advice: generic ideas, stock characters and clichéd themes, with suggestions."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest

from shortstory.analysis.premise_check import THIN_IDEA_WORDS, check_premise, premise_patterns
from shortstory.pipeline.models import Character


@pytest.mark.parametrize(
    ("idea", "expected"),
    [
        ("A farm boy learns he is the chosen one of an old prophecy.", "chosen-one"),
        ("A woman wakes with amnesia in a hospital she once ran.", "amnesia"),
        ("He loses his memory after the crash and rebuilds his life.", "amnesia"),
        ("A knight fights a dragon, but in the end it was all a dream.", "all-a-dream"),
        ("Two brothers and the woman they both love form a love triangle.", "love-triangle"),
        ("She wakes up in a strange room with no windows.", "wakes-in-strange-place"),
        ("The last man on Earth hears a knock at the door.", "last-person-alive"),
        ("A baker discovers she is secretly a princess of a lost kingdom.", "secret-royalty"),
        ("A detective chases a killer who turns out to be his evil twin.", "evil-twin"),
        ("A nurse relives the same day until she gets it right.", "time-loop"),
        ("A thief takes one last job before retiring to the coast.", "one-last-job"),
        ("A widow inherits her aunt's crumbling mansion on the moor.", "inherited-house"),
        ("An archivist finds an old diary hidden in a wall.", "found-diary"),
        ("A boy steps through a portal to another world in his closet.", "portal-world"),
        ("A girl falls in love with a vampire at her new school.", "paranormal-romance"),
        ("The robot that wants to be human runs away from the lab.", "ai-wants-to-be-human"),
        ("A swordsman sets out to avenge his murdered family.", "revenge-family"),
        ("The two rivals swap bodies during a thunderstorm.", "body-swap"),
    ],
)
def test_generic_ideas_are_flagged_with_a_suggestion(idea: str, expected: str) -> None:
    flags = [flag for flag in check_premise(idea) if flag.kind == "generic_idea"]
    assert expected in {flag.id for flag in flags}
    for flag in flags:
        assert flag.field == "idea"
        assert idea[flag.start : flag.end] == flag.text
        assert flag.suggestion


def test_a_distinct_premise_gets_no_advice() -> None:
    character = Character(
        name="Maren Holt", pronouns="she/her", traits=["methodical", "lonely"],
        quirk="counts stairs aloud", contradiction="fears the dark she guards",
        want="to be needed",
    )
    idea = "A lighthouse keeper finds the lamp lit every night by someone else."
    assert check_premise(idea, character, "what we owe to strangers") == []


def test_stock_characters_in_the_character_fields() -> None:
    flags = check_premise(
        "A retired ferry pilot teaches a stubborn teenager to read the tide tables.",
        {"traits": ["patient", "a wise old mentor"], "want": "to be left alone"},
    )
    (flag,) = flags
    assert flag.kind == "stock_character"
    assert flag.field == "character.traits[1]"
    assert "a wise old mentor"[flag.start : flag.end] == flag.text
    assert flag.suggestion.startswith("Instead of")


def test_character_may_be_an_object() -> None:
    @dataclass
    class Person:
        traits: list[str] = field(default_factory=lambda: ["a damsel in distress"])
        quirk: str = ""

    assert [flag.kind for flag in check_premise(
        "A courier loses a parcel in the snow on the way to the hospital.", Person()
    )] == ["stock_character"]


def test_cliched_theme() -> None:
    flags = check_premise(
        "A courier loses a parcel in the snow on the way to the hospital.",
        theme="love conquers all",
    )
    assert [(flag.kind, flag.field) for flag in flags] == [("cliched_theme", "theme")]


def test_an_overlap_is_flagged_once() -> None:
    flags = check_premise("A farm boy is told he is the chosen one by a talking crow.")
    assert [flag.id for flag in flags if flag.start <= 30 <= flag.end] == ["chosen-one"]


def test_a_thin_idea_is_advice_too() -> None:
    flags = check_premise("Love and loss.")
    assert [flag.kind for flag in flags] == ["thin_idea"]
    assert flags[0].severity == "low"
    assert not check_premise(" ".join(["word"] * THIN_IDEA_WORDS))


def test_advice_never_refuses_anything() -> None:
    for idea in ["", "—", "x" * 1000, "The chosen one " * 50]:
        flags = check_premise(idea, {"traits": []}, "")
        # Advice only: each flag points into the idea and says what to write instead.
        assert all(f.field == "idea" and f.suggestion and 0 <= f.start <= f.end <= len(idea)
                   for f in flags)
    assert check_premise("The chosen one " * 50, {"traits": []}, "")  # flagged, and answered


def test_data_file_has_many_patterns_each_with_advice() -> None:
    patterns = premise_patterns()
    assert len(patterns) >= 25
    assert len({pattern.id for pattern in patterns}) == len(patterns)
    assert all(pattern.patterns and pattern.suggestion for pattern in patterns)


def test_flags_are_json_ready() -> None:
    flags = check_premise("The chosen one must save the world.", theme="good versus evil")
    data = [flag.to_dict() for flag in flags]
    assert json.loads(json.dumps(data)) == data
