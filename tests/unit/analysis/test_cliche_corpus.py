"""The detector against labelled sentences (recall) and published prose (false hits)."""

from __future__ import annotations

import csv
from pathlib import Path

from shortstory.analysis.cliches import catalogue, find_cliches
from shortstory.analysis.words import count_words

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def labelled_sentences() -> list[tuple[str, str]]:
    """(sentence, expected entry id) pairs; the fixture names an entry by id or by base form."""
    entries = catalogue()
    by_phrase = {entry.phrase.lower(): entry.id for entry in entries.entries}
    with (FIXTURES / "cliche_sentences.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    pairs = []
    for row in rows:
        expected = row["expected"]
        entry_id = expected if expected in entries.by_id else by_phrase[expected.lower()]
        pairs.append((row["sentence"], entry_id))
    return pairs


def test_labelled_fixture_is_large_and_varied() -> None:
    pairs = labelled_sentences()
    assert len(pairs) >= 150
    entries = catalogue().by_id
    not_copied = [s for s, i in pairs if entries[i].phrase.lower() not in s.lower()]
    assert len(not_copied) >= len(pairs) / 3
    assert {entries[i].category for _, i in pairs} == set(catalogue().by_category)


def test_recall_on_labelled_sentences_is_at_least_90_percent() -> None:
    pairs = labelled_sentences()
    missed = [(s, i) for s, i in pairs if i not in {m.id for m in find_cliches(s)}]
    recall = 1 - len(missed) / len(pairs)
    assert recall >= 0.90, f"recall {recall:.1%}; missed {missed}"


def test_at_most_two_hits_on_10000_words_of_public_domain_prose() -> None:
    texts = sorted((FIXTURES / "public_domain").glob("*.txt"))
    assert sum(count_words(p.read_text(encoding="utf-8")) for p in texts) >= 10_000
    hits = [
        (path.name, match.text, match.id)
        for path in texts
        for match in find_cliches(path.read_text(encoding="utf-8"))
    ]
    assert len(hits) <= 2, hits
