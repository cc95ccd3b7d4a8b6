"""Stories at the idea's own place: its time, its senses and a cast whose witness is nobody else.

Twenty-two ideas that name a place, each in every genre: none may borrow a genre setting's time
("the week before a spring sale" is an auction house's, not a lighthouse's), most of what the
story sees, hears, smells and touches must come from the place's own palette, and the one who
witnesses is never the ally.
"""

from __future__ import annotations

import re
from functools import lru_cache
from random import Random

import pytest

from shortstory.analysis.cliches import find_cliches
from shortstory.pipeline import catalog
from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.plan import StoryPlan, World
from shortstory.pipeline.planning import plan_story
from shortstory.pipeline.situation import _places, place_palette, place_times
from shortstory.pipeline.world import SENSES, plan_palette
from shortstory.writers.procedural import ProceduralWriter
from shortstory.writers.procedural.grammar import narrate_phrase
from shortstory.writers.procedural.realiser import Realiser
from shortstory.writers.procedural.writer import lexicon

IDEAS = [
    "A lighthouse keeper finds the lamp lit every night by someone else.",
    "A night-shift baker receives orders for bread from an address that burned down.",
    "A surveyor mapping a flooded valley keeps finding the same drowned bell tower.",
    "A retired clockmaker is asked to repair a clock that runs backwards.",
    "A courier carries a sealed box across a city that changes its streets each dawn.",
    "Two estranged sisters inherit a greenhouse that blooms only in winter.",
    "A station announcer hears her own voice announcing trains that never arrive.",
    "A railway signalman on his last night shift sees a train on his board that the timetable "
    "says does not exist.",
    "A ferry pilot finds a stranger's diary in the lost-property box at the harbour.",
    "A night nurse at the hospital hears a call bell ringing from a ward that was closed.",
    "An archivist finds a map of a street that was never built.",
    "A librarian finds notes in the returned books that answer her own questions.",
    "A cook on a cargo ship finds an extra place laid at the galley table every night.",
    "A census taker on a small island counts one more islander than live there.",
    "A priest at a coastal church hears confession from a man who drowned years ago.",
    "A night porter at a hotel finds a guest booked into a room the hotel does not have.",
    "A miner in a closed mine hears tapping from behind a sealed seam.",
    "A museum guard notices a portrait changing its expression a little each week.",
    "A beekeeper on a hill farm finds her hives full of honey that tastes of smoke.",
    "A teacher at a village school finds a pupil's homework predicting the week's weather.",
    "A gardener on a council allotment grows a marrow that nobody planted.",
    "A locksmith in a small shop is hired to open a box that has no lock.",
]
POV_TENSE = [("first", "past"), ("close_third", "present"), ("second", "past"),
             ("close_third", "past")]
WRITER = ProceduralWriter()


def request(n: int, genre: str, words: int = 1000) -> StoryRequest:
    """The n-th idea in ``genre``, POV, tense and structure walked with the index."""
    pov, tense = POV_TENSE[n % len(POV_TENSE)]
    return StoryRequest.model_validate({
        "premise": {"idea": IDEAS[n % len(IDEAS)],
                    "character": {"name": "Maren Holt", "pronouns": "she/her",
                                  "traits": ["methodical"], "want": "to be needed"},
                    "theme": "what we owe to strangers"},
        "genre": genre,
        "structure": catalog.structures()[n % len(catalog.structures())].id,
        "scaffold": {"pov": pov, "tense": tense},
        "target_words": words,
        "seed": 31 * n + len(genre),
    })


@lru_cache(maxsize=1)
def stories() -> list[tuple[StoryPlan, str]]:
    """Every idea in every genre, planned and rendered once for all the tests here."""
    out = []
    for n in range(len(IDEAS)):
        for genre in catalog.genres():
            plan = plan_story(request(n, genre.id))
            out.append((plan, WRITER.render(plan)))
    return out


