"""One multi-pattern pass (Aho–Corasick) over a text's lemma keys to find catalogue phrases.

Every wording of every entry is turned into its key sequence (:mod:`.lemmas`), leading person
keys dropped ("her heart pounded in her chest" is looked for as ``heart pound in <p> chest``, so
"Maren's heart" and "hearts" both meet it); a pronoun (or article) right before the hit joins the
span when the phrase starts with one, so "My blood ran cold" is matched whole. The keys are joined
by spaces into one automaton; the text's keys are joined the same way and scanned once. A hit maps
back to words, and so to exact character offsets in the original text. Overlapping hits are
resolved to the longest. Entries placed at a text's start or end (stock openings and endings) are
kept only there.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import ahocorasick

from shortstory.analysis.cliche_catalogue import EDGE_WORDS, Catalogue, CatalogueEntry
from shortstory.analysis.lemmas import (
    ARTICLES,
    BREAK,
    PERSON,
    PERSON_WORDS,
    phrase_keys,
    surface_keys,
    token_keys,
)
from shortstory.analysis.words import Word, iter_words, normalise_word


@dataclass(frozen=True, slots=True)
class Pattern:
    """One wording of an entry as the automaton holds it."""

    keys: tuple[str, ...]
    entry: CatalogueEntry
    leading_article: bool
    leading_person: bool


@dataclass(frozen=True, slots=True)
class Hit:
    """A matched entry and its ``[start, end)`` character span in the text."""

    start: int
    end: int
    entry: CatalogueEntry
    tokens: int
    first_word: int
    last_word: int


def pattern_keys(form: str) -> tuple[str, ...]:
    """The keys one wording is looked for as: leading person keys and edge breaks dropped."""
    keys = list(phrase_keys(form))
    while keys and keys[-1] == BREAK:
        keys.pop()
    while keys and keys[0] == BREAK:
        keys.pop(0)
    # Drop a leading pronoun only while two keys or more remain: "she hissed" stays whole.
    while len(keys) > 2 and keys[0] == PERSON:
        keys.pop(0)
    return tuple(keys)


class ClicheMatcher:
    """An automaton over every wording of a catalogue; build once, then call :meth:`find`."""

    def __init__(self, catalogue: Catalogue) -> None:
        self._lemma_automaton = ahocorasick.Automaton()
        self._surface_automaton = ahocorasick.Automaton()
        self.patterns: dict[tuple[str, ...], Pattern] = {}
        self.collisions: list[tuple[str, str]] = []
        for entry in catalogue.entries:
            base_leads_with_person = phrase_keys(entry.phrase)[:1] == (PERSON,)
            for form in entry.forms:
                keys = tuple(surface_keys(form)[0]) if entry.exact else pattern_keys(form)
                if not keys:
                    continue
                known = self.patterns.get(keys)
                if known is not None:
                    if known.entry.id != entry.id:
                        self.collisions.append((known.entry.id, entry.id))
                    continue
                first = next(iter_words(form), None)
                lead = normalise_word(first.text) if first is not None else ""
                pattern = Pattern(
                    keys=keys,
                    entry=entry,
                    leading_article=lead in ARTICLES and not entry.exact,
                    # The entry's phrase counts too: "They breathed a sigh of relief" is
                    # replaced whole by a suggestion for "she let out a sigh of relief".
                    leading_person=keys[0] != PERSON
                    and not entry.exact
                    and (phrase_keys(form)[:1] == (PERSON,) or base_leads_with_person),
                )
                self.patterns[keys] = pattern
                automaton = self._surface_automaton if entry.exact else self._lemma_automaton
                automaton.add_word(_joined(keys), pattern)
        self._lemma_automaton.make_automaton()
        self._surface_automaton.make_automaton()

    def find(self, text: str, categories: Collection[str] | None = None) -> list[Hit]:
        """Every hit in ``text``, overlaps resolved to the longest, in text order."""
        words = list(iter_words(text))
        if not words or not self.patterns:
            return []
        candidates: list[Hit] = []
        for automaton, (keys, owners) in (
            (self._lemma_automaton, token_keys(text, words)),
            (self._surface_automaton, surface_keys(text, words)),
        ):
            if automaton.kind == ahocorasick.EMPTY:
                continue
            haystack, token_at = _haystack(keys)
            for end_index, pattern in automaton.iter(haystack):
                if categories is not None and pattern.entry.category not in categories:
                    continue
                first = token_at[end_index - len(_joined(pattern.keys)) + 2]
                last = first + len(pattern.keys) - 1
                hit = _hit(text, words, pattern, owners[first], owners[last])
                if hit is not None:
                    candidates.append(hit)
        return _longest(candidates, len(words))


def _hit(
    text: str, words: list[Word], pattern: Pattern, first_word: int, last_word: int
) -> Hit | None:
    """The hit of ``pattern`` over ``words[first_word:last_word + 1]``, or None if misplaced."""
    position = pattern.entry.position
    if (position == "start" and first_word >= EDGE_WORDS) or (
        position == "end" and last_word < len(words) - EDGE_WORDS
    ):
        return None
    # A leading article or pronoun of the phrase that the pattern left out joins the span when
    # the text has one right there: "A chill ran…", "My blood ran cold".
    if (pattern.leading_article or pattern.leading_person) and first_word > 0:
        before = words[first_word - 1]
        between = text[before.end : words[first_word].start]
        kind = ARTICLES if pattern.leading_article else PERSON_WORDS
        if normalise_word(before.text) in kind and not between.strip():
            first_word -= 1
    start, end = words[first_word].start, words[last_word].end
    return Hit(start, end, pattern.entry, len(pattern.keys), first_word, last_word)


def _joined(keys: tuple[str, ...]) -> str:
    return " " + " ".join(keys) + " "


def _haystack(keys: list[str]) -> tuple[str, dict[int, int]]:
    """The text's keys joined like the patterns, and each token's start offset in it."""
    token_at: dict[int, int] = {}
    position = 1
    for index, key in enumerate(keys):
        token_at[position] = index
        position += len(key) + 1
    return " " + " ".join(keys) + " ", token_at


def _longest(candidates: list[Hit], word_count: int) -> list[Hit]:
    """Keep the longest of overlapping hits (more keys, then more characters, then earlier)."""
    taken = bytearray(word_count)
    chosen: list[Hit] = []
    for hit in sorted(candidates, key=lambda h: (-h.tokens, -(h.end - h.start), h.start)):
        span = slice(hit.first_word, hit.last_word + 1)
        if not any(taken[span]):
            taken[span] = b"\x01" * (hit.last_word - hit.first_word + 1)
            chosen.append(hit)
    return sorted(chosen, key=lambda h: h.start)
