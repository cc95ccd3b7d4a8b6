"""Titles come from the idea's own prop, people, place and occasion, never from the weather or
the protagonist's job, and put the right preposition before the place."""

from __future__ import annotations

from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.planning import plan_story


def titles(idea: str, seeds: int = 30) -> list[str]:
    return [plan_story(StoryRequest.model_validate({
        "premise": {"idea": idea, "character": {"name": "Rosa Lind", "pronouns": "she/her"}},
        "genre": "literary", "structure": "three-act",
        "scaffold": {"pov": "first", "tense": "past"}, "target_words": 500, "seed": seed,
    })).title for seed in range(seeds)]


def test_an_idea_with_an_occasion_is_sometimes_titled_by_it() -> None:
    found = titles("A shy accordion player is booked to play at the harvest festival.")
    assert any("Harvest Festival" in title for title in found)


def test_a_title_never_names_the_protagonists_job_or_the_weather() -> None:
    plans = [plan_story(StoryRequest.model_validate({
        "premise": {"idea": "In 1923, a lock keeper on a canal finds a suitcase in the sluice.",
                    "character": {"name": "Rosa Lind", "pronouns": "she/her"}},
        "genre": "historical", "structure": "three-act",
        "scaffold": {"pov": "first", "tense": "past"}, "target_words": 500, "seed": seed,
    })) for seed in range(30)]
    for plan in plans:
        assert "Keeper" not in plan.title
        assert plan.title.lower() not in plan.world.time.lower()


def test_with_no_prop_the_person_the_idea_names_titles_it() -> None:
    found = titles("A night-shift nurse keeps meeting the same visitor in the lift.")
    assert any("Visitor" in title for title in found)


def test_the_place_takes_its_own_preposition() -> None:
    found = titles("A deckhand on a cargo ship hides a stowaway in the hold.")
    assert not any("at the Ship" in title for title in found)
    assert any("on the Ship" in title for title in found)
