"""One "at the <place>" per 150 words (issue #15): one ration for every path that can say it
(a place slot, the premise's own words, a line of talk, a template's literal words), counted on
the realised text; what is over it is given up where the sentence reads well without it."""

from __future__ import annotations

from random import Random

import pytest

from shortstory.pipeline import catalog
from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.planning import plan_story
from shortstory.writers.procedural.lexicons import genre_lexicon
from shortstory.writers.procedural.realiser import Realiser
from shortstory.writers.procedural.slots.places import without_at_place
from shortstory.writers.procedural.slots.state import SlotUnavailable

IDEA = "Two night-bus drivers on the same route only ever see each other at the terminus."


def _realiser(target: int = 430) -> Realiser:
    body = {"premise": {"idea": IDEA,
                        "character": {"name": "Ada Quill", "pronouns": "she/her",
                                      "want": "five more minutes at the terminus"}},
            "genre": "romance", "structure": "three-act",
            "scaffold": {"pov": "first", "tense": "present"}, "target_words": target, "seed": 5}
    plan = plan_story(StoryRequest.model_validate(body))
    realiser = Realiser(plan, catalog.genre("romance"), genre_lexicon("romance"), Random(1))
    realiser.ration_places = True
    return realiser


def test_a_place_after_to_be_becomes_there() -> None:
    assert without_at_place("{P} {v:wonder} whether {A} {v3:be} still at {place2}, or gone.") \
        == "{P} {v:wonder} whether {A} {v3:be} still there, or gone."
    assert without_at_place("Nobody is at {place}; {P} {v:have} it to {Pr}.") == \
        "Nobody is there; {P} {v:have} it to {Pr}."
    assert without_at_place("“I'll be at {place2} if you change your mind.”") == \
        "“I'll be there if you change your mind.”"


def test_the_budget_is_one_per_150_words_of_the_storys_length() -> None:
    assert _realiser(300).place_cap == 1
    assert _realiser(430).place_cap == 2
    assert _realiser(7440).place_cap == 47


def test_every_at_place_counts_whatever_said_it() -> None:
    realiser = _realiser()
    # the premise's own words and a template's literal words count like a place slot
    realiser.in_core = True
    assert realiser.fill("{P} {v:want} {want}.") == "I want five more minutes at the terminus."
    assert realiser.place_uses["place"] == 1
    realiser.in_core = False
    with pytest.raises(SlotUnavailable):
        realiser.fill("Somebody sings at the terminus.")  # the pace: one in the first words
    realiser.words_told = 400  # the pace allows two (the budget of 430 words)
    assert realiser.fill("Nobody waits at the terminus.") == "Nobody waits at the terminus."
    assert realiser.place_uses["place"] == 2
    with pytest.raises(SlotUnavailable):
        realiser.fill("Somebody sings at the terminus.")


def test_a_core_sentence_over_the_budget_gives_its_place_up() -> None:
    realiser = _realiser()
    realiser.place_uses["place"] = realiser.place_cap
    realiser.in_core = True
    assert realiser.fill("{P} {perf:want} {want} for so long.") == \
        "I have wanted five more minutes for so long."
    assert realiser.fill("At the terminus, {P} {v:wait}.") == "I wait."
    assert realiser.fill("Ada is still at the terminus, or gone.") == \
        "Ada is still there, or gone."
    # a place that starts a longer noun phrase stays (and counts)
    assert realiser.fill("{P} {v:sit} at the terminus cafe.") == \
        "I sit at the terminus cafe."
