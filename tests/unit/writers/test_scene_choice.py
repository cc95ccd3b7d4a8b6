"""Which events fill a story's middle, and how a name is said (issue #15)."""

from __future__ import annotations

from random import Random

import pytest

from shortstory.pipeline import catalog
from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.planning import plan_story
from shortstory.writers.procedural.lexicons import genre_lexicon
from shortstory.writers.procedural.realiser import Realiser
from shortstory.writers.procedural.scenes import Scene, scene_library
from shortstory.writers.procedural.slots.state import SlotUnavailable


def test_a_scene_names_the_idea_by_its_own_slots() -> None:
    assert Scene("x", ("{P} {v:lift} {item} to the light.",), False).names_the_idea
    assert Scene("x", ("?{A} {v3:watch} {target_it} go.",), False).names_the_idea
    assert not Scene("x", ("{A} {v3:lay} the table for two.",), False).names_the_idea
    _, shared = scene_library("mystery")
    assert any(s.names_the_idea for s in shared["middle"])
    assert not all(s.names_the_idea for s in shared["middle"])


_LEDGER = "A night-ferry cook finds a ledger of passengers who never disembark."


def _realiser(name: str, tense: str = "past", idea: str = _LEDGER) -> Realiser:
    body = {"premise": {"idea": idea,
                        "character": {"name": name, "pronouns": "she/her"}},
            "genre": "horror", "structure": "three-act",
            "scaffold": {"pov": "first", "tense": tense}, "target_words": 600, "seed": 3}
    return Realiser(plan_story(StoryRequest.model_validate(body)), catalog.genre("horror"),
                    genre_lexicon("horror"), Random(1))


def test_a_one_word_name_is_not_set_against_itself() -> None:
    # Before: "Everyone called me Odile; only the post still called me Odile."
    line = "Everyone {v3:call} {Po} {Pn}; only the post still {v3:call} {Po} {Pfull}."
    with pytest.raises(SlotUnavailable):
        _realiser("Odile").fill(line)
    assert _realiser("Odile Ferrand").fill(line) == (
        "Everyone called me Odile; only the post still called me Odile Ferrand.")


def test_a_line_about_the_full_name_needs_a_name_of_two_words() -> None:
    # Before: "The name painted on the door of the lock gates was Nell, though nobody had used
    # the surname in years."
    line = "{A} {v3:introduce} {Po} to a stranger as {Psurnamed}, surname and all."
    with pytest.raises(SlotUnavailable):
        _realiser("Odile").fill(line)
    assert _realiser("Odile Ferrand").fill(line).endswith(
        "me to a stranger as Odile Ferrand, surname and all.")


@pytest.mark.parametrize("pov", ["first", "close_third", "second"])
def test_a_story_of_a_one_word_name_never_speaks_of_a_surname(pov: str) -> None:
    from shortstory.pipeline.run import write_story
    from shortstory.writers.procedural import ProceduralWriter

    for seed in range(12):
        body = {"premise": {"idea": "A ferry cook keeps a ledger of passengers who never "
                                    "disembark.",
                            "character": {"name": "Odile", "pronouns": "she/her"}},
                "genre": "literary", "scaffold": {"pov": pov, "tense": "past"},
                "target_words": 400, "seed": seed}
        text = write_story(StoryRequest.model_validate(body), ProceduralWriter(),
                           seed=seed).text
        assert "surname" not in text and "in full" not in text, (seed, text[:400])


def test_a_sense_set_in_the_air_is_not_set_there_twice() -> None:
    # Before: "I caught woodsmoke on the wind on the air."
    for seed in range(40):
        realiser = _realiser("Odile Ferrand")
        realiser.rng.seed(seed)
        realiser.palette["smell"] = ["woodsmoke on the wind", "tar and rope"]
        assert realiser.fill("{P} {v:catch} {smell} on the air.") == (
            "I caught tar and rope on the air.")
        assert "wind" not in realiser.fill("The air {v3:smell} of {smell}.")



