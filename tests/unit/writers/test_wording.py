"""The idiolect's per-story alternatives: ``[a|b|c]`` in a template, one form per story."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from shortstory.writers.procedural.wording import Idiolect, shortest_form

TEMPLATE = "{P} {v:want} {want}, and {v:tell} [no one|nobody|not a soul at {place}]."


def test_one_form_is_taken_and_slots_inside_a_form_survive() -> None:
    forms = {Idiolect([], seed).apply(TEMPLATE) for seed in range(40)}
    assert forms == {"{P} {v:want} {want}, and {v:tell} no one.",
                     "{P} {v:want} {want}, and {v:tell} nobody.",
                     "{P} {v:want} {want}, and {v:tell} not a soul at {place}."}


@given(st.integers(min_value=0, max_value=10**6))
def test_a_story_keeps_its_choice_for_every_use_of_a_template(seed: int) -> None:
    assert Idiolect([], seed).apply(TEMPLATE) == Idiolect([], seed).apply(TEMPLATE)
    assert "[" not in Idiolect([], seed).apply(TEMPLATE)


def test_a_compact_story_takes_the_form_of_fewest_words() -> None:
    idiolect = Idiolect([], 3)
    idiolect.shortest = True
    template = "“[I've let it go|That's done with|I put it down], {A}[|. It was time|. Truly].”"
    assert idiolect.apply(template) == "“That's done with, {A}.”"
    assert shortest_form(template) == "“That's done with, {A}.”"


def test_a_template_without_alternatives_is_left_alone() -> None:
    plain = "The list [of names] stayed {where}."
    assert Idiolect([], 5).apply(plain) == plain


def test_a_counted_everyday_word_is_not_swapped_for_a_phrase() -> None:
    # Before: "the message Leona had sent that first light" (the story's word for "morning").
    idiolect = Idiolect([["morning", "first light"]], seed=1)
    idiolect.words = {"morning": "first light"}
    text = idiolect.apply("{P} {v:read} it that morning, every morning, and in the morning.")
    assert "that morning" in text and "every morning" in text, text
    assert "in the first light" in text, text
