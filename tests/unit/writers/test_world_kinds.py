"""Settings that leak in (issue #15): a church clock striking on a generation ship, village
texture in a space station story, a harbour in a desert. Each world kind
(``pipeline/data/worlds.json``) declares what cannot appear in it; every path that puts texture
into a story is held to it.

The stories are judged by an oracle of this test's own (``OUT_OF_WORLD``: words a reader would
trip on in each world, written apart from the data), on premises invented here, in every genre.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from shortstory.pipeline import catalog
from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.place_table import _places
from shortstory.pipeline.planning import plan_story
from shortstory.pipeline.world_kinds import (
    excluded,
    fits_world,
    out_of_world,
    world_kinds,
    world_palette,
    worlds_of,
)
from shortstory.writers.procedural import ProceduralWriter

GENRE_SCENES = Path(__file__).parents[3] / "src/shortstory/writers/procedural/data/genre_scenes"

OUT_OF_WORLD = {
    "space": """church, chapel, steeple, vicar, parish, hedgerow, hedge, gull, seagull, tide,
        harbour, quay, beach, rain, drizzle, umbrella, snow, breeze, village, pub, tractor, sheep,
        cow, barn, meadow, bus, tarmac, puddle, floorboards, doormat, chimney, fireplace, rook,
        crow, birdsong, woodsmoke, bonfire, horse, sea, cottage, jetty, mooring, river, ditch,
        stile, bell tower, church clock, the wind, on the wind, grey sea""",
    "undersea": """church, chapel, steeple, parish, hedgerow, hedge, gull, seagull, rain,
        drizzle, umbrella, snow, breeze, village, pub, tractor, sheep, cow, barn, meadow, bus,
        tarmac, puddle, floorboards, doormat, chimney, fireplace, rook, crow, birdsong,
        woodsmoke, bonfire, horse, window, sunlight, sky, stars, porthole, beach, cottage,
        the wind, on the wind""",
    "desert": """harbour, quay, gull, seagull, tide, ferry, snow, sleet, puddle, drizzle,
        umbrella, moss, fern, meadow, hedgerow, bluebells, frogspawn, mud, jetty, mooring, rain""",
    "polar": """hedgerow, meadow, nettles, bramble, tractor, sheep, cow, hay, barn, orchard,
        blossom, bees, wasps, bus, tarmac, pub, village, woodsmoke, bonfire, cicadas, tide,
        jetty, cut grass, heat haze, palm tree""",
}
"""What a reader would not believe in each world (the test's own list, not the data's)."""

PREMISES = {
    "space": [
        "On a generation ship in its fourth century, a hydroponics tech finds a crate of seeds "
        "that was never on any manifest.",
        "A night-shift medic on an orbital space station treats a patient nobody can identify.",
    ],
    "undersea": [
        "The youngest rating on a submarine on a long patrol starts hearing knocking on the hull.",
    ],
    "desert": [
        "At a desert outpost a signaller waits for a supply convoy that is four days overdue.",
    ],
    "polar": [
        "A meteorologist at an arctic research base wakes to find the radio mast cut through.",
    ],
}
GENRES = ("science-fiction", "literary", "mystery", "romance", "horror", "thriller", "humour",
          "fantasy", "historical")


def _oracle(world: str) -> re.Pattern[str]:
    words = sorted((w.strip() for w in OUT_OF_WORLD[world].split(",")), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")(?:s|es)?\b",
                      re.IGNORECASE)


def _story(idea: str, genre: str, seed: int, words: int) -> str:
    body = {"premise": {"idea": idea, "character": {"name": "Ines Marlow", "pronouns": "she/her"}},
            "genre": genre, "structure": "three-act",
            "scaffold": {"pov": ("first", "close_third", "second")[seed % 3],
                         "tense": ("past", "present")[seed % 2]},
            "target_words": words, "seed": seed}
    return ProceduralWriter().render(plan_story(StoryRequest.model_validate(body)))


def leaks(text: str, world: str, idea: str) -> list[str]:
    """The oracle's words in ``text`` that the idea does not use itself."""
    own = set(re.findall(r"[\w'’-]+", idea.lower()))
    return [m.group(0) for m in _oracle(world).finditer(text)
            if m.group(0).lower() not in own and m.group(0).lower().rstrip("s") not in own]


@pytest.mark.parametrize(("idea", "world"), [
    ("On a generation ship three centuries out, a cook hoards real salt.", "space"),
    ("A welder on a space station hears singing in the hull.", "space"),
    ("A miner on Mars keeps a canary nobody knows about.", "space"),
    ("The sonar operator on a submarine hears a voice she knows.", "undersea"),
    ("A mechanic at a desert outpost mends a radio that should not work.", "desert"),
    ("A well-digger in a Saharan oasis finds a locked door.", "desert"),
    ("A cook at an arctic research base counts the tins every night.", "polar"),
    ("An Antarctic winter-over crew loses the radio.", "polar"),
])
def test_an_ideas_words_set_its_world(idea: str, world: str) -> None:
    assert world in worlds_of(idea)


