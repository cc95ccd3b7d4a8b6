"""A cast member's given name fits their role, and the protagonist's family shares their name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shortstory.pipeline import catalog
from shortstory.pipeline.cast_names import (
    DATA,
    called,
    fits,
    is_family,
    pick_given,
    role_sex,
)
from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.planning import plan_story
from shortstory.writers.procedural import ProceduralWriter

GENRES = Path(catalog.__file__).parent / "data" / "genres"


def test_role_words_say_a_persons_sex_and_family() -> None:
    assert role_sex("a daughter who never writes") == "feminine"
    assert role_sex("the groom's brother") == "masculine"
    assert role_sex("a bus driver who knows everyone's stop") == ""
    assert role_sex("a clerk who owes her daughter money") == ""
    assert is_family("an estranged sister") and not is_family("a nun who keeps bees")


def test_a_name_fits_a_role_of_its_sex_or_of_neither() -> None:
    assert fits("Clare", "feminine") and not fits("Hugh", "feminine")
    assert fits("Kit", "masculine") and fits("Hugh", "")
    assert pick_given(["Hugh", "Kit", "Clare"], "a daughter", set()) == "Kit"
    assert pick_given(["Hugh", "Clare"], "a daughter", {"Clare"}) == "Hugh"  # none left


def test_the_name_tables_are_disjoint_and_name_only_names_the_genres_use() -> None:
    table = json.loads(DATA.read_text(encoding="utf-8"))
    used = set()
    for path in GENRES.glob("*.json"):
        used |= set(json.loads(path.read_text(encoding="utf-8"))["names"]["given"])
    assert not set(table["feminine"]) & set(table["masculine"])
    assert set(table["feminine"]) | set(table["masculine"]) <= used


@pytest.mark.parametrize("seed", range(12))
def test_the_ideas_daughter_is_a_woman_of_the_protagonists_family(seed: int) -> None:
    plan = plan_story(StoryRequest.model_validate({
        "premise": {"idea": "A retired ferryman and his grown daughter sail his boat to the "
                            "island where he was born.",
                    "character": {"name": "Anselm Roake", "pronouns": "he/him"}},
        "genre": catalog.genres()[seed % 9].id, "structure": "three-act",
        "scaffold": {"pov": "first", "tense": "past"}, "target_words": 500, "seed": seed,
    }))
    daughters = [c for c in plan.world.cast if "daughter" in c.role]
    assert daughters, plan.world.cast
    first, surname = daughters[0].name.split()
    assert fits(first, "feminine") and surname == "Roake"


@pytest.mark.parametrize(("pov", "owner"), [("first", "my"), ("close_third", "his"),
                                            ("second", "your")])
def test_the_story_first_names_the_family_as_the_protagonists_own(pov: str, owner: str) -> None:
    plan = plan_story(StoryRequest.model_validate({
        "premise": {"idea": "A retired ferryman and his grown daughter sail his boat to the "
                            "island where he was born.",
                    "character": {"name": "Anselm Roake", "pronouns": "he/him"}},
        "genre": "literary", "structure": "three-act",
        "scaffold": {"pov": pov, "tense": "past"}, "target_words": 900, "seed": 4,
    }))
    daughter = next(c for c in plan.world.cast if "daughter" in c.role)
    given = daughter.name.split()[0]
    text = ProceduralWriter().render(plan)
    first = text.index(given)
    assert text[:first].lower().endswith(f"{owner} daughter "), text[first - 40: first + 20]
    assert daughter.name not in text  # the family name is the protagonist's: never repeated


def test_someone_elses_relation_is_no_family_and_the_owner_says_no_sex() -> None:
    assert role_sex("the vicar's sister") == "feminine"
    assert not is_family("the vicar's sister")
    assert role_sex("the bride's father who pays") == "masculine"


def test_one_of_two_sisters_meets_the_other_as_her_sister() -> None:
    # Before: "until her other sister Hanna asked" ("two sisters" -> "the other sister").
    plan = plan_story(StoryRequest.model_validate({
        "premise": {"idea": "Two elderly sisters who have not spoken in years must run their "
                            "late mother's guest house for one last summer.",
                    "character": {"name": "Ada Pell", "pronouns": "she/her"}},
        "genre": "literary", "structure": "three-act",
        "scaffold": {"pov": "close_third", "tense": "past"}, "target_words": 900, "seed": 3,
    }))
    sister = next(c for c in plan.world.cast if "sister" in c.role)
    text = ProceduralWriter().render(plan)
    assert "other sister" not in text
    first = text.index(sister.name.split()[0])
    assert text[:first].lower().endswith("her sister "), text[first - 40: first + 20]


@pytest.mark.parametrize(("name", "short"), [
    ("Ada Vance", "Ada"), ("Brother Aldo", "Brother Aldo"), ("Dr Mei Patel", "Dr Patel"),
    ("Odile", "Odile"), ("Captain Ruiz", "Captain Ruiz"),
])
def test_a_person_is_called_by_the_given_name_with_its_title(name: str, short: str) -> None:
    assert called(name) == short


def test_the_ideas_person_is_the_only_one_of_their_kind_in_the_cast() -> None:
    """"her brother visits": the idea's brother, and no second brother from the genre's roles
    (a beekeeper's story had two)."""
    for seed in range(1, 9):
        body = {"premise": {"idea": "A beekeeper notices that her hives go silent whenever her "
                                    "brother visits.",
                            "character": {"name": "Ada Vance", "pronouns": "she/her"}},
                "genre": "literary", "target_words": 1500}
        cast = plan_story(StoryRequest.model_validate(body), seed=seed).world.cast
        assert [m.short_role for m in cast].count("the brother") == 1, seed
