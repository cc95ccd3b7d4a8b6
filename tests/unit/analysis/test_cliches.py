"""The cliché detector: what it finds, the spans it reports, and the replacements it fits."""

from __future__ import annotations

import dataclasses
import json

import pytest

from shortstory.analysis.cliches import (
    CATEGORIES,
    ClicheMatch,
    catalogue,
    find_cliches,
    replacement_for,
)
from shortstory.analysis.lemmas import is_manner_adverb


def ids(text: str) -> list[str]:
    return [m.id for m in find_cliches(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Her heart pounded in her chest.", "Her heart pounded in her chest"),
        ("Maren's heart pounded in her chest.", "heart pounded in her chest"),
        ("Their hearts were pounding in their chests.",
         "Their hearts were pounding in their chests"),
        ("My blood ran cold.", "My blood ran cold"),
        ("Our blood had run cold.", "Our blood had run cold"),
        ("A chill runs down your spine.", "A chill runs down your spine"),
        ("all of a sudden the lights went out", "all of a sudden"),
        ("Little did they know, the door was open.", "Little did they know"),
        ("Only time will tell.", "Only time will tell"),
        ("It was a dark and stormy night.", "It was a dark and stormy night"),
        ("It was all a dream.", "It was all a dream"),
        ("She let out a breath she didn’t know she was holding.",
         "let out a breath she didn’t know she was holding"),
        ("Little did she know, her father's eye had a favourite.", "Little did she know"),
        ("She was the apple of her father's eye.", "the apple of her father's eye"),
    ],
)
def test_finds_inflected_and_person_shifted_cliches(text: str, expected: str) -> None:
    matches = find_cliches(text)
    assert [m.text for m in matches] == [expected]
    assert text[matches[0].start : matches[0].end] == expected


def test_match_is_json_ready_and_carries_its_entry() -> None:
    (match,) = find_cliches("Good versus evil, again.")
    data = dataclasses.asdict(match)
    assert json.loads(json.dumps(data))["category"] == "theme"
    entry = catalogue().by_id[match.id]
    assert (match.phrase, match.severity, match.suggestions) == (
        entry.phrase,
        entry.severity,
        entry.suggestions,
    )
    assert isinstance(match, ClicheMatch)


def test_category_filter_keeps_only_the_named_categories() -> None:
    text = "It was a dark and stormy night. All of a sudden, good versus evil."
    assert {m.category for m in find_cliches(text)} >= {"opening", "phrase", "theme"}
    assert {m.category for m in find_cliches(text, ["theme"])} == {"theme"}
    assert find_cliches(text, []) == []
    with pytest.raises(ValueError, match="unknown"):
        find_cliches(text, ["idioms"])


def test_no_match_across_a_sentence_break() -> None:
    assert find_cliches("She ran out of all. Of a sudden nothing.") == []


def test_clean_text_has_no_cliches() -> None:
    text = "The ferry left at six and the gulls followed it past the breakwater."
    assert find_cliches(text) == []


@pytest.mark.parametrize(
    ("text", "replacement"),
    [
        ("Her heart pounded in her chest.", "Her pulse knocked against her collarbone"),
        ("My heart pounds in my chest.", "My pulse knocks against my collarbone"),
        ("Maren's heart pounded in her chest.", "pulse knocked against her collarbone"),
        ("I bit my lip.", "I chewed the inside of my cheek"),
        ("They were biting their lips.", "chewing the inside of their cheek"),
        ("We run like the wind.", "We run flat out, arms going"),
        ("My heart was pounding in my chest.", "My pulse was knocking against my collarbone"),
        ("Our blood had run cold.", "Our scalp had gone tight"),
        ("Her eyes were like deep pools.", "eyes were like wet slate"),
        ("Let's cut to the chase.", "get to the point"),
        ("He let the cat out of the bag.", "gave the secret away"),
        ("Her wicked stepmother.", "stepmother who was trying, clumsily"),
        ('"Yes!" she squealed with delight.', "she said"),
        ('"Yes!" She squealed with delight.', "She said"),
        ("They breathed a sigh of relief.", "Their shoulders came down from around their ears"),
        ("She was grinning from ear to ear.", "smiling so hard her eyes shut"),
        ("He has run like the wind.", "run flat out, arms going"),
        ("Chills run down your spine.", "Cold creeps up the back of your neck"),
        ("Hearts pounding in their chests", "Pulses knocking against their collarbone"),
        ("All of a sudden, it rained.", "Then"),
        ("Little did we know.", "We had no way of knowing"),
    ],
)
def test_replacement_fits_tense_person_number_and_case(text: str, replacement: str) -> None:
    (match,) = find_cliches(text)
    assert replacement_for(match, text) == replacement