def test_an_ordinary_idea_is_in_no_sealed_world() -> None:
    for idea in ("A baker in a market town finds a letter in a loaf.",
                 "A widow keeps bees behind the church and talks to them about her son.",
                 "Two rivals at a village flower show fall for each other."):
        assert not worlds_of(idea) & {"space", "undersea", "desert", "polar"}, idea


@pytest.mark.parametrize("genre", ["romance", "historical", "mystery"])
def test_an_idea_in_a_sealed_world_with_no_place_is_set_there(genre: str) -> None:
    # No allotment and no Hanseatic port for a starship: a genre's setting must be of the world.
    plan = plan_story(StoryRequest.model_validate({
        "premise": {"idea": "Aboard the starship Meridian, a pilot forgets her own name.",
                    "character": {"name": "Ines Marlow"}},
        "genre": genre, "target_words": 600, "seed": 3}))
    assert "space" in worlds_of(" ".join([plan.world.setting, *plan.world.places])), (
        plan.world.setting)


def test_a_place_word_is_read_as_the_world_names_it() -> None:
    plan = plan_story(StoryRequest.model_validate({
        "premise": {"idea": "A glaciologist at an arctic base finds tracks leading away from "
                            "the station.", "character": {"name": "Ines Marlow"}},
        "genre": "mystery", "target_words": 600, "seed": 2}))
    assert plan.world.setting == "the research station"
    assert not any("platform" in p or "ticket" in p for p in plan.world.places)


def test_what_a_world_excludes_is_never_said_unless_the_premise_says_it() -> None:
    space = frozenset({"space"})
    assert out_of_world("Somewhere a church clock struck nine.", space) == "church clock"
    assert out_of_world("Gulls wheeled over the harbour.", space) in {"gulls", "harbour"}
    assert not out_of_world("Recyclers hummed under the floor plates.", space)
    # A word of the premise is the story's own: a submarine under the sea has its sea.
    assert out_of_world("The sea pressed on the hull.", frozenset({"space"}),
                        frozenset({"sea"})) == ""


def test_every_world_is_well_formed() -> None:
    groups = json.loads((Path(catalog.__file__).parent / "data" / "worlds.json")
                        .read_text(encoding="utf-8"))["groups"]
    for name, world in world_kinds().items():
        assert all(e[1:] in groups for e in world["excludes"] if e.startswith("@")), name
        # A world's own words do not shut it out of itself, nor does its own texture.
        assert all(fits_world(mark, frozenset({name})) for mark in world["marks"]), name
        for sense, phrases in world["palette"].items():
            assert len(phrases) >= 4 and all(fits_world(p, frozenset({name})) for p in phrases), (
                name, sense)
        assert excluded(name), name
        # A world's own setting is of the world, by its own words.
        setting = world["setting"]
        assert not setting or name in worlds_of(" ".join([setting["name"], *setting["places"]]))


def _texture_phrases() -> list[str]:
    table = _places()
    phrases: list[str] = []
    for entry in table["places"].values():
        phrases += [p for ps in entry.get("palette", {}).values() for p in ps]
    phrases += [p for kind in table["kind_palettes"].values() for ps in kind.values() for p in ps]
    for genre in catalog.genres():
        phrases += [p for sense in ("sight", "sound", "smell", "touch", "taste")
                    for p in genre.palette.sense(sense)]
    for path in sorted(GENRE_SCENES.glob("*.json")):
        phrases += json.loads(path.read_text(encoding="utf-8"))["pools"].get("sense", [])
    for world in world_kinds():
        phrases += [p for ps in world_palette(frozenset({world})).values() for p in ps]
    return phrases


def test_every_texture_phrase_fits_at_least_one_world() -> None:
    phrases = _texture_phrases()
    assert len(phrases) > 1000
    worlds = [frozenset({name}) for name in world_kinds()]
    homeless = [p for p in phrases if not any(fits_world(p, w) for w in worlds)]
    assert not homeless, homeless[:10]


def test_a_sealed_worlds_palette_keeps_nothing_from_outside() -> None:
    for world, premises in PREMISES.items():
        for idea in premises:
            for genre in ("science-fiction", "literary", "historical"):
                plan = plan_story(StoryRequest.model_validate({
                    "premise": {"idea": idea, "character": {"name": "Ines Marlow"}},
                    "genre": genre, "target_words": 900, "seed": 5}))
                said = " | ".join([*(p for ps in plan.world.palette.values() for p in ps),
                                   *plan.world.places, plan.world.setting, plan.world.time])
                assert not leaks(said, world, idea), (idea, genre, leaks(said, world, idea))


@pytest.mark.slow
@pytest.mark.parametrize("world", sorted(PREMISES))
def test_stories_in_a_sealed_world_say_nothing_from_outside_it(world: str) -> None:
    found = {}
    for idea in PREMISES[world]:
        for n, genre in enumerate(GENRES):
            seed = 11 + n
            text = _story(idea, genre, seed, (700, 1600, 2600)[n % 3])
            if hit := leaks(text, world, idea):
                found[(idea[:30], genre)] = hit[:4]
    assert not found, found
