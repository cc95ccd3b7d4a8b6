"""The ``sharpen`` revision: cut filler and hedges, strengthen propped-up words, plain redundancy.

The word lists live in ``pipeline/data/sharpen.json``. Candidate edits are found in the
narration only (dialogue keeps its speakers' habits), then accepted in order of value —
redundant phrases, intensified words, hedged verbs, hedging modifiers, fillers — until the
text would shrink by more than :data:`MAX_CHANGE_RATIO` of its words.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from lemminflect import getAllInflections, getAllLemmas

from shortstory.analysis.lemmas import inflect_verb, verb_tag
from shortstory.analysis.speakers import dialogue_spans
from shortstory.analysis.words import Word, count_words, iter_words
from shortstory.pipeline.catalog import DATA_DIR
from shortstory.pipeline.revise.edits import (
    Change,
    cut_change,
    overlaps,
    replace_change,
)

MAX_CHANGE_RATIO = 0.10
"""The most a sharpen pass may change the text's length, as a share of its words."""

_VERB_TAGS = ("VB", "VBZ", "VBD", "VBN", "VBG", "VBP")
_HAVE = frozenset({"have", "has", "had", "having", "'ve", "'d"})
_DETERMINERS = frozenset(
    {"a", "an", "the", "this", "that", "these", "those", "what", "some", "any", "every", "one",
     "each", "no", "another", "his", "her", "its", "their", "my", "your", "our", "which"}
)  # fmt: skip
_NOT_MODIFIED = frozenset({"much", "many", "more", "less", "few", "too", "most", "least", "lot"})


@dataclass(frozen=True)
class SharpenLists:
    """The sharpen data file, in the shapes the pass looks things up in."""

    fillers: frozenset[str]
    filler_keep_after: frozenset[str]
    filler_keep_before: frozenset[str]
    filler_needs_modifier: frozenset[str]
    filler_needs_verb: frozenset[str]
    verb_hedges: dict[str, str]
    """Every inflected hedge verb (``seemed``) mapped to its lemma (``seem``); all take ``to``."""
    verb_hedge_keep: frozenset[str]
    modifier_hedges: tuple[tuple[str, ...], ...]
    intensifiers: frozenset[str]
    stronger: dict[str, str]
    phrases: dict[tuple[str, ...], str]
    """Redundant phrases, every verb inflection spelled out, mapped to their replacement."""


@lru_cache(maxsize=1)
def sharpen_lists() -> SharpenLists:
    """The sharpen word lists from ``data/sharpen.json`` (read once)."""
    raw: dict[str, Any] = json.loads((DATA_DIR / "sharpen.json").read_text(encoding="utf-8"))
    fillers, hedges = raw["fillers"], raw["hedges"]
    intensified, redundancies = raw["intensified"], raw["redundancies"]
    verb_hedges: dict[str, str] = {}
    for phrase in hedges["verb"]:
        lemma = phrase.split()[0]
        for forms in getAllInflections(lemma, upos="VERB").values():
            for form in forms:
                verb_hedges[form] = lemma
    phrases = {tuple(key.split()): value for key, value in redundancies["phrases"].items()}
    for key, value in redundancies["verbs"].items():
        head, *rest = key.split()
        new_head, *new_rest = value.split()
        for tag in _VERB_TAGS:
            for form in getAllInflections(head, upos="VERB").get(tag, ()):
                replacement = getAllInflections(new_head, upos="VERB").get(tag, (new_head,))[0]
                phrases[(form, *rest)] = " ".join([replacement, *new_rest])
    return SharpenLists(
        fillers=frozenset(fillers["words"]),
        filler_keep_after=frozenset(fillers["keep_after"]),
        filler_keep_before=frozenset(fillers["keep_before"]),
        filler_needs_modifier=frozenset(fillers["needs_modifier_after"]),
        filler_needs_verb=frozenset(fillers.get("verb_after_only", ())),
        verb_hedges=verb_hedges,
        verb_hedge_keep=frozenset(hedges["verb_keep_next"]),
        modifier_hedges=tuple(tuple(p.split()) for p in hedges["modifier"]),
        intensifiers=frozenset(intensified["intensifiers"]),
        stronger=dict(intensified["stronger"]),
        phrases=phrases,
    )


def is_modifier(word: str, strict: bool = True) -> bool:
    """Whether ``word`` can be an adjective or adverb (and, when ``strict``, never a noun)."""
    lemmas = getAllLemmas(word.lower())
    if not (lemmas.get("ADJ") or lemmas.get("ADV")):
        return False
    return not strict or "NOUN" not in lemmas


def _is_plain_verb(word: str) -> bool:
    """Whether ``word`` can be a verb form and never an adjective ("arrived", not "visible")."""
    lemmas = getAllLemmas(word.lower())
    return bool(lemmas.get("VERB")) and "ADJ" not in lemmas


def _is_base_verb(word: str) -> bool:
    lowered = word.lower()
    verbs = getAllLemmas(lowered).get("VERB")
    return bool(verbs) and lowered in verbs


