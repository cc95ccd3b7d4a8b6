"""Generated prose is free of the grammar and place-sense slips readers found.

A corpus of every genre × POV × tense × several ideas and characters, 600–1,500 words, is scanned
by ``prose_checks`` (agreement, "you sister's", "I and Miriam", perfects with a finished time,
corners framed as rooms, "found a … found", doubled words, lie/lay, mixed tenses in one quirk,
standing habits told as deeds). Every class must have zero hits; each check is proven able to fail.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path
from random import Random

import pytest

from shortstory.pipeline import catalog
from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.planning import plan_story
from shortstory.writers.procedural import ProceduralWriter
from shortstory.writers.procedural.realiser import Realiser, SlotUnavailable
from shortstory.writers.procedural.writer import lexicon

sys.path.insert(0, str(Path(__file__).parent))
from prose_checks import CHECKS, find_prose_errors, is_plural_noun
from support.story_inputs import (
    ANNOUNCER,
    ARCHIVIST,
    BRAM,
    CLOCKMAKER,
    FERRYMAN,
    GREENHOUSE,
    INES,
    LIGHTHOUSE,
    MAREN,
    POV_TENSE,
    STRANGERS,
    TOMASZ,
    ZOE,
)

CHARACTERS = [{**TOMASZ, "traits": ["stubborn", "generous"]}, ZOE, BRAM, INES, MAREN]
IDEAS = [LIGHTHOUSE, CLOCKMAKER, GREENHOUSE, ANNOUNCER, ARCHIVIST, FERRYMAN]
LENGTHS = [600, 900, 1200, 1500]
STORIES_PER_CELL = 3
"""Stories per genre × POV/tense cell: 9 × 6 × 3 = 162."""

WRITER = ProceduralWriter()


def corpus_requests() -> list[StoryRequest]:
    """The corpus: every genre × POV/tense, with ideas, characters and lengths in turn."""
    requests = []
    n = 0
    for genre in (g.id for g in catalog.genres()):
        for pov, tense in POV_TENSE:
            for _ in range(STORIES_PER_CELL):
                requests.append(StoryRequest.model_validate({
                    "premise": {"idea": IDEAS[n % len(IDEAS)],
                                "character": CHARACTERS[n % len(CHARACTERS)],
                                "theme": STRANGERS},
                    "genre": genre,
                    "scaffold": {"pov": pov, "tense": tense},
                    "target_words": LENGTHS[n % len(LENGTHS)],
                    "seed": 7 + n,
                }))
                n += 1
    return requests


@lru_cache(maxsize=1)
def corpus_errors() -> dict[str, list[str]]:
    """Every hit over the corpus, by class, each with the story's index."""
    found: dict[str, list[str]] = {}
    for i, request in enumerate(corpus_requests()):
        for name, hits in find_prose_errors(render(request)).items():
            found.setdefault(name, []).extend(f"#{i}: {hit}" for hit in hits)
    return found


def render(request: StoryRequest) -> str:
    """One story's text."""
    return WRITER.render(plan_story(request))


def test_corpus_covers_every_genre_pov_and_tense() -> None:
    requests = corpus_requests()
    assert len(requests) >= 150
    cells = {(r.genre, r.scaffold.pov, r.scaffold.tense) for r in requests}
    assert len(cells) == len(catalog.genres()) * len(POV_TENSE)


@pytest.mark.slow
@pytest.mark.parametrize("error_class", list(CHECKS))
def test_generated_prose_has_no_slip_of_this_class(error_class: str) -> None:
    assert corpus_errors().get(error_class, []) == []


