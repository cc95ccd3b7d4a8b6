"""The outline stage: beat counts, budgets, the turn, and the plan artifacts' JSON round trip."""

from __future__ import annotations

import json
from random import Random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shortstory.pipeline import catalog
from shortstory.pipeline.models import Premise, StoryRequest
from shortstory.pipeline.outline import (
    MAX_BEATS,
    MIN_BEATS,
    WORDS_PER_BEAT,
    build_outline,
    share_budget,
)
from shortstory.pipeline.plan import StoryPlan
from shortstory.pipeline.planning import derive_seed, plan_story
from shortstory.pipeline.world import plan_world

PREMISE = {
    "idea": "A lighthouse keeper finds the lamp lit every night by someone else.",
    "character": {
        "name": "Maren Holt", "pronouns": "she/her", "traits": ["methodical", "lonely"],
        "quirk": "counts stairs aloud", "contradiction": "fears the dark she guards",
        "want": "to be needed",
    },
    "theme": "what we owe to strangers",
}


def _outline(structure_id: str, words: int, seed: int = 1):
    genre = catalog.genre("mystery")
    premise = Premise.model_validate(PREMISE)
    world = plan_world(premise, genre, "wry", words, Random(seed))
    return build_outline(catalog.structure(structure_id), genre, words, world, premise,
                         Random(seed))


@given(weights=st.lists(st.floats(0.1, 5.0), min_size=1, max_size=40),
       total=st.integers(100, 7500))
def test_budget_shares_sum_exactly_to_the_total(weights: list[float], total: int) -> None:
    shares = share_budget(weights, total)
    assert sum(shares) == total
    assert all(share >= 0 for share in shares)


@pytest.mark.parametrize("structure_id", [s.id for s in catalog.structures()])
@pytest.mark.parametrize("words", [100, 250, 1000, 3000, 7500])
def test_outline_scales_beats_to_length_and_keeps_one_late_turn(structure_id: str,
                                                                 words: int) -> None:
    outline = _outline(structure_id, words)
    beats = outline.beats
    assert MIN_BEATS <= len(beats) <= MAX_BEATS
    assert outline.target_words == words
    assert [b.role for b in beats].count("turn") == 1
    assert beats[0].function == "opening" and beats[-1].function == "resolution"
    assert beats[-1].part == "end"
    if words >= 1000:
        # Roughly one beat per 150-300 words once the story is long enough to hold its shape.
        assert words / len(beats) <= 2 * WORDS_PER_BEAT
    turn_position = [b.role for b in beats].index("turn") / (len(beats) - 1)
    assert turn_position >= 0.4, "the turn comes after the story has been set up"


def test_outline_uses_the_genres_beat_shapes_for_extra_beats() -> None:
    outline = _outline("three-act", 7500)
    shapes = set(catalog.genre("mystery").beat_shapes.middle)
    assert any(beat.purpose in shapes for beat in outline.beats)


def test_plan_round_trips_through_json() -> None:
    request = StoryRequest.model_validate(
        {"premise": PREMISE, "genre": "mystery", "target_words": 1200, "seed": 3}
    )
    plan = plan_story(request)
    again = StoryPlan.from_dict(json.loads(json.dumps(plan.to_dict())))
    assert again.to_dict() == plan.to_dict()
    assert again.seed == 3


def test_seed_is_derived_stably_from_the_request_when_absent() -> None:
    request = StoryRequest.model_validate({"premise": PREMISE, "genre": "mystery"})
    assert plan_story(request).seed == derive_seed(request) == plan_story(request).seed
    other = request.model_copy(update={"target_words": 900})
    assert derive_seed(other) != derive_seed(request)


def test_unknown_genre_is_a_catalog_error() -> None:
    request = StoryRequest.model_validate({"premise": PREMISE, "genre": "western"})
    with pytest.raises(catalog.UnknownGenre):
        plan_story(request)


@settings(max_examples=30, deadline=None)
@given(words=st.integers(100, 7500), seed=st.integers(0, 2**31 - 1))
def test_any_length_and_seed_plans_a_valid_outline(words: int, seed: int) -> None:
    outline = _outline("freytag", words, seed)
    assert outline.target_words == words
    assert all(beat.target_words > 0 for beat in outline.beats)