def test_catalogue_is_cached_and_indexed() -> None:
    cat = catalogue()
    assert cat is catalogue()
    assert set(cat.by_category) == set(CATEGORIES)
    assert sum(len(v) for v in cat.by_category.values()) == len(cat)


@pytest.mark.parametrize(
    "text",
    [
        "She chose one of the apples.",
        "I know, look at this.",
        "Clouds drifted over the moon.",
        "A silver line ran along the horizon.",
        "They walked up the creek to the mill.",
        "He tied a knot in the rope.",
        "The waves rocked the boat.",
        "Her cold feet ached after the walk.",
        "She was moved by a book her aunt sent.",
        "She had an open book on her lap.",
        "The parcel fell with a thud.",
        "At the end of the corridor a door stood open.",
    ],
)
def test_literal_uses_of_idiom_words_are_not_cliches(text: str) -> None:
    assert find_cliches(text) == []


@pytest.mark.parametrize(
    ("text", "entry_id"),
    [
        ("He was the chosen one.", "the-chosen-one"),
        ("They tied the knot in June.", "tie-the-knot"),
        ("She was over the moon about it.", "was-over-the-moon"),
        ("He got cold feet.", "got-cold-feet"),
    ],
)
def test_exact_entries_still_match_their_own_wording(text: str, entry_id: str) -> None:
    assert [m.id for m in find_cliches(text)] == [entry_id]


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("“Get out,” he growled.", "he growled"),
        ("'You knew,' she hissed, and left.", "she hissed"),
        ("“Darling,” she purred, “you came.”", "she purred"),
    ],
)
def test_a_said_bookism_is_found_as_a_speech_tag(text: str, tag: str) -> None:
    assert [(m.text, m.category) for m in find_cliches(text)] == [(tag, "dialogue_tag")]


@pytest.mark.parametrize(
    "text",
    [
        "The dog growled at the postman, and he growled back.",
        "She hissed at the cat to get it off the table.",
        "The kettle hissed on the stove while he purred over the crossword.",
    ],
)
def test_the_same_verbs_in_narration_are_not_speech_tags(text: str) -> None:
    assert [m.id for m in find_cliches(text) if m.category == "dialogue_tag"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Her heart suddenly skipped a beat.", "Her heart suddenly skipped a beat"),
        ("His blood slowly ran cold.", "His blood slowly ran cold"),
        ("She quietly breathed a sigh of relief.", "breathed a sigh of relief"),
    ],
)
def test_an_adverb_slipped_into_a_stock_phrase_does_not_hide_it(text: str, expected: str) -> None:
    assert [m.text for m in find_cliches(text)] == [expected]


def test_only_manner_adverbs_are_skipped() -> None:
    assert is_manner_adverb("suddenly") and is_manner_adverb("slowly")
    assert not any(map(is_manner_adverb, ["only", "early", "lonely", "belly", "barely", "nearly"]))
    # a wording with an adverb of its own still needs it: "hissed" alone is no "hissed angrily"
    assert "he-hissed-angrily" in {m.id for m in find_cliches("“Go,” he hissed angrily.")}
    assert find_cliches("Her heart barely skipped a beat.") == []


def test_a_hyphenated_compound_meets_the_spaced_wording_and_back() -> None:
    assert [m.text for m in find_cliches("It was a once-in-a-lifetime chance.")] == [
        "a once-in-a-lifetime chance"
    ]
    assert "ear splitting" in [m.text for m in find_cliches("An ear splitting scream.")]
