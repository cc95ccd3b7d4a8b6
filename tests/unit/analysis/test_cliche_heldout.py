"""The detector on sentences written by someone who had not seen the catalogue.

``tests/fixtures/cliche_heldout.tsv`` (239 sentences, 223 distinct clichés in six families, a
third with another object, possessor or inflection than the common form) and
``cliche_nearmiss.tsv`` (77 clean sentences sharing the clichés' words) were written blind on
2026-12-06 and are kept out of the catalogue's sources: never add an entry because a row here
misses — write new blind sentences to measure again. A hit is any match overlapping the
labelled words. A second blind set, ``cliche_heldout2.tsv`` and ``cliche_nearmiss2.tsv``
(written later by someone who had not seen the catalogue either), and a third,
``cliche_heldout3.tsv`` and ``cliche_nearmiss3.tsv``, are measured the same way, each against
its own floor.

Recall on the first set was 0.58 before the slot-aware catalogue, 0.79 after it and 0.91 after
the broader catalogue (0.912: 218 of 239; stock dialogue lines and idioms, stock similes by their
parts, said-bookisms after speech, verb-led list phrases inflected, adverbs skipped, hyphenated
compounds split), every entry written from writers' guides and the authors' own lists, none from
these rows; 0.937 (224 of 239) after the catalogue9 round (body-language families by slot,
idioms, connectives, proverbs, stock similes by their parts, stock wordings flagged without a
suggestion), its near misses still clean. Failures report counts per family, never the missed
rows: a row read is a row no longer blind.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from shortstory.analysis.cliches import find_cliches

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
RECALL_AIM = 0.90
NEAR_MISS_HITS = 0
"""Clean sentences that share a cliché's words and may be flagged (none)."""
SECOND_SET = ("cliche_heldout2.tsv", "cliche_nearmiss2.tsv")
SECOND_RECALL_FLOOR = 0.90
"""Set 2 (200 sentences, 60 near misses, written blind on 2026-12-06 after set 1 was in use)
measured 0.77 on the code before the slot-aware catalogue, 0.885 after it and 0.91 (182 of 200)
after the catalogue9 round: the floor guards the aim of 0.90, as for set 1. Never add an entry
because a row of it misses."""
SECOND_NEAR_MISS_HITS = 2
"""Two of its 60 near misses are flagged, before and after ('a silver lining on the jacket',
'his stomach rumbled'): the guard keeps it from growing."""


def _rows(name: str) -> list[dict[str, str]]:
    with (FIXTURES / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def _found(sentence: str, cliche: str) -> bool:
    start = sentence.index(cliche)
    end = start + len(cliche)
    return any(m.start < end and m.end > start for m in find_cliches(sentence))


def _recall_by_family(rows: list[dict[str, str]]) -> tuple[float, dict[str, str]]:
    """Overall recall and ``found/total`` per family (counts only)."""
    total: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for row in rows:
        family = row.get("family") or "unlabelled"
        total[family] += 1
        found[family] += _found(row["sentence"], row["cliche"])
    recall = sum(found.values()) / max(1, len(rows))
    return recall, {family: f"{found[family]}/{total[family]}" for family in sorted(total)}


def test_the_held_out_set_is_what_it_says() -> None:
    rows = _rows("cliche_heldout.tsv")
    assert len(rows) >= 150
    assert all(row["cliche"] in row["sentence"] for row in rows)
    families = Counter(row["family"] for row in rows)
    assert {"body_language", "simile", "idiom", "connective", "weather_opening"} <= set(families)


def test_recall_on_the_first_held_out_set_reaches_the_aim() -> None:
    recall, families = _recall_by_family(_rows("cliche_heldout.tsv"))
    assert recall >= RECALL_AIM, f"recall {recall:.3f}; by family {families}"


def test_clean_sentences_sharing_the_words_are_not_flagged() -> None:
    flagged = sum(bool(find_cliches(row["sentence"])) for row in _rows("cliche_nearmiss.tsv"))
    assert flagged <= NEAR_MISS_HITS, f"{flagged} near-miss sentences flagged"


THIRD_SET = ("cliche_heldout3.tsv", "cliche_nearmiss3.tsv")
THIRD_RECALL_FLOOR = 0.92
"""Set 3 (200 sentences in the same six families, 60 near misses) was written blind on
2026-12-06 while the catalogue9 round was under way, by someone who saw neither the catalogue
nor this repository, and was measured only by counts: 0.910 (182 of 200) on the catalogue before
that round, 0.930 (186 of 200) after it. The floor guards the latter; never add an entry because
a row of it misses."""
THIRD_NEAR_MISS_HITS = 5
"""5 of its 60 near misses (literal uses of a cliché's words written to trip a detector) are
flagged, before and after the catalogue9 round; the rows were not read, so the guard keeps the
count from growing and a new blind set must measure any fix."""


@pytest.mark.parametrize(("sentences", "near_misses", "floor", "near_miss_hits"), [
    (*SECOND_SET, SECOND_RECALL_FLOOR, SECOND_NEAR_MISS_HITS),
    (*THIRD_SET, THIRD_RECALL_FLOOR, THIRD_NEAR_MISS_HITS),
], ids=["second", "third"])
def test_a_later_blind_set_holds_its_floor_and_its_near_misses_do_not_grow(
        sentences: str, near_misses: str, floor: float, near_miss_hits: int) -> None:
    rows = _rows(sentences)
    assert len(rows) == 200
    assert all(row["cliche"] in row["sentence"] for row in rows)
    recall, families = _recall_by_family(rows)
    assert recall >= floor, f"recall {recall:.3f}; by family {families}"
    flagged = sum(bool(find_cliches(row["sentence"])) for row in _rows(near_misses))
    assert flagged <= near_miss_hits, f"{flagged} near-miss sentences flagged"