BAD = {
    "there_is_plural": "At the gate there is footsteps on bare boards.",
    "plural_subject_singular_verb": "I read it twice. The logs shows nothing.",
    "you_possessive": "You want to win back you sister's trust.",
    "i_and_name": "I and Miriam talked until dawn.",
    "perfect_with_past_time": "It is a rule somebody has written three hundred years ago.",
    "corner_in_room_frame": "She waited in the rock ledge below the tower by the door of the yard.",
    "truncated_place": "He went back to the long.",
    "found_twice": "Her hand found a hand found in a coat pocket.",
    "doubled_words": "She opened the the door.",
    "lie_as_lay": "He whistles through his teeth when he lay.",
    "mixed_tense_pair": "She hated crowds but sings in them.",
    "static_as_action": "Without thinking, he kept a pebble in each pocket.",
}
GOOD = ("There are footsteps on the boards. The creak of the stairs comes first. Your sister's "
        "trust is hard won. Miriam and I talked. Somebody wrote it three hundred years ago. She "
        "waited on the rock ledge and by the door of the lamp room, in the yard. He went back to "
        "the long table. Her hand found a coin. She had had enough. He lay down when he lay awake."
        " She hated crowds but sang in them. He kept a pebble in each pocket.")


@pytest.mark.parametrize("error_class", list(CHECKS))
def test_each_check_finds_its_slip_and_passes_the_mended_text(error_class: str) -> None:
    assert CHECKS[error_class](BAD[error_class])
    assert CHECKS[error_class](GOOD) == []


def _realiser(tense: str = "past", quirk: str = "counts stairs aloud") -> Realiser:
    body = corpus_requests()[0].model_dump()
    body["scaffold"].update(pov="first", tense=tense)
    body["premise"]["character"]["quirk"] = quirk
    plan = plan_story(StoryRequest.model_validate(body))
    return Realiser(plan, catalog.genre(plan.story_request.genre), lexicon(), Random(1))


def test_a_place_takes_the_preposition_and_frames_its_kind_of_spot_fits() -> None:
    realiser = _realiser()
    realiser.place = "the far platform"
    assert realiser.fill("{P} {v:wait} in {place}.") == "I waited on the far platform."
    with pytest.raises(SlotUnavailable):
        realiser.fill("{P} {v:lock} the door of {place}.")
    realiser.place = "the lamp room"
    assert realiser.fill("{P} {v:lock} the door of {place}.") == \
        "I locked the door of the lamp room."


def test_verbs_agree_with_the_number_of_the_phrase_a_slot_fills() -> None:
    realiser = _realiser()
    realiser.palette["sound"] = ["footsteps on bare boards"]
    assert realiser.fill("There {v3:be} {sound}.") == "There were footsteps on bare boards."
    realiser.palette["sound"] = ["a door banging"]
    assert realiser.fill("There {v3:be} {sound}.") == "There was a door banging."
    assert realiser.fill("The logs {v3:show} nothing.") == "The logs showed nothing."


def test_finished_times_take_the_simple_past_and_the_narrator_comes_last() -> None:
    realiser = _realiser(tense="present")
    assert realiser.fill("{A} {perf3:teach} {Po} years ago.").endswith("taught me years ago.")
    assert "Miriam and I talked" in realiser.fill("I and Miriam talked.")


def test_a_standing_habit_is_never_told_as_a_deed() -> None:
    with pytest.raises(SlotUnavailable):
        _realiser(quirk="keeps a pebble in each pocket").fill("Without thinking, {P} {quirk:act}.")
    assert _realiser().fill("Without thinking, {P} {quirk:act}.") == \
        "Without thinking, I counted stairs aloud."


def test_the_plural_oracle_agrees_with_the_writer() -> None:
    """The checks' own plural rule is independent of the writer's on purpose; it must still
    judge as the writer's does, or a check would count slips the writer cannot make."""
    from wordfreq import top_n_list

    from shortstory.writers.procedural.grammar import is_plural_noun as writers_rule

    words = [w for w in top_n_list("en", 100_000) if w.isalpha() and w.endswith("s")]
    assert len(words) > 10_000
    assert [w for w in words if is_plural_noun(w) != writers_rule(w)] == []
    assert is_plural_noun("footsteps") and is_plural_noun("logs")
    assert not any(is_plural_noun(w) for w in ("says", "has", "news", "glass", "bus"))