class _Narration:
    """The words of a text outside dialogue, and which of them sit next to each other."""

    def __init__(self, text: str) -> None:
        self.text = text
        spans = dialogue_spans(text)
        starts = [span.start for span in spans]
        self.words: list[Word] = []
        for word in iter_words(text):
            index = bisect_right(starts, word.start) - 1
            if index >= 0 and word.start < spans[index].end:
                continue
            self.words.append(word)
        self.lower = [word.lower for word in self.words]

    def joined(self, i: int, j: int) -> bool:
        """Whether words ``i``..``j-1`` follow each other with only spaces between them."""
        if j > len(self.words):
            return False
        for k in range(i, j - 1):
            gap = self.text[self.words[k].end : self.words[k + 1].start]
            if gap.strip(" \t") or not gap:
                return False
        return True

    def word_at(self, index: int) -> str | None:
        return self.lower[index] if 0 <= index < len(self.lower) else None

    def adjacent_after(self, index: int) -> str | None:
        """The next word if only spaces separate it from word ``index``."""
        return self.lower[index + 1] if self.joined(index, index + 2) else None

    def adjacent_before(self, index: int) -> str | None:
        """The previous word if only spaces separate it from word ``index``."""
        return self.lower[index - 1] if index > 0 and self.joined(index - 1, index + 1) else None


def _redundancies(doc: _Narration, lists: SharpenLists) -> Iterator[Change]:
    longest = max(len(key) for key in lists.phrases)
    for i in range(len(doc.words)):
        for size in range(min(longest, len(doc.words) - i), 1, -1):
            key = tuple(doc.lower[i : i + size])
            replacement = lists.phrases.get(key)
            if replacement is not None and doc.joined(i, i + size):
                start, end = doc.words[i].start, doc.words[i + size - 1].end
                yield replace_change(doc.text, start, end, replacement, "redundant phrase")
                break


def _intensified(doc: _Narration, lists: SharpenLists) -> Iterator[Change]:
    for i, word in enumerate(doc.lower):
        if word not in lists.intensifiers:
            continue
        following = doc.adjacent_after(i)
        if following is None or following not in lists.stronger:
            continue
        stronger = lists.stronger[following]
        start, end = doc.words[i].start, doc.words[i + 1].end
        previous = doc.adjacent_before(i)
        if previous in {"a", "an"}:
            # "a very old map" -> "an ancient map": the article follows the new word.
            start = doc.words[i - 1].start
            stronger = f"{indefinite_article(stronger)} {stronger}"
        elif previous in _DETERMINERS | {"not", "too", "so"}:
            continue
        yield replace_change(doc.text, start, end, stronger, "weak intensifier")


def indefinite_article(word: str) -> str:
    """``a`` or ``an`` for ``word``, by its first letter (good enough for the stronger words)."""
    return "an" if word[:1].lower() in "aeiou" else "a"


def _hedged_verbs(doc: _Narration, lists: SharpenLists) -> Iterator[Change]:
    for i, word in enumerate(doc.lower):
        if word not in lists.verb_hedges or doc.adjacent_after(i) != "to":
            continue
        verb_index = i + 2
        verb = doc.word_at(verb_index)
        if verb is None or not doc.joined(i, verb_index + 1) or not _is_base_verb(verb):
            continue
        if verb in lists.verb_hedge_keep:
            continue
        tag = verb_tag(word) or "VBP"
        if tag == "VBD" and doc.adjacent_before(i) in _HAVE:
            tag = "VBN"
        new = verb if tag == "VBP" else inflect_verb(verb, tag)
        start, end = doc.words[i].start, doc.words[verb_index].end
        yield replace_change(doc.text, start, end, new, "hedge")


def _hedging_modifiers(doc: _Narration, lists: SharpenLists) -> Iterator[Change]:
    for i in range(len(doc.words)):
        for hedge in lists.modifier_hedges:
            size = len(hedge)
            if tuple(doc.lower[i : i + size]) != hedge or not doc.joined(i, i + size + 1):
                continue
            following = doc.lower[i + size]
            # "a little bread" is an amount, not a hedge: after "a…" hedges the next word
            # must be a modifier and never a noun; "kind of cold" allows both.
            strict = hedge[0] == "a"
            if following in _NOT_MODIFIED or not is_modifier(following, strict=strict):
                break
            if not strict and doc.adjacent_before(i) in _DETERMINERS:
                break
            start, end = doc.words[i].start, doc.words[i + size - 1].end
            change = cut_change(doc.text, start, end, "hedge")
            if change is not None:
                yield change
            break


def _fillers(doc: _Narration, lists: SharpenLists) -> Iterator[Change]:
    for i, word in enumerate(doc.lower):
        if word not in lists.fillers:
            continue
        if doc.adjacent_before(i) in lists.filler_keep_after:
            continue
        following = doc.adjacent_after(i)
        if following in lists.filler_keep_before or following in lists.fillers:
            continue
        if word in lists.filler_needs_modifier and (
            following is None or following in _NOT_MODIFIED or not is_modifier(following)
        ):
            continue
        if word in lists.filler_needs_verb and (following is None or not _is_plain_verb(following)):
            continue
        change = cut_change(doc.text, doc.words[i].start, doc.words[i].end, "filler")
        if change is not None:
            yield change


def sharpen_changes(text: str, max_ratio: float = MAX_CHANGE_RATIO, *,
                    words: int | None = None) -> list[Change]:
    """The sharpen edits for ``text``, in text order, never shrinking it by more than the cap.

    Offsets index ``text``. The cap is ``max_ratio`` of its words (by the product's word count;
    ``words`` when the caller counted them already).
    """
    lists = sharpen_lists()
    doc = _Narration(text)
    budget = int((count_words(text) if words is None else words) * max_ratio)
    spent = 0
    taken: list[tuple[int, int]] = []
    accepted: list[Change] = []
    for finder in (_redundancies, _intensified, _hedged_verbs, _hedging_modifiers, _fillers):
        for change in finder(doc, lists):
            if overlaps(change, taken):
                continue
            cost = abs(count_words(change.before) - count_words(change.after))
            if spent + cost > budget:
                continue
            spent += cost
            taken.append((change.start, change.end))
            accepted.append(change)
    return sorted(accepted, key=lambda change: change.start)
