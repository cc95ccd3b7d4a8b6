"""A story whose idea runs on a clock of hours tells no weeks (a blind reader: "a nine-hour
delivery lasts 'weeks'")."""

from __future__ import annotations

import re

import pytest

from shortstory.analysis.words import count_words
from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.planning import plan_story
from shortstory.writers.procedural import ProceduralWriter
from shortstory.writers.procedural.timescale import (
    short_span,
    tells_long_span,
    without_long_spans,
)

WEEKS = re.compile(r"\b(?:weeks?|months?|fortnights?|seasons?)\b", re.IGNORECASE)


@pytest.mark.parametrize(("idea", "short"), [
    ("A courier has nine hours to carry a donor kidney across a border.", True),
    ("A bomb-disposal officer has forty minutes to decide which wire to cut.", True),
    ("During a single shift, a night nurse realises one patient is on no list.", True),
    ("Two strangers must get out of the flooded town before dawn.", True),
    ("One day a girl finds a door in an oak tree.", False),
    ("A lighthouse keeper finds the lamp lit every night by someone else.", False),
    ("A widower has kept his wife's garden for forty years.", False),
])
def test_the_ideas_clock_is_read(idea: str, short: bool) -> None:
    assert short_span(idea) is short


def test_a_templates_long_alternatives_are_dropped_and_a_long_line_refused() -> None:
    assert without_long_spans("By the [third week|third hour|end of the night] it rained.") == (
        "By the [third hour|end of the night] it rained.")
    assert without_long_spans("For weeks {P} {v:wait}.") is None
    assert without_long_spans("[For weeks|All winter] {P} {v:wait}.") is None
    assert tells_long_span("She had waited all winter.")
    assert not tells_long_span("She had been a courier for years.")


IDEAS = [
    "A courier has nine hours to carry a donor kidney across a border closed by a strike.",
    "Over one night in a snowed-in station, two strangers must decide who takes the last train.",
    "A bomb-disposal officer has forty minutes to decide which wire to cut.",
    "During a single shift, a night nurse realises one patient is not on any list.",
]


@pytest.mark.parametrize("idea", IDEAS)
@pytest.mark.parametrize(("genre", "pov", "tense", "words"), [
    ("thriller", "close_third", "past", 2000), ("mystery", "first", "present", 1200),
    ("literary", "second", "past", 900),
])
def test_a_story_of_hours_tells_no_weeks_and_keeps_its_length(
        idea: str, genre: str, pov: str, tense: str, words: int) -> None:
    body = {"premise": {"idea": idea, "character": {"name": "Tamsin Vell",
                                                    "pronouns": "she/her"}},
            "genre": genre, "structure": "three-act", "scaffold": {"pov": pov, "tense": tense},
            "target_words": words, "seed": 3}
    text = ProceduralWriter().render(plan_story(StoryRequest.model_validate(body)))
    assert not WEEKS.findall(text)
    assert abs(count_words(text) - words) <= words * 0.05
