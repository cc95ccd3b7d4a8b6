"""The idea's fact retold in sentences of the story's own (issue #15): readers found stories of
bees with no comb and of an empty yacht with no table, because a fact that one clause could only
paste was not told at all. Each cut names a thing again and says something of it; no sentence
keeps six of the idea's words in a row, and none lacks a verb."""

from __future__ import annotations

import pytest

from shortstory.pipeline.situation import read_idea
from shortstory.writers.procedural.idea_runs import idea_words, longest_run
from shortstory.writers.procedural.retelling import retell
from shortstory.writers.procedural.telling import detail, event

BEES = ("A beekeeper discovers that her hives have started building comb in the shape of letters, "
        "spelling a warning about the flood.")
YACHT = "The lifeboat crew find an empty yacht with a kettle still warm."


def _too_long(idea: str):  # type: ignore[no-untyped-def]
    words = idea_words(idea)
    return lambda text: bool(longest_run(text, words))


def test_a_fact_one_clause_would_paste_is_told_in_sentences_of_its_own() -> None:
    situation = read_idea(BEES)
    told = detail(situation.predicate, situation.item, "past", idea_words(BEES), "she/her",
                  "first")
    assert told == ("they had started building comb. The comb was in the shape of letters. "
                    "They spelled a warning. The warning was about the flood")
    assert not longest_run(told, idea_words(BEES))


def test_a_clause_without_a_long_run_is_left_whole() -> None:
    assert retell("it rose when someone lied", "past", _too_long(BEES)) == \
        "it rose when someone lied"


@pytest.mark.parametrize(("clause", "idea", "expected"), [
    ("she inherited the old kingdom that has vanished from the maps",
     "A clerk inherits the old kingdom that has vanished from the maps.",
     "she inherited the old kingdom. The kingdom had vanished from the maps"),
    ("she found a hidden drawer containing a confession",
     "A dealer finds a hidden drawer containing a confession.",
     "she found a hidden drawer. The drawer contained a confession"),
    ("she heard a gunshot hidden in a recording", "A tuner hears a gunshot hidden in a recording.",
     "she heard a gunshot. The gunshot was hidden in a recording"),
])
def test_each_cut_names_its_thing_again(clause: str, idea: str, expected: str) -> None:
    assert retell(clause, "past", _too_long(idea)) == expected


def test_a_relative_clause_takes_the_storys_tense() -> None:
    idea = "A tattooist falls for a client who wants her ex's name removed."
    told = retell("she fell for a client who wants her ex's name removed", "past",
                  _too_long(idea))
    assert told == "she fell for a client. The client wanted her ex's name removed"


def test_what_the_idea_finds_is_told_after_the_deed() -> None:
    told = event("find an empty yacht with a kettle still warm", "she/her", "close_third", "past",
                 idea_words(YACHT), "3")
    assert told == "she found an empty yacht. There was a kettle still warm"


def test_a_means_is_no_place_to_cut() -> None:
    # "with bottle caps" says how, not what is there: never "There was bottle caps".
    idea = "A refugee teenager in a camp teaches younger children chess with bottle caps."
    assert event("teaches younger children chess with bottle caps", "she/her", "first",
                 "past", idea_words(idea), "1") is None


def test_a_thing_named_at_length_is_named_first() -> None:
    idea = "A babysitter realises the baby monitor is showing a different nursery."
    assert retell("the baby monitor was showing a different nursery", "past",
                  _too_long(idea)) == "it was the baby monitor. It was showing a different nursery"


def test_a_fact_that_cannot_be_cut_is_not_told() -> None:
    idea = "A bellfounder discovers that each bell she casts silences one word from the language."
    assert retell("each bell I cast silenced one word from the language", "past",
                  _too_long(idea)) is None


def test_a_comparison_is_not_cut_in_two() -> None:
    """Set G: "one more passenger. The passenger was going up than coming down"."""
    assert retell("kept counting one more passenger going up than coming down", "past",
                  lambda text: "going up than coming down" in text) is None


def test_a_clause_with_than_elsewhere_is_still_cut() -> None:
    told = retell("a drawer containing a letter longer than the will", "past",
                  lambda text: "drawer containing a letter" in text)
    assert told is not None and "than the will" in told
