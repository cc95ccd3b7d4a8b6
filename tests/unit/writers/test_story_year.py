"""A story whose idea names its year tells nothing dated after it, whatever its genre (issue 15:
blind readers found "a switchboard log" in 1790 and "hand gel" in 1862 in literary and mystery
stories, which had no period filter at all); an idea without a year is told as before."""

from __future__ import annotations

import re
from random import Random

import pytest

from shortstory.pipeline import catalog
from shortstory.pipeline.dated_words import anachronism, dated_words
from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.plan import StoryPlan
from shortstory.pipeline.planning import plan_story
from shortstory.writers.procedural import ProceduralWriter
from shortstory.writers.procedural.lexicons import genre_lexicon
from shortstory.writers.procedural.realiser import Realiser, SlotUnavailable

WRITER = ProceduralWriter()
DATED_IDEAS = [
    ("literary", "A switchboard operator in 1790 keeps a log of every visitor to the manor.", 1790),
    ("mystery", "In 1862 a nurse at a field hospital finds a surgeon's ledger with a page torn "
                "out.", 1862),
    ("romance", "A Victorian governess falls for the gardener who reads her letters.", 1869),
    ("horror", "During the Blitz a fire warden hears knocking from a bricked-up cellar.", 1940),
    ("literary", "In the 1920s a widow opens a tea room in a seaside town.", 1924),
    ("humour", "A medieval knight's squire is secretly doing all the dragon-slaying.", 1250),
    ("thriller", "Paris, 1790: a printer hides pamphlets from the king's men.", 1790),
    ("historical", "A radio operator in 1941 hears a call from a ship that sank.", 1941),
]


def _plan(genre: str, idea: str, seed: int, words: int = 900) -> StoryPlan:
    body = {"premise": {"idea": idea, "character": {"name": "Ada Quill", "pronouns": "she/her"}},
            "genre": genre, "target_words": words, "seed": seed}
    return plan_story(StoryRequest.model_validate(body))


def _later_words(text: str, year: int, premise: str) -> list[str]:
    """Words of ``text`` dated after ``year``, in the singular or plural (read from the data, not
    from the engine's filter), those the premise names aside."""
    own = set(re.findall(r"[\w'’-]+", premise.lower()))
    found = []
    for word, since in dated_words().items():
        if since > year and not set(word.split()) <= own and re.search(
                r"\b" + re.escape(word) + r"(?:e?s)?\b", text, re.IGNORECASE):
            found.append(word)
    return found


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize(("genre", "idea", "year"), DATED_IDEAS)
def test_a_story_with_a_year_tells_nothing_dated_after_it(genre: str, idea: str, year: int,
                                                          seed: int) -> None:
    # Before: "The car park was almost empty" and "a radio left on low" in 1790, "a drip stand"
    # in 1862, "the hiss of a baby monitor" during the Blitz.
    plan = _plan(genre, idea, seed)
    assert plan.world.year == year
    world = plan.world
    planned = [*world.places, world.time, world.stakes, world.obstacle, world.turn,
               *world.objects, *(m.role for m in world.cast),
               *(p for phrases in world.palette.values() for p in phrases)]
    assert not _later_words(" ".join(planned), year, idea), planned
    text = WRITER.render(plan)
    assert not _later_words(text, year, idea)
    assert abs(len(text.split()) - 900) <= 0.06 * 900


def test_a_word_the_premise_names_is_its_own_in_any_year() -> None:
    # "switchboard" is dated 1880, but the idea's own switchboard operator may say it in 1790.
    plan = _plan("literary", DATED_IDEAS[0][1], 1)
    realiser = Realiser(plan, catalog.genre("literary"), genre_lexicon("literary"), Random(1))
    assert "switchboard" in realiser.fill("{P} {v:sit} at the switchboard.")
    with pytest.raises(SlotUnavailable):
        realiser.fill("{P} {v:check} the switchboard log and the telephone.")


@pytest.mark.parametrize(("idea", "line", "fits"), [
    ("A radio operator in 1941 hears a call from a ship that sank.",
     "{P} {v:hear} a wireless through the wall.", True),
    ("A radio operator in 1941 hears a call from a ship that sank.",
     "{P} {v:check} her mobile for messages.", False),
    ("In 1862 a nurse at a field hospital hides a deserter.",
     "{P} {v:rub} hand gel into her palms.", False),
    ("In 1995 a nurse at a field hospital hides a deserter.",
     "{P} {v:rub} hand gel into her palms.", True),
])
def test_a_period_genre_with_a_year_tells_a_radio_from_a_mobile(idea: str, line: str,
                                                               fits: bool) -> None:
    # Before: a historical story had one list for every year: no radio in 1941 unless the idea
    # said it, and a literary story in 1862 had no list at all.
    for genre in ("historical", "literary"):
        plan = _plan(genre, idea, 2)
        realiser = Realiser(plan, catalog.genre(genre), genre_lexicon(genre), Random(1))
        if fits:
            assert realiser.fill(line)
        else:
            with pytest.raises(SlotUnavailable):
                realiser.fill(line)


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize(("genre", "idea"), [
    ("thriller", "A courier carrying a sealed hard drive across a border realises she is "
                 "followed."),
    ("literary", "A woman inherits a Victorian house and finds a diary in the wall."),
    ("mystery", "A historian reads letters written in 1862 and finds her own name."),
])
def test_an_idea_without_a_year_is_told_as_before(genre: str, idea: str, seed: int) -> None:
    # No year, no period genre: the dated lexicon holds nothing back, so a modern story keeps
    # its cars and phones (the texts at these seeds are those of the engine before the year
    # filter), and the same seed tells the same story.
    plan = _plan(genre, idea, seed)
    assert plan.world.year is None
    text = WRITER.render(plan)
    assert text == ProceduralWriter().render(_plan(genre, idea, seed))
    if genre == "thriller":
        assert _later_words(text, 1850, idea)


def test_a_plan_keeps_its_year_through_storage() -> None:
    plan = _plan("mystery", DATED_IDEAS[1][1], 1)
    assert StoryPlan.from_dict(plan.to_dict()).world.year == 1862
    older = plan.to_dict()
    del older["world"]["year"]  # a plan stored before the year was read
    assert StoryPlan.from_dict(older).world.year is None


def test_a_story_in_1888_has_no_air_raid_nor_wartime() -> None:
    # Before: "the air-raid shelter", "an air-raid siren winding up" and "a wartime telephone
    # exchange" in a story set in 1888 (a blind reader's quotes).
    for word in ("air-raid shelter", "an air-raid siren", "a wartime telephone exchange"):
        assert anachronism(f"He went down to {word}.", "historical", 1888)
