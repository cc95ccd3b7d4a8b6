"""The second source (proselint's lists, read from the installed package) and the broader
catalogue: merged duplicates, entries without suggestions, and near misses that stay clean."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import pytest

from shortstory.analysis.cliches import (
    catalogue,
    find_cliches,
    full_catalogue,
    replacement_for,
)
from shortstory.analysis.cliches.sources import (
    PROSELINT_LISTS,
    merged_catalogue,
    proselint_phrases,
    skipped_phrases,
    verb_led_wordings,
)


def test_the_lists_are_read_from_the_installed_pinned_package() -> None:
    version = metadata.version("proselint")
    requirements = Path(__file__).resolve().parents[3] / "requirements.txt"
    assert f"proselint=={version}\n" in requirements.read_text(encoding="utf-8")
    phrases = proselint_phrases()
    assert len(phrases) >= 750
    assert {source for lists in phrases.values() for source in lists} == {
        f"proselint/{name}" for name in PROSELINT_LISTS
    }
    # proselint's regular-expression lines become plain wordings
    assert {"whet the appetite", "whet your appetite", "thought leader"} <= set(phrases)
    assert not [p for p in phrases if any(c in p for c in "()?|\\")]


def test_list_phrases_are_entries_with_a_span_and_a_category_but_no_suggestion() -> None:
    text = "Well, it was a far cry from the harbour, and she was all thumbs with the rope."
    matches = [m for m in find_cliches(text) if m.source.startswith("proselint/")]
    assert [(m.text, m.category, m.suggestions) for m in matches] == [
        ("a far cry", "phrase", ()),
        ("all thumbs", "phrase", ()),
    ]
    for match in matches:
        assert text[match.start : match.end] == match.text
        assert replacement_for(match, text) == match.text  # flagged, not rewritten


def test_a_list_phrase_is_matched_on_its_words_as_written() -> None:
    assert [m.text for m in find_cliches("She was all thumbs.")] == ["all thumbs"]
    assert find_cliches("She was all thumb.") == []  # no lemma loosening of a list phrase


def test_duplicates_between_sources_are_merged_into_our_entry() -> None:
    full = full_catalogue()
    ours = catalogue()
    assert len(full) > len(ours) + 500
    ids = [entry.id for entry in full.entries]
    assert len(ids) == len(set(ids))
    merged = full.by_id["add-insult-to-injury"]
    assert merged.source == "shortstory" and "proselint/write-good" in merged.also_in
    list_phrases = {e.phrase for e in full.entries if e.source != "shortstory"}
    assert "add insult to injury" not in list_phrases  # one entry, ours, with suggestions
    assert sum(1 for e in full.entries if e.also_in) >= 100
    # a phrase on two lists is one entry that names both
    (both,) = [e for e in full.entries if e.phrase == "horns of a dilemma"]
    assert {both.source, *both.also_in} == {"proselint/write-good", "proselint/garner"}


def test_skipped_list_phrases_are_on_a_list_and_are_not_looked_for() -> None:
    phrases = proselint_phrases()
    skipped = skipped_phrases()
    assert skipped and set(skipped) <= set(phrases)
    assert all(reason.strip() for reason in skipped.values())
    merged = merged_catalogue(catalogue(), {"on the rocks": ("proselint/write-good",)})
    assert "on the rocks" not in {e.phrase for e in merged.entries}
    assert find_cliches("Kelp was rotting on the rocks below the pier.") == []


@pytest.mark.parametrize(
    "text",
    [
        "By the end of the day the ferry had left.",
        "She cut sweet peas and put them in a jam jar on the sill.",
        "He tasted iron, the taste of a bitten tongue.",
        "The boy kicked the bucket across the yard and ran.",
        "A wave of cold water washed over the deck.",
        "A button hung by a thread from his cuff.",
        "They found him with a knife in the back of the van.",
        "The rain fell on the sheets pegged out in the yard.",
        "She took a breath and went on reading.",
        "Her stomach hurt all afternoon, and she blamed the fish.",
        "The sun shone on the wet slates of the harbour roofs.",
        "He came out of the woods at dusk, carrying the axe.",
        "My mother told me my father had gone to sea.",
        "The old man sat down on the spot where the bench had been.",
        "He kept an eye on the kettle.",
        "She drew a long breath and began again.",
    ],
)
def test_near_misses_stay_clean(text: str) -> None:
    assert [(m.id, m.text) for m in find_cliches(text)] == []


@pytest.mark.parametrize(
    ("text", "entry_id", "span"),
    [
        ("The cat watched the mouse hole like a hawk.", "watched-him-like-a-hawk",
         "watched the mouse hole like a hawk"),
        ("Tears welled up in the old woman's eyes.", "her-eyes-welled-up-with-tears",
         "Tears welled up in the old woman's eyes"),
        ("We'll have a sinking feeling about it, I expect.", "a-sinking-feeling",
         "a sinking feeling"),
        ("Much to Maren's dismay, the shop had closed.", "much-to-her-dismay",
         "Much to Maren's dismay"),
        ("Love finds you when you least expect it.", "when-she-least-expected-it",
         "when you least expect it"),
    ],
)  # fmt: skip
def test_body_language_similes_and_connectives_in_any_person(
    text: str, entry_id: str, span: str
) -> None:
    assert (entry_id, span) in {(m.id, m.text) for m in find_cliches(text)}



@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("After the funeral the widow counted her blessings.", "counted her blessings"),
        ("He held his tongue until the guests had gone.", "held his tongue"),
        ("She bent over backwards for the new tenants.", "bent over backwards"),
        ("They jumped the gun and sold the house.", "jumped the gun"),
    ],
)
def test_a_verb_led_list_phrase_is_found_in_any_tense_and_person(text: str, found: str) -> None:
    matches = [m for m in find_cliches(text) if m.source.startswith("proselint/")]
    assert [m.text for m in matches] == [found]


def test_only_the_verb_and_the_person_of_a_list_phrase_move() -> None:
    assert verb_led_wordings("jump the gun") == (
        "jumped the gun", "jumping the gun", "jumps the gun",
    )  # fmt: skip
    assert "held her tongue" in verb_led_wordings("hold your tongue")
    assert verb_led_wordings("badge of honor") == ()  # a noun first: not verb-led
    assert verb_led_wordings("a far cry") == ()
    # the rest stays as written: a starting pistol is not the idiom
    assert find_cliches("He jumped a gun dog over the stile.") == []
