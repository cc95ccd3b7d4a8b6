"""A character's contradiction is said as what they are or what they have, in the part of speech
its words are (issue #15: the readers quoted "I had rule-bound at work")."""

from __future__ import annotations

from random import Random

import pytest

from shortstory.pipeline import catalog
from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.planning import plan_story
from shortstory.writers.procedural.lexicons import genre_lexicon
from shortstory.writers.procedural.realiser import Realiser


def _contra(contradiction: str, pov: str = "first", tense: str = "past") -> str:
    body = {"premise": {"idea": "A baker finds a key in the flour.",
                        "character": {"name": "Ann Lee", "pronouns": "she/her",
                                      "contradiction": contradiction}},
            "genre": "literary", "structure": "three-act",
            "scaffold": {"pov": pov, "tense": tense}, "target_words": 600, "seed": 1}
    plan = plan_story(StoryRequest.model_validate(body))
    realiser = Realiser(plan, catalog.genre("literary"), genre_lexicon("literary"), Random(1))
    realiser.in_core = True
    return realiser.fill("{P} {contra}.")


@pytest.mark.parametrize(("contradiction", "said"), [
    ("rule-bound at work", "I was rule-bound at work."),  # a compound adjective, a place after
    ("rule-bound yet reckless at night", "I was rule-bound yet reckless at night."),
    ("soft-hearted", "I was soft-hearted."),
    ("rational yet afraid of ghosts", "I was rational yet afraid of ghosts."),  # noun and adj
    ("kind to strangers", "I was kind to strangers."),
    ("a temper", "I had a temper."),
    ("a fear of heights", "I had a fear of heights."),
    ("brave with strangers, a coward with family", "I was brave with strangers, a coward with "
                                                   "family."),
])
def test_a_state_is_what_they_are_and_a_thing_what_they_have(contradiction: str,
                                                              said: str) -> None:
    assert _contra(contradiction) == said


def test_the_state_takes_the_storys_person_and_tense() -> None:
    assert _contra("hard-headed yet sentimental", "close_third", "present") == \
        "Ann Lee is hard-headed yet sentimental."
