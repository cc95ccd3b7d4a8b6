"""Stock wordings flagged without a suggestion (``data/stock_phrases.json``): every wording is
found as its own entry, in any person and tense; literal uses of their words stay clean; a
said-bookism is a tag, not an action beat after a closed sentence."""

from __future__ import annotations

import pytest

from shortstory.analysis.cliches import fill_slots, find_cliches, full_catalogue, replacement_for
from shortstory.analysis.cliches.stock import SOURCE, stock_entries


def test_every_group_is_an_entry_without_a_suggestion() -> None:
    entries = stock_entries()
    assert len(entries) >= 100
    assert sum(len(e.forms) for e in entries) >= 2000
    assert all(e.source == SOURCE and e.suggestions == () for e in entries)
    ids = full_catalogue().by_id
    assert all(e.id in ids for e in entries)


def test_every_stock_wording_is_found_as_its_own_entry() -> None:
    ids = full_catalogue().by_id
    missed = []
    for entry in stock_entries():
        for form in ids[entry.id].forms:
            text = fill_slots(form, ())
            if entry.position == "after_speech":
                text = f"“Go,” {text}"
            if entry.id not in {m.id for m in find_cliches(text)}:
                missed.append((entry.id, form))
    assert missed == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Rain drummed on the tin roof all night.", "Rain drummed on"),
        ("The sky was the colour of lead by noon.", "The sky was the colour of lead"),
        ("Dappled sunlight fell across the path.", "Dappled sunlight"),
        ("The silence stretched between us like wire.", "The silence stretched between us"),
        ("A scream pierced the night.", "A scream pierced the night"),
        ("“Did you hear that?” Maren whispered.", "Did you hear that"),
        ("Heat pooled low in her belly when he spoke.", "Heat pooled low in her belly"),
        ("The floorboards creaked above our heads.", "The floorboards creaked"),
        ("Panic clawed at my throat.", "Panic clawed at my throat"),
        ("The fate of the realm rested on his shoulders.", "The fate of the realm"),
        ("We had been scared out of our wits.", "scared out of our wits"),
        ("Her hair fell in a cascade of curls.", "a cascade of curls"),
        ("He was built like a brick wall.", "built like a brick wall"),
        ("Tears coursed down his cheeks.", "Tears coursed down his cheeks"),
        ("My stomach was tied in knots all day.", "My stomach was tied in knots"),
    ],
)
def test_a_stock_wording_is_found_whatever_its_person_and_tense(text: str, found: str) -> None:
    matches = find_cliches(text)
    assert any(found in m.text or m.text in found for m in matches), [m.text for m in matches]
    assert all(m.source != SOURCE or not m.suggestions for m in matches)


def test_a_stock_match_is_flagged_and_left_as_written() -> None:
    text = "Dappled sunlight fell across the path."
    (match,) = [m for m in find_cliches(text) if m.source == SOURCE]
    assert replacement_for(match, text) == match.text


@pytest.mark.parametrize(
    "text",
    [
        "She drew the curtains and the sunlight fell on the carpet.",
        "The surgeon's hands were steady as she closed the wound.",
        "They searched the house for the missing key.",
        "The children hung their coats on the hooks and sat down.",
        "The farmer nodded to the vet and opened the gate.",
        "He swallowed the pill with a glass of water.",
        "The hot cakes sold out before nine at the church fair.",
        "The terrier dug up a bone in the garden.",
        "The olive branch snapped under the weight of the fruit.",
        "The buck stopped at the edge of the clearing.",
        "The chips were cold by the time we got home.",
        "The door was painted green and the hinges were new.",
        "He heard footsteps on the gravel and went to the window.",
        "The alarm on the car went off twice in the night.",
        "She stroked the cat's chin and it purred.",
        "They let him go at the end of the month with a month's pay.",
        "Her time at the school was ending; the term closed on Friday.",
        "He smiled at the baby and she smiled back.",
        "The light came through the window onto the table.",
        "The birds in the hand-reared flock were tame.",
    ],
)
def test_literal_uses_of_the_words_stay_clean(text: str) -> None:
    assert find_cliches(text) == []


@pytest.mark.parametrize(
    ("text", "tagged"),
    [
        ("“Fine,” he shrugged.", True),
        ("“Not again,” she groaned.", True),
        ("“Go!” she hissed.", True),
        ("“Fine.” He shrugged and picked up his bag.", False),
        ("“No.” She sighed and turned off the light.", False),
    ],
)
def test_a_said_bookism_is_a_tag_not_an_action_beat(text: str, tagged: bool) -> None:
    assert any(m.category == "dialogue_tag" for m in find_cliches(text)) is tagged
