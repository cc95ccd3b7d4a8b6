"""A genre's own settings stay out of a story set at the idea's place (issue #15): no spaceship
"ship time" in a village attic, no ferry ticket in a bakery. Words the place table binds to some
places (``bound_words``) keep a template, a prop or a genre noun from any other place."""

from __future__ import annotations

import re
from random import Random

import pytest

from shortstory.pipeline import catalog
from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.place_table import bound_words
from shortstory.pipeline.planning import plan_story
from shortstory.pipeline.setting_fit import fits_scene, own_place
from shortstory.pipeline.situation import read_idea
from shortstory.writers.procedural import ProceduralWriter
from shortstory.writers.procedural.lexicons import genre_lexicon
from shortstory.writers.procedural.realiser import Realiser
from shortstory.writers.procedural.slots.state import SlotUnavailable

ATTIC = "A teenager builds a radio set in her grandmother's attic in a mountain village."
BAKERY = "A baker discovers someone has been stealing loaves from her bakery every night."
SPACE = frozenset({"colony", "dome", "moon", "observatory", "ship"})


def _body(idea: str, genre: str, words: int = 600, seed: int = 3) -> dict[str, object]:
    return {"premise": {"idea": idea, "character": {"name": "Juno Park", "pronouns": "she/her"}},
            "genre": genre, "structure": "three-act",
            "scaffold": {"pov": "close_third", "tense": "past"}, "target_words": words,
            "seed": seed}


def _realiser(idea: str, genre: str) -> Realiser:
    plan = plan_story(StoryRequest.model_validate(_body(idea, genre)))
    return Realiser(plan, catalog.genre(genre), genre_lexicon(genre), Random(1))


def test_a_template_whose_own_words_belong_elsewhere_is_not_told_at_the_ideas_place() -> None:
    line = "The hull {v3:tick} as it {v3:cool}, and {P} {v:count} the ticks."
    with pytest.raises(SlotUnavailable):
        _realiser(ATTIC, "science-fiction").fill(line)
    # With no place of its own, the story is set in the genre's settings, and the line is told.
    free = _realiser("A widow finds a ledger recording payments to a dead man.", "science-fiction")
    assert free.fill(line).startswith("The hull ticked")
    # The slots are the story's own: a line that names only its place is told there.
    assert _realiser(ATTIC, "science-fiction").fill("{P} {v:climb} to {place}.").startswith("Juno")


@pytest.mark.parametrize("genre", ["science-fiction", "mystery", "thriller", "horror", "fantasy"])
def test_the_genres_props_at_the_ideas_place_fit_it(genre: str) -> None:
    plan = plan_story(StoryRequest.model_validate(_body(BAKERY, genre)))
    where = own_place(read_idea(BAKERY))
    assert where and all(fits_scene(thing, where) for thing in plan.world.objects), (
        plan.world.objects)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_spaceship_words_reach_a_village_attic(seed: int) -> None:
    spacebound = [word for word, where in bound_words().items() if set(where) <= SPACE]
    pattern = re.compile(rf"\b(?:{'|'.join(map(re.escape, spacebound))})(?:s|es)?\b",
                         re.IGNORECASE)
    request = StoryRequest.model_validate(_body(ATTIC, "science-fiction", 1500, seed))
    text = ProceduralWriter().render(plan_story(request))
    assert not pattern.findall(text)


def test_an_alternative_that_belongs_elsewhere_is_dropped_not_the_line() -> None:
    realiser = _realiser(BAKERY, "mystery")
    line = "{P} {v:find} it [in the mud at low water|under a loose board], where nobody looks."
    for seed in range(6):
        realiser.idiolect.seed = seed  # whichever alternative the story would take
        assert "under a loose board" in realiser.fill(line)
    with pytest.raises(SlotUnavailable):
        realiser.fill("{P} {v:find} it [in the mud at low water|on the ferry].")