@pytest.mark.slow
def test_every_idea_here_is_read_at_its_own_place() -> None:
    assert len(IDEAS) >= 20
    places = {plan.world.situation["place"] for plan, _ in stories()}
    assert "" not in places
    assert len(places) >= 20


@pytest.mark.slow
def test_no_story_at_the_ideas_place_borrows_a_genre_settings_time() -> None:
    leaks = []
    for plan, text in stories():
        genre = catalog.genre(plan.story_request.genre)
        assert plan.world.setting not in {s.name for s in genre.settings}
        for setting in genre.settings:
            if re.search(rf"\b{re.escape(setting.time)}\b", text, re.IGNORECASE):
                leaks.append((plan.world.situation["place"], genre.id, setting.time))
    assert leaks == []


def test_a_story_in_a_genre_setting_keeps_that_settings_time() -> None:
    plan = plan_story(StoryRequest.model_validate({
        "premise": {"idea": "Someone has been reading other people's letters.",
                    "character": {"name": "Ines Carvalho"}},
        "genre": "mystery", "target_words": 400, "seed": 3,
    }))
    settings = {s.name: s.time for s in catalog.genre("mystery").settings}
    assert plan.world.situation["place"] == ""
    assert plan.world.time == settings[plan.world.setting]
    assert plan.world.palette == {s: catalog.genre("mystery").palette.sense(s) for s in SENSES}


def _own_share(plan: StoryPlan, text: str) -> tuple[int, int]:
    """Sensory phrases on the page from the place's own palette (or its kind's), and in all."""
    _, own, shared = place_palette(plan.world.situation["place"])
    tense = plan.story_request.scaffold.tense
    text = text.lower()  # a phrase may open its sentence
    mine = total = 0
    for sense in ("sight", "sound", "smell", "touch"):
        place_phrases = {*own.get(sense, []), *shared.get(sense, [])}
        for phrase in plan.world.palette[sense]:
            uses = text.count(narrate_phrase(phrase, tense).lower())
            total += uses
            mine += uses if phrase in place_phrases else 0
    return mine, total


@pytest.mark.slow
def test_most_sensory_phrases_come_from_the_places_own_palette() -> None:
    mine = total = 0
    for plan, text in stories():
        m, t = _own_share(plan, text)
        mine, total = mine + m, total + t
    assert total > 4 * len(stories())  # the count reads the page: it finds what is there
    print(f"place's own: {mine}/{total} = {mine / total:.1%}")
    assert mine / total >= 0.6, f"{mine}/{total}"


@pytest.mark.slow
def test_a_place_with_its_own_palette_is_heard_in_nearly_every_story() -> None:
    silent = []
    for plan, text in stories():
        place = plan.world.situation["place"]
        own = place_palette(place)[1]
        tense = plan.story_request.scaffold.tense
        if not any(narrate_phrase(p, tense).lower() in text.lower() for s in own for p in own[s]):
            silent.append((place, plan.story_request.genre))
    assert len(silent) <= 0.1 * len(stories()), silent


def test_genre_phrases_tied_to_another_place_stay_out() -> None:
    mystery = catalog.genre("mystery")
    palette = plan_palette(mystery, "the lighthouse", Random(1))
    planned = {p for phrases in palette.values() for p in phrases}
    assert "quince jelly setting on a windowsill" not in planned  # a kitchen's, not a tower's
    assert "candle smoke in the vestry" not in planned
    assert "bitter cocoa in the signal box" not in planned
    lighthouse = place_palette("the lighthouse")[1]
    assert all(set(lighthouse[s]) <= set(palette[s]) for s in lighthouse)
    archive = plan_palette(catalog.genre("thriller"), "the archive", Random(2))
    assert not {"snow sliding off a hotel roof", "tail lights climbing a mountain road"} & {
        p for phrases in archive.values() for p in phrases}
    # A harbour's gulls fit a harbour.
    harbour = plan_palette(mystery, "the harbour", Random(1))
    assert all(not any(w in p for w in ("vestry", "signal box"))
               for phrases in harbour.values() for p in phrases)


