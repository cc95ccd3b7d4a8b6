"""The detector on sentences written by someone who had not seen the catalogue.

``tests/fixtures/cliche_heldout.tsv`` (239 sentences, 223 distinct clichés in six families, a
third with another object, possessor or inflection than the common form) and
``cliche_nearmiss.tsv`` (77 clean sentences sharing the clichés' words) were written blind on
2026-12-06 and are kept out of the catalogue's sources: never add an entry because a row here
misses — write new blind sentences to measure again. A hit is any match overlapping the
labelled words.

Recall was 0.58 before the slot-aware catalogue and is 0.79 after; the issue's aim is 0.90. The
floor below guards what holds today.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from shortstory.analysis.cliches import find_cliches

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
RECALL_FLOOR = 0.79


def _rows(name: str) -> list[dict[str, str]]:
    with (FIXTURES / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def _found(sentence: str, cliche: str) -> bool:
    start = sentence.index(cliche)
    end = start + len(cliche)
    return any(m.start < end and m.end > start for m in find_cliches(sentence))


def test_the_held_out_set_is_what_it_says() -> None:
    rows = _rows("cliche_heldout.tsv")
    assert len(rows) >= 150
    assert all(row["cliche"] in row["sentence"] for row in rows)
    families = Counter(row["family"] for row in rows)
    assert {"body_language", "simile", "idiom", "connective", "weather_opening"} <= set(families)


def test_recall_on_held_out_sentences_holds_its_floor() -> None:
    rows = _rows("cliche_heldout.tsv")
    missed = [row["cliche"] for row in rows if not _found(row["sentence"], row["cliche"])]
    recall = 1 - len(missed) / len(rows)
    assert recall >= RECALL_FLOOR, f"recall {recall:.3f}; missed e.g. {missed[:10]}"


def test_clean_sentences_sharing_the_words_are_not_flagged() -> None:
    flagged = [(row["sentence"], [m.text for m in find_cliches(row["sentence"])])
               for row in _rows("cliche_nearmiss.tsv")]
    assert [pair for pair in flagged if pair[1]] == []
