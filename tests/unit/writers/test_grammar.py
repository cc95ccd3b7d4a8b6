"""Person, tense and pronoun grammar of the procedural writer."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shortstory.pipeline.world import head_phrase
from shortstory.writers.procedural.grammar import (
    FIRST,
    PLURAL,
    SECOND,
    THIRD,
    conjugate,
    inflect_phrase,
    is_plural_phrase,
    narrate_phrase,
    opens_on_finite_verb,
    participle,
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


@pytest.mark.parametrize(
    ("phrase", "pov", "tense", "expected"),
    [
        ("whistles through his teeth when he lies", "first", "past",
         "whistled through my teeth when I lied"),
        ("lies awake counting ships", "close_third", "past", "lay awake counting ships"),
        ("hates crowds but sings in them", "first", "past", "hated crowds but sang in them"),
        ("hates crowds but sings in them", "first", "present", "hate crowds but sing in them"),
        ("bakes bread and crumbs cakes", "first", "past", "baked bread and crumbs cakes"),
        ("to win back her sister's trust", "second", "present",
         "to win back your sister's trust"),
    ],
)
def test_lie_senses_second_verbs_and_possessives_are_inflected(phrase: str, pov: str, tense: str,
                                                                expected: str) -> None:
    assert inflect_phrase(phrase, "she/her" if "her" in phrase else "he/him", pov, tense)[0] \
        == expected


@pytest.mark.parametrize(
    ("phrase", "plural"),
    [("footsteps on bare boards", True), ("the cellar stairs creaking", True),
     ("two mugs on the bench", True), ("a glass of water", False), ("paraffin and brass polish",
                                                                    False),
     ("the news from town", False), ("the logs", True), ("a train's brakes sighing", True),
     # irregular plurals: "Children in the school yard carries in from outside" before
     ("children in the school yard", True), ("fishermen mending nets", True),
     ("people talking next door", True), ("a child crying", False), ("the sheep", False)],
)
def test_a_noun_phrase_knows_its_number(phrase: str, plural: bool) -> None:
    assert is_plural_phrase(phrase, head_phrase(phrase)) is plural


def test_a_second_verb_after_an_adverb_takes_the_person_and_tense() -> None:
    assert inflect_phrase("maps the world but never goes home", "she/her", "first",
                          "present")[0] == "map the world but never go home"
    assert inflect_phrase("maps the world but never goes home", "she/her", "close_third",
                          "past")[0] == "mapped the world but never went home"


def test_a_measure_of_things_takes_a_singular_verb() -> None:
    from shortstory.pipeline.world import head_phrase
    from shortstory.writers.procedural.grammar import is_plural_phrase

    # Before: "the pair of shoes are back in the kitchens".
    assert not is_plural_phrase("the pair of shoes", head_phrase("the pair of shoes"))
    assert is_plural_phrase("the cellar stairs", head_phrase("the cellar stairs"))


@pytest.mark.parametrize(("phrase", "pov", "tense", "expected"), [
    ("says she doesn't love them", "first", "present", "say I don't love them"),
    ("says she doesn't love them", "second", "past", "said you didn't love them"),
    ("claims she isn't afraid", "first", "present", "claim I am not afraid"),
    ("claims she isn't afraid", "second", "past", "claimed you weren't afraid"),
    ("swears she hasn't lied", "first", "past", "swore I hadn't lied"),
    ("is sure she didn't lock it", "first", "present", "am sure I didn't lock it"),
])
def test_a_contracted_negative_agrees_with_the_narrator(phrase: str, pov: str, tense: str,
                                                        expected: str) -> None:
    # Before: "I say I doesn't love them" (a blind reader's quote), "you isn't afraid".
    assert inflect_phrase(phrase, "she/her", pov, tense)[0] == expected


def test_get_has_its_british_participle() -> None:
    # A reader noticed "had gotten" in an English village story.
    assert participle("get") == "got"
    assert participle("get up") == "got up"
    assert participle("forget") == "forgotten"


@pytest.mark.parametrize(("phrase", "past"), [
    # Before: "I preached dignity and plots mischief", "I ran from family and works for people"
    # (a reader's quotes): "plots" and "works" are plurals too, and were left as they were.
    ("preaches dignity and plots mischief", "preached dignity and plotted mischief"),
    ("runs from family and works for people", "ran from family and worked for people"),
    ("collects stamps and coins", "collected stamps and coins"),
    ("sells apples and pears to the neighbours", "sold apples and pears to the neighbours"),
])
def test_a_second_verb_after_and_takes_the_narrators_tense(phrase: str, past: str) -> None:
    assert inflect_phrase(phrase, "she/her", "first", "past")[0] == past


@pytest.mark.parametrize(("phrase", "pov", "tense", "person", "told"), [
    # Before: "Out of old habit I have re-shelves books nobody asked me to".
    ("re-shelves books nobody asked her to", "first", "present", "1",
     "re-shelve books nobody asked me to"),
    ("re-shelves books nobody asked her to", "close_third", "past", "3",
     "re-shelved books nobody asked her to"),
    ("double-checks every lock", "second", "past", "2", "double-checked every lock"),
])
def test_a_hyphenated_verb_inflects_after_its_hyphen(phrase: str, pov: str, tense: str,
                                                      person: str, told: str) -> None:
    assert inflect_phrase(phrase, "she/her", pov, tense, subject_person=person) == (told, True)


@pytest.mark.parametrize(("phrase", "past"), [
    ("to keep things as they were", "to keep things as they were"),
    ("a house where they are happy", "a house where they were happy"),
    ("to see what they know", "to see what they knew"),
    ("a drawer that sticks halfway", "a drawer that stuck halfway"),
])
def test_a_subordinate_verb_keeps_its_subjects_number_and_its_past(phrase: str, past: str) -> None:
    assert narrate_phrase(phrase, "past") == past


@pytest.mark.parametrize(("clause", "verb"), [
    ("hates attention", True), ("never goes home", True), ("can't swim", True),
    ("has never let himself grieve", True), ("except this one", False),
    ("a coward with family", False),
])
def test_a_notes_later_clause_is_a_verb_clause_only_on_a_verb(clause: str, verb: bool) -> None:
    assert opens_on_finite_verb(clause) is verb


@pytest.mark.parametrize(("phrase", "pronouns", "told"), [
    # Before: "you distrusted your mother, obeyed your still" (a blind reader's quote).
    ("obeys her still", "she/her", "obeyed her still"),
    ("calls him back", "he/him", "called him back"),
    ("feeds her cat", "she/her", "fed your cat"),
    ("hates it when people call her Bea", "she/her", "hated it when people call you Bea"),
    ("lets nobody help him", "he/him", "let nobody help you"),
])
def test_the_object_of_the_characters_own_verb_is_someone_else(
        phrase: str, pronouns: str, told: str) -> None:
    assert inflect_phrase(phrase, pronouns, "second", "past")[0] == told


def test_a_compound_verb_the_tables_lack_is_read_by_its_last_verb() -> None:
    # Before: "she had fingerspells song lyrics on her knee" (a blind reader's quote).
    assert inflect_phrase("fingerspells song lyrics on her knee", "she/her", "close_third",
                          "past") == ("fingerspelled song lyrics on her knee", True)
    assert inflect_phrase("sleepwalks at full moon", "he/him", "first", "present")[0] == (
        "sleepwalk at full moon")


@pytest.mark.parametrize(
    ("phrase", "plural"),
    [("the cellar steps taking a weight one at a time", True),  # "there is the cellar steps"
     ("two men arguing in the yard", True), ("the ceiling dripping", False),
     ("a long evening", False), ("a dog barking twice", False)],
)
def test_a_participle_after_the_head_does_not_hide_its_number(phrase: str, plural: bool) -> None:
    from shortstory.writers.procedural.slots.verbs import is_plural_np

    assert is_plural_np(phrase) is plural