@pytest.mark.parametrize("genre", [g.id for g in catalog.genres()])
def test_every_sense_has_enough_to_say_at_every_place(genre: str) -> None:
    for place in _places()["places"]:
        palette = plan_palette(catalog.genre(genre), f"the {place}", Random(place))
        for sense in SENSES:
            assert len(palette[sense]) >= 6, (place, sense)
            assert len(set(palette[sense])) == len(palette[sense])


@pytest.mark.slow
def test_the_witness_is_never_the_ally() -> None:
    for plan, _ in stories():
        genre = catalog.genre(plan.story_request.genre)
        realiser = Realiser(plan, genre, lexicon(), Random(0))
        assert len(plan.world.cast) >= 2
        assert realiser.witness.name != realiser.ally.name
        assert realiser.witness.name != realiser.blocker.name
        assert [m.stance for m in plan.world.cast][:3] == ["ally", "obstacle", "witness"]


def test_a_short_story_still_has_its_witness() -> None:
    plan = plan_story(request(0, "mystery", words=150))
    assert len({m.name for m in plan.world.cast}) == 3


def test_same_request_gives_the_same_place_texture_and_text() -> None:
    for n in (0, 8, 13):
        first, second = plan_story(request(n, "horror")), plan_story(request(n, "horror"))
        assert first.world.palette == second.world.palette
        assert first.world.time == second.world.time
        assert WRITER.render(first) == WRITER.render(second)
    assert StoryPlan.from_dict(first.to_dict()).world == first.world


def test_an_older_plan_without_a_palette_is_written_from_the_genres() -> None:
    plan = plan_story(request(0, "mystery", words=400))
    data = plan.to_dict()
    del data["world"]["palette"]
    older = StoryPlan.from_dict(data)
    assert older.world.palette == {}
    assert WRITER.render(older)


def test_place_phrases_and_times_are_fresh_and_fit_any_narrator() -> None:
    table = _places()
    phrases = [*place_times()]
    palettes = [e.get("palette", {}) for e in table["places"].values()]
    for palette in [*palettes, *table["kind_palettes"].values()]:
        for items in palette.values():
            phrases += items
    assert len(phrases) > 400
    assert [p for p in phrases if find_cliches(p)] == []
    personal = re.compile(r"\b(?:i|me|my|you|your|we|our|us)\b", re.IGNORECASE)
    assert [p for p in phrases if personal.search(p)] == []
    genre_times = {s.time.lower() for g in catalog.genres() for s in g.settings}
    assert not genre_times & {t.lower() for t in place_times()}


def _world(idea: str, genre: str, seed: int) -> World:
    return plan_story(StoryRequest.model_validate({
        "premise": {"idea": idea, "character": {"name": "Maren Holt", "pronouns": "she/her"}},
        "genre": genre, "structure": "three-act",
        "scaffold": {"pov": "close_third", "tense": "past"}, "target_words": 900, "seed": seed,
    })).world


_MODERN = re.compile(r"\b(?:van|bus|café|kiosk|diesel|generator|tractor|radio)\b")


@pytest.mark.parametrize("seed", range(8))
def test_a_period_story_takes_no_corner_or_phrase_of_the_present_day(seed: int) -> None:
    world = _world("A lighthouse keeper's daughter trains carrier pigeons to carry messages to "
                   "a quarantined island.", "historical", seed)
    # Before: "the parish book at the parked van", "diesel at the landing stage" in 1850.
    phrases = [*world.places, *(p for sense in world.palette.values() for p in sense)]
    assert not [p for p in phrases if _MODERN.search(p)]


@pytest.mark.parametrize("seed", range(8))
def test_the_cast_at_the_ideas_place_takes_no_role_another_place_owns(seed: int) -> None:
    world = _world("A widowed sheep farmer finds a stranger's boots in her barn every morning.",
                   "mystery", seed)
    # Before: "a harbour clerk and a signalman on a farm".
    assert not [m.role for m in world.cast if re.search(r"harbour|signalman|ferryman", m.role)]
