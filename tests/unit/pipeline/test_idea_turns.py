"""The story's turn is made of the idea's own parts, not drawn from the genre's stock of nine."""

from __future__ import annotations

from random import Random

import pytest
from lemminflect import getAllLemmas, getInflection

from shortstory.pipeline import catalog
from shortstory.pipeline.idea_turns import _shapes, idea_turn
from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.plan import World
from shortstory.pipeline.planning import plan_story
from shortstory.writers.procedural.tense_shift import to_tense

PIGEONS = ("A lighthouse keeper's daughter trains carrier pigeons to carry messages to a "
           "quarantined island.")


def _world(idea: str, genre: str, seed: int) -> World:
    body = {"premise": {"idea": idea, "character": {"name": "Maren Holt",
                                                    "pronouns": "she/her"}},
            "genre": genre, "structure": "three-act",
            "scaffold": {"pov": "close_third", "tense": "past"}, "target_words": 900,
            "seed": seed}
    return plan_story(StoryRequest.model_validate(body)).world


@pytest.mark.parametrize("genre", ["historical", "mystery", "horror", "romance"])
def test_the_turn_is_made_of_the_ideas_own_item_person_or_place(genre: str) -> None:
    stock = set(catalog.genre(genre).turns)
    turns = set()
    for seed in range(10):
        world = _world(PIGEONS, genre, seed)
        # Before: "the photograph proves the accused was elsewhere", whatever the idea.
        assert world.turn not in stock
        assert "pigeons" in world.turn or "island" in world.turn
        turns.add(world.turn)
    assert len(turns) >= 3  # several shapes, chosen per seed


def test_every_genre_has_shapes_of_each_part_that_agree_with_a_plural_item() -> None:
    for genre in catalog.genres():
        shapes = _shapes()[genre.id]
        assert all(len(shapes[part]) >= 2 for part in ("item", "person", "place"))
    turn = idea_turn("mystery", "the pigeons", "", "", Random(1))
    assert "pigeons has" not in turn and "pigeons is" not in turn


def test_an_idea_without_parts_keeps_the_genres_own_turns() -> None:
    assert idea_turn("historical", "", "", "", Random(1)) == ""


def test_a_plural_place_takes_a_plural_verb() -> None:
    turns = {idea_turn("historical", "", "", "the allotments", Random(seed)) for seed in range(9)}
    assert not [t for t in turns if "allotments has" in t or "allotments is" in t]



def _present(word: str) -> bool:
    lemmas = getAllLemmas(word)
    return word in {"is", "are", "has", "have", "does", "do", "can"} or (
        "NOUN" not in lemmas and any(word in getInflection(v, "VBZ")
                                     for v in lemmas.get("VERB", ())))


def test_every_shape_reads_in_one_tense_when_told_in_the_past() -> None:
    # The writer turns one verb a clause into the past: a shape with two ("who has set it
    # moving, and needs her to finish it", "what anyone remembers") slips back.
    fill = {"item": "the lamp", "item_is": "the lamp is", "item_has": "the lamp has",
            "person": "Ada Kerr", "place": "the hotel"}
    slips = []
    for genre in catalog.genres():
        for part in ("item", "person", "place"):
            for shape in _shapes()[genre.id][part]:
                told = to_tense(shape.format(**fill), "past")
                if any(_present(w.strip(",.")) for w in told.split()):
                    slips.append(told)
    assert not slips