def test_one_of_a_plural_takes_a_singular_verb() -> None:
    # Before: "Then one of the questions answer another"
    realiser = _realiser("Odile Ferrand", tense="present")
    assert realiser.fill("Then one of the questions {v3:answer} another.") == (
        "Then one of the questions answers another.")
    assert realiser.fill("Then the questions {v3:answer} each other.") == (
        "Then the questions answer each other.")


def test_a_span_since_a_past_time_runs_on_in_the_perfect() -> None:
    # Before: "Ever since a bad start, years ago, Reggie was polite to me" in a present story
    realiser = _realiser("Odile Ferrand", tense="present")
    assert realiser.fill("Ever since a bad start, years ago, {P} {perf:be} polite.") == (
        "Ever since a bad start, years ago, I have been polite.")
    assert realiser.fill("Years ago {P} {perf:be} polite.") == "Years ago I was polite."


def test_a_dated_memory_in_a_present_story_is_told_in_the_past() -> None:
    # Before: "The year you have come to the cottage, the river has run backward for a week."
    realiser = _realiser("Odile Ferrand", tense="present")
    assert realiser.fill("The year {P} {perf:come} here, the river {perf3:run} backward.") == (
        "The year I came here, the river ran backward.")


def test_no_sense_frame_puts_its_verb_before_the_sense() -> None:
    # Before: "From further off comes footsteps on bare boards overhead": a verb before the
    # phrase cannot agree with it (a sound may be one or many).
    import json
    import re

    from shortstory.writers.procedural.scene_data import SCENES

    frames = json.loads((SCENES / "any.json").read_text(encoding="utf-8"))["character"]["sense"]
    inverted = re.compile(r"\{v3:\w+\} \{(?:sight|sound|smell|touch|taste)\}")
    lines = [line for frame in frames for line in frame]
    assert lines and not [line for line in lines if inverted.search(line)]


def test_there_is_never_written_before_a_plural() -> None:
    # Before: "There is minutes. I am in them, misspelt."
    import re
    from pathlib import Path

    from lemminflect import getAllLemmas

    def may_be_plural(word: str) -> bool:  # "minutes" is also its own lemma (of a meeting)
        return any(noun != word for noun in getAllLemmas(word).get("NOUN", ()))

    data = Path(__file__).parents[3] / "src" / "shortstory" / "writers" / "procedural" / "data"
    singular_there = re.compile(r"\b[Tt]here \{(?:v3|perf3):be\} (?:no |only |still )?([a-z]+)\b")
    slips = [(path.name, match.group(0)) for path in data.rglob("*.json")
             for match in singular_there.finditer(path.read_text(encoding="utf-8"))
             if may_be_plural(match.group(1))]
    assert not slips


def test_a_verb_after_a_fronted_place_agrees_with_what_follows() -> None:
    # Before: "From the back of the office comes footsteps on bare boards overhead"
    realiser = _realiser("Odile Ferrand", tense="present")
    realiser.palette["sound"] = ["voices raised in the galley"]
    assert realiser.fill("Through the wall {v3:come} {sound}.") == (
        "Through the wall come voices raised in the galley.")
    realiser.palette["sound"] = ["a voice raised in the galley"]
    assert realiser.fill("Through the wall {v3:come} {sound}.") == (
        "Through the wall comes a voice raised in the galley.")


@pytest.mark.parametrize(("template", "expected"), [
    # Before: "Keeping the pamphlets mean buying for two", "What it says about the pamphlets
    # stay, ash or no ash": a noun after a verb's -ing form or after "about" is no subject.
    ("Keeping {item} {v3:mean} buying for two.", "Keeping the pamphlets means buying for two."),
    ("What it {v3:say} about {item} {v3:stay}.", "What it says about the pamphlets stays."),
    ("{item_cap} {v3:stay}.", "The pamphlets stay."),
])
def test_a_noun_that_is_an_object_does_not_choose_the_verbs_number(template: str,
                                                                   expected: str) -> None:
    realiser = _realiser("Odile Ferrand", tense="present",
                         idea="A ferry cook hides pamphlets in the galley of a night ferry.")
    assert realiser.fill(template) == expected
