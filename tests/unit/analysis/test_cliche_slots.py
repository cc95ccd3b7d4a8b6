"""Slots in catalogue wordings: any object or possessor, in any tense and person; spans over the
text's words; suggestions fitted with the text's own object and possessor."""

from __future__ import annotations

import pytest

from shortstory.analysis.cliches import find_cliches, replacement_for
from shortstory.analysis.cliches.catalogue import CatalogueError, parse_catalogue
from shortstory.analysis.cliches.matcher import ClicheMatcher, pattern_keys
from shortstory.analysis.cliches.slots import OBJECT, POSSESSOR, SlotError, slot_form

PLAGUE = "avoided-him-like-the-plague"
BREATH = "her-breath-caught-in-her-throat"


def only(text: str, entry_id: str) -> tuple[str, list[tuple[str, str]], str]:
    """The one match of ``entry_id`` in ``text``: its words, its slot fills and its fix."""
    (match,) = [m for m in find_cliches(text) if m.id == entry_id]
    assert text[match.start : match.end] == match.text
    for fill in match.slots:
        assert text[fill.start : fill.end] == fill.text
    return match.text, [(f.kind, f.text) for f in match.slots], replacement_for(match, text)


@pytest.mark.parametrize(
    ("text", "span", "obj", "fixed"),
    [
        ("She avoided the whole committee like the plague.",
         "avoided the whole committee like the plague", "the whole committee",
         "steered well clear of the whole committee"),
        ("I'm avoiding him like the plague.", "avoiding him like the plague", "him",
         "steering well clear of him"),
        ("They avoid the old harbour road like the plague.",
         "avoid the old harbour road like the plague", "the old harbour road",
         "steer well clear of the old harbour road"),
        ("We had avoided Maren's brother like the plague for years.",
         "avoided Maren's brother like the plague", "Maren's brother",
         "steered well clear of Maren's brother"),
        ("He avoids mirrors like the plague.", "avoids mirrors like the plague", "mirrors",
         "steers well clear of mirrors"),
    ],
)  # fmt: skip
def test_an_object_slot_takes_any_object_in_any_tense(
    text: str, span: str, obj: str, fixed: str
) -> None:
    words, fills, replacement = only(text, PLAGUE)
    assert words == span
    assert fills == [("object", obj)]
    assert replacement == fixed


@pytest.mark.parametrize(
    ("text", "span", "fixed"),
    [
        ("The old captain's breath caught in his throat.",
         "The old captain's breath caught in his throat", "The old captain's breath snagged"),
        ("My breath caught in my throat.", "My breath caught in my throat", "My breath snagged"),
        ("Her breath had caught in her throat when the door opened.",
         "Her breath had caught in her throat", "Her breath had snagged"),
        ("Tomas felt his breath catch in his throat.", "his breath catch in his throat",
         "his breath snag"),
        ("Our breath hitches in our throats at every bend.",
         "Our breath hitches in our throats", "Our breath snags"),
    ],
)  # fmt: skip
def test_a_possessor_slot_takes_pronouns_names_and_noun_phrases(
    text: str, span: str, fixed: str
) -> None:
    words, fills, replacement = only(text, BREATH)
    assert words == span
    assert all(kind == "possessor" for kind, _ in fills)
    assert replacement.startswith(fixed), replacement


@pytest.mark.parametrize(
    "text",
    [
        "He avoided her and then, like the plague, the rumour spread.",
        "She avoided the subject. Like the plague, it came back every winter.",
        "They avoided the people who were sick like the plague victims they had nursed.",
        "He avoided every single one of his old school friends like the plague.",
        "Her breath was slow. It caught in his throat, the smoke.",
        "The plague took the village; nobody avoided it.",
    ],
)
def test_near_misses_are_not_slot_matches(text: str) -> None:
    assert [m.id for m in find_cliches(text) if m.id in (PLAGUE, BREATH)] == []


def test_a_slot_form_splits_into_segments_around_its_slots() -> None:
    form = slot_form("{possessive} breath caught in {possessive} throat")
    assert form.lead == POSSESSOR
    assert form.segments == (("breath", "catch", "in"), ("throat",))
    assert form.slots == (POSSESSOR,)
    assert form.segments[form.anchor] == ("breath", "catch", "in")
    assert pattern_keys("avoid {someone} like the plague") == ("avoid", OBJECT, "like", "plague")
    with pytest.raises(SlotError):
        slot_form("avoided like the plague, {someone}")


def _document(phrase: str, suggestion: str = "steered clear", exact: bool = False) -> dict:
    return {"entries": [{"id": "x", "phrase": phrase, "category": "phrase", "severity": "low",
                         "suggestions": [suggestion], "exact": exact}]}  # fmt: skip


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        (_document("avoid {somebody} like the plague"), "unknown slot"),
        (_document("avoided like the plague, {someone}"), "ends on a slot"),
        (_document("avoid {someone} like the plague", exact=True), "exact"),
        (_document("avoid {someone} like the plague", "shun {who}"), "unknown slot"),
    ],
)
def test_a_malformed_slot_is_refused(document: dict, problem: str) -> None:
    with pytest.raises(CatalogueError, match=problem):
        parse_catalogue(document)


def test_several_slotted_wordings_may_share_an_anchor() -> None:
    catalogue = parse_catalogue({"entries": [
        {"id": "a", "phrase": "read {someone} like a book", "category": "phrase",
         "severity": "low", "suggestions": ["saw through {someone}"]},
        {"id": "b", "phrase": "bored {someone} like a book", "category": "phrase",
         "severity": "low", "suggestions": ["tired {someone}"]},
    ]})  # fmt: skip
    matcher = ClicheMatcher(catalogue)
    assert matcher.collisions == []
    hits = matcher.find("She read her brother like a book. He bored us like a book.")
    assert [hit.entry.id for hit in hits] == ["a", "b"]
