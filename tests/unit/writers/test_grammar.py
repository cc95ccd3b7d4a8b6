"""Person, tense and pronoun grammar of the procedural writer."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shortstory.writers.procedural.grammar import (
    FIRST,
    PLURAL,
    SECOND,
    THIRD,
    conjugate,
    inflect_phrase,
    narrate_phrase,
)


@pytest.mark.parametrize(
    ("lemma", "person", "tense", "expected"),
    [
        ("be", FIRST, "present", "am"), ("be", SECOND, "present", "are"),
        ("be", THIRD, "present", "is"), ("be", PLURAL, "past", "were"),
        ("be", FIRST, "past", "was"), ("have", THIRD, "present", "has"),
        ("have", PLURAL, "present", "have"), ("count", THIRD, "present", "counts"),
        ("count", PLURAL, "present", "count"), ("run", FIRST, "past", "ran"),
        ("can", THIRD, "past", "could"), ("look up", THIRD, "past", "looked up"),
    ],
)
def test_conjugate_agrees_in_person_and_tense(lemma: str, person: str, tense: str,
                                              expected: str) -> None:
    assert conjugate(lemma, person, tense) == expected


@pytest.mark.parametrize(
    ("pov", "tense", "expected"),
    [
        ("first", "past", "feared the dark I guarded"),
        ("first", "present", "fear the dark I guard"),
        ("second", "past", "feared the dark you guarded"),
        ("close_third", "present", "fears the dark she guards"),
        ("close_third", "past", "feared the dark she guarded"),
    ],
)
def test_a_users_phrase_is_re_inflected_not_replaced(pov: str, tense: str, expected: str) -> None:
    text, began_with_verb = inflect_phrase("fears the dark she guards", "she/her", pov, tense)
    assert began_with_verb
    assert text == expected


def test_possessive_her_and_object_her_are_told_apart() -> None:
    text, _ = inflect_phrase("hides her letters from her", "she/her", "first", "past")
    assert text == "hid my letters from me"


def test_a_phrase_that_is_not_a_verb_phrase_is_reported_as_such() -> None:
    text, began_with_verb = inflect_phrase("a habit of naming cats", "they/them", "first", "past")
    assert (text, began_with_verb) == ("a habit of naming cats", False)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("a drawer that sticks halfway", "a drawer that stuck halfway"),
        ("a bell that rings a moment before it is struck",
         "a bell that rang a moment before it was struck"),
        ("a ferryman who never writes anything down", "a ferryman who never wrote anything down"),
        ("an oxygen budget that runs out before help arrives",
         "an oxygen budget that ran out before help arrived"),
        ("gulls arguing over the harbour bins", "gulls arguing over the harbour bins"),
    ],
)
def test_catalog_phrases_follow_past_narration(phrase: str, expected: str) -> None:
    assert narrate_phrase(phrase, "past") == expected
    assert narrate_phrase(phrase, "present") == phrase


@given(st.sampled_from(["count", "walk", "keep", "see", "go", "think", "carry", "try"]),
       st.sampled_from([FIRST, SECOND, THIRD, PLURAL]))
def test_past_forms_do_not_depend_on_person_except_be(lemma: str, person: str) -> None:
    assert conjugate(lemma, person, "past") == conjugate(lemma, THIRD, "past")
