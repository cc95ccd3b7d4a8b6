"""A deadline clause names the occasion the story runs towards (issue #15: plots that deliver
the idea's situation; "before the new bridge opens" had been dropped on the floor)."""

from __future__ import annotations

import pytest

from shortstory.pipeline.idea_deadline import deadline_event, short_occasion
from shortstory.pipeline.situation import read_idea


@pytest.mark.parametrize(("idea", "occasion"), [
    ("A retired ferry pilot teaches her granddaughter to row across the estuary before the new "
     "bridge opens.", "the opening of the new bridge"),
    ("A miller grinds one last sack before the old mill closes.", "the closing of the old mill"),
    ("A girl hides her brother until her sister marries.", "her sister's wedding"),
    ("A keeper stays on until the lighthouse is demolished.", "the demolition of the lighthouse"),
    ("A nurse keeps her secret until the bells ring.", "the ringing of the bells"),
    ("A widow swims every day until the lake freezes.", "the freezing of the lake"),
])
def test_a_deadline_clause_names_its_occasion(idea: str, occasion: str) -> None:
    assert deadline_event(idea.split()) == occasion
    assert read_idea(idea).clock == occasion


@pytest.mark.parametrize("idea", [
    "A thief must return the ring before anyone notices.",  # nobody's occasion
    "A farmer harvests before dawn.",  # a time, no occasion
    "A poet writes until her father dies.",  # a death is no occasion to count down to
    "A widow bakes the cake before the wedding.",  # the event is named: no clock
])
def test_no_occasion_where_the_clause_names_none(idea: str) -> None:
    assert read_idea(idea).clock == ""


def test_the_occasion_said_again_is_short() -> None:
    assert short_occasion("the opening of the new bridge") == "the opening"
    assert short_occasion("her sister's wedding") == "the wedding"
    assert short_occasion("the wedding") == "the wedding"


def test_the_story_counts_down_to_the_occasion_and_its_crisis_happens_there() -> None:
    from shortstory.pipeline.models import StoryRequest
    from shortstory.pipeline.run import write_story
    from shortstory.writers.procedural import ProceduralWriter

    body = {"premise": {"idea": "A retired ferry pilot teaches her granddaughter to row across "
                                "the estuary before the new bridge opens.",
                        "character": {"name": "Ines Marr", "pronouns": "she/her"}},
            "genre": "literary", "target_words": 1500}
    for seed in (1, 2, 3):
        text = write_story(StoryRequest.model_validate(body), ProceduralWriter(),
                           seed=seed).text
        assert "the opening of the new bridge" in text
        assert text.lower().count("the opening") >= 3, seed  # named, counted down to, and reached
        assert "The day of the opening" in text or "The opening was over" in text, seed


def test_coming_home_is_a_return() -> None:
    assert deadline_event(["walks", "the", "dog", "until", "the", "owner", "comes", "home"]) == (
        "the owner's return")
    assert deadline_event(["waits", "before", "the", "circus", "comes", "to", "town"]) == (
        "the arrival of the circus")


def test_a_deadline_counts_down_in_a_story_whose_doing_has_no_family() -> None:
    """"agrees to walk a dying stranger's dog … until the owner comes home": no family of the
    engine's does the walking, and the return was lost; the genre's scenes tell the story
    with the days counted among them, and a person's return draws no crowd."""
    from shortstory.pipeline.models import StoryRequest
    from shortstory.pipeline.run import write_story
    from shortstory.writers.procedural import ProceduralWriter

    body = {"premise": {"idea": "A hospital porter agrees to walk a dying stranger's dog every "
                                "morning until the owner comes home.",
                        "character": {"name": "Abena Mensah", "pronouns": "she/her"}},
            "genre": "literary", "target_words": 1800,
            "scaffold": {"pov": "close_third", "tense": "present"}}
    for seed in (4, 5):
        text = write_story(StoryRequest.model_validate(body), ProceduralWriter(),
                           seed=seed).text
        assert "the owner's return" in text, seed
        assert "The day of the return" in text, seed
        assert "all anyone talks about" not in text and "a cheer" not in text, seed


@pytest.mark.parametrize(("occasion", "public"), [
    ("the opening of the new bridge", True), ("the king's arrival", True),
    ("the owner's return", False), ("her sister's wedding", False),
])
def test_a_towns_occasion_is_public_and_a_persons_private(occasion: str, public: bool) -> None:
    from shortstory.writers.procedural.action_reading import Action
    from shortstory.writers.procedural.actions import _fits

    situation = read_idea("A miller grinds one last sack before the old mill closes.")
    situation.clock = occasion
    assert _fits("#public", Action("_clock", "wait"), situation) is public
    assert _fits("#private", Action("_clock", "wait"), situation) is not public


def test_the_countdown_keeps_the_ideas_own_span() -> None:
    from shortstory.writers.procedural.actions import _span

    assert _span("has one week to repair the clock before the king arrives") == "One week"
    assert _span("has a month to learn the part") == "One month"
    assert _span("hides her brother until her sister marries") == "[Six|Seven|Five] weeks"
