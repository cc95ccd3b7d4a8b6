"""The cliché catalogue: its size and schema, and that every entry is found and fixable."""

from __future__ import annotations

from collections import Counter

import pytest

from shortstory.analysis.cliches import (
    CATEGORIES,
    SEVERITIES,
    catalogue,
    fill_slots,
    find_cliches,
)
from shortstory.analysis.cliches.catalogue import CatalogueEntry, CatalogueError, parse_catalogue
from shortstory.analysis.cliches.matcher import ClicheMatcher, pattern_keys
from shortstory.analysis.lemmas import PERSON_WORDS, SELF_WORDS
from shortstory.analysis.words import words

ENTRIES = catalogue().entries


def test_catalogue_has_at_least_600_entries_in_every_category() -> None:
    assert len(ENTRIES) >= 600
    per_category = Counter(e.category for e in ENTRIES)
    assert set(per_category) == set(CATEGORIES)
    assert min(per_category.values()) >= 25


def test_every_entry_is_complete() -> None:
    for entry in ENTRIES:
        assert entry.id and entry.phrase.strip()
        assert entry.severity in SEVERITIES
        assert entry.suggestions and all(s.strip() for s in entry.suggestions)


def _in_place(entry: CatalogueEntry, wording: str) -> str:
    """A wording where its entry is looked for: a speech tag right after a quotation."""
    return f"“Go,” {wording}" if entry.position == "after_speech" else wording


def test_every_wording_is_detected_as_its_own_entry() -> None:
    missed = [
        (entry.id, form)
        for entry in ENTRIES
        for form in entry.forms
        if entry.id not in {m.id for m in find_cliches(_in_place(entry, fill_slots(form, ())))}
    ]
    assert missed == []


def test_every_base_form_match_covers_most_of_the_phrase() -> None:
    for entry in ENTRIES:
        phrase = _in_place(entry, fill_slots(entry.phrase, ()))  # a slot reads as "him", "it"…
        (match,) = [m for m in find_cliches(phrase) if m.id == entry.id]
        assert match.text == phrase[match.start : match.end]
        assert len(match.text) >= len(phrase) // 2, entry.id


def test_no_suggestion_is_itself_a_cliche() -> None:
    found = [
        (entry.id, suggestion, [m.id for m in find_cliches(fill_slots(suggestion, ()))])
        for entry in ENTRIES
        for suggestion in entry.suggestions
        if find_cliches(fill_slots(suggestion, ()))
    ]
    assert found == []


def test_no_two_entries_share_a_pattern_and_no_pattern_is_a_bare_word() -> None:
    matcher = ClicheMatcher(catalogue())
    assert matcher.collisions == []
    bare = [
        (e.id, form)
        for e in ENTRIES
        for form in e.forms
        if len(pattern_keys(form)) < 2 and "-" not in form
    ]
    assert bare == []


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ({}, "entries"),
        ({"entries": [{"id": "x", "phrase": "p", "category": "idiom", "severity": "low",
                       "suggestions": ["s"]}]}, "category"),
        ({"entries": [{"id": "x", "phrase": "p", "category": "phrase", "severity": "dire",
                       "suggestions": ["s"]}]}, "severity"),
        ({"entries": [{"id": "x", "phrase": "p", "category": "phrase", "severity": "low",
                       "suggestions": []}]}, "suggestion"),
        ({"entries": [{"id": "x", "phrase": "p", "category": "phrase", "severity": "low"}]},
         "bad entry"),
    ],
)  # fmt: skip
def test_a_malformed_catalogue_is_refused(document: dict[str, object], problem: str) -> None:
    with pytest.raises(CatalogueError, match=problem):
        parse_catalogue(document)


def test_duplicate_ids_are_refused() -> None:
    entry = {"id": "x", "phrase": "p q", "category": "phrase", "severity": "low",
             "suggestions": ["s"]}  # fmt: skip
    with pytest.raises(CatalogueError, match="duplicate"):
        parse_catalogue({"entries": [entry, entry]})


def test_a_phrase_led_by_a_pronoun_has_a_suggestion_led_by_one() -> None:
    # replacement_for drops that pronoun when the match starts after it ("Maren's [heart sank]").
    def pronoun_led(text: str) -> bool:
        first = next(iter(words(text)), None)
        return first is not None and first.lower in PERSON_WORDS | SELF_WORDS

    lacking = [
        e.id
        for e in ENTRIES
        if pronoun_led(e.phrase) and not any(pronoun_led(s) for s in e.suggestions)
    ]
    assert lacking == []
