"""One multi-pattern pass (Aho–Corasick) over a text's lemma keys to find catalogue phrases.

Every wording of every entry is turned into its key sequence
(:mod:`~shortstory.analysis.lemmas`), leading person
keys dropped ("her heart pounded in her chest" is looked for as ``heart pound in <p> chest``, so
"Maren's heart" and "hearts" both meet it); a pronoun (or article) right before the hit joins the
span when the phrase starts with one, so "My blood ran cold" is matched whole. The keys are joined
by spaces into one automaton; the text's keys are joined the same way and scanned once. A hit maps
back to words, and so to exact character offsets in the original text. Overlapping hits are
resolved to the longest. Entries placed at a text's start or end (stock openings and endings) are
kept only there.

A wording with slots (``avoid {someone} like the plague``, :mod:`.slots`) puts its longest
fixed segment in the automaton; a hit of that segment is extended over the slots and the other
segments around it, and the hit remembers where each slot's words are.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from itertools import accumulate, chain, repeat
from operator import add

import ahocorasick

from shortstory.analysis.cliches.catalogue import EDGE_WORDS, Catalogue, CatalogueEntry
from shortstory.analysis.cliches.slots import SlotForm, expand, has_slots, slot_form
from shortstory.analysis.key_columns import (
    keys_without,
    surface_columns,
    surface_haystack,
    table_lemma_keys,
)
from shortstory.analysis.lemmas import (
    ARTICLES,
    BREAK,
    PERSON,
    PERSON_WORDS,
    is_manner_adverb,
    phrase_keys,
    surface_keys,
    text_keys,
)
from shortstory.analysis.sentences import Span
from shortstory.analysis.word_table import WordTable, word_table
from shortstory.analysis.words import Word, iter_words, normalise_word


@dataclass(frozen=True, slots=True)
class Pattern:
    """One wording of an entry as the automaton holds it."""

    keys: tuple[str, ...]
    entry: CatalogueEntry
    leading_article: bool
    leading_person: bool
    slots: SlotForm | None = None
    """The wording split at its slots, when it has any (then ``keys`` are its anchor's)."""
    reach: int = field(init=False, compare=False)
    """How far back from the end of a hit in the text's joined keys its first key starts (the
    length of the joined keys, less 2): worked out once, read by every hit."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "reach", len(_joined(self.keys)) - 2)


@dataclass(frozen=True, slots=True)
class Hit:
    """A matched entry and its ``[start, end)`` character span in the text."""

    start: int
    end: int
    entry: CatalogueEntry
    tokens: int
    first_word: int
    last_word: int
    slots: tuple[tuple[int, int], ...] = ()
    """Each slot's ``[start, end)`` character span in the text (empty when the slot is)."""
    slot_kinds: tuple[str, ...] = ()
    """Each slot's placeholder (:data:`~.slots.OBJECT` or ``POSSESSOR``), in order."""


def pattern_keys(form: str) -> tuple[str, ...]:
    """The keys one wording is looked for as: leading person keys and edge breaks dropped.

    A wording with slots gives its keys with each slot's placeholder in place.
    """
    if has_slots(form):
        return slot_form(form).keys
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
        # Wordings without an -ly adverb of their own are looked for in the text's keys with its
        # adverbs left out ("her heart suddenly skipped a beat"); the others ("hissed angrily")
        # in all of its keys.
        self._lean_automaton = ahocorasick.Automaton()
        self._lemma_automaton = ahocorasick.Automaton()
        self._surface_automaton = ahocorasick.Automaton()
        self.patterns: dict[tuple[str, ...], Pattern] = {}
        self.collisions: list[tuple[str, str]] = []
        anchored: dict[tuple[bool, str], list[Pattern]] = {}
        for entry in catalogue.entries:
            base_leads_with_person = phrase_keys(entry.phrase)[:1] == (PERSON,)
            for form in entry.forms:
                pattern = self._pattern(entry, form, base_leads_with_person)
                if pattern is None:
                    continue
                anchored.setdefault((entry.exact, _joined(pattern.keys)), []).append(pattern)
        for (exact, joined), found in anchored.items():
            if exact:
                automaton = self._surface_automaton
            elif any(_has_adverb(pattern) for pattern in found):
                automaton = self._lemma_automaton
            else:
                automaton = self._lean_automaton
            automaton.add_word(joined, tuple(found))
        for automaton in (self._lean_automaton, self._lemma_automaton, self._surface_automaton):
            automaton.make_automaton()
        # The adverbs the wordings with an adverb hold: a text with none of them needs no pass
        # over all of its keys.
        self._wording_adverbs = frozenset(
            key
            for patterns in self._lemma_automaton.values()
            for pattern in patterns
            for key in (pattern.slots.keys if pattern.slots is not None else pattern.keys)
            if is_manner_adverb(key)
        )

    def _pattern(
        self, entry: CatalogueEntry, form: str, base_leads_with_person: bool
    ) -> Pattern | None:
        """The pattern of one wording, or None for an empty or already-known wording."""
        slots = slot_form(form) if has_slots(form) else None
        if slots is not None:
            whole = slots.keys
            keys = slots.segments[slots.anchor]
        else:
            keys = tuple(surface_keys(form)[0]) if entry.exact else pattern_keys(form)
            whole = keys
        if not keys:
            return None
        known = self.patterns.get(whole)
        if known is not None:
            if known.entry.id != entry.id:
                self.collisions.append((known.entry.id, entry.id))
            return None
        first = next(iter_words(form), None)
        lead = normalise_word(first.text) if first is not None else ""
        pattern = Pattern(
            keys=keys,
            entry=entry,
            # A wording that opens on a possessor slot takes its article too: "the captain's".
            leading_article=(lead in ARTICLES or (slots is not None and slots.lead is not None))
            and not entry.exact,
            # The entry's phrase counts too: "They breathed a sigh of relief" is
            # replaced whole by a suggestion for "she let out a sigh of relief".
            leading_person=keys[0] != PERSON
            and not entry.exact
            and slots is None
            and (phrase_keys(form)[:1] == (PERSON,) or base_leads_with_person),
            slots=slots,
        )
        self.patterns[whole] = pattern
        return pattern

    def find(
        self,
        text: str,
        categories: Collection[str] | None = None,
        offsets: tuple[list[int], list[int]] | None = None,
        table: WordTable | None = None,
    ) -> list[Hit]:
        """Every hit in ``text``, overlaps resolved to the longest, in text order.

        :param offsets: the start and end offsets of the text's words, if the caller has them
            (their keys are then made by the plain rule); else a word table is made here.
        :param table: the text's words, if the caller has them (a
            :class:`~shortstory.analysis.reading.Reading`'s table): offsets, words and keys.
        """
        if table is not None:
            offsets = (table.starts, table.ends)
        elif offsets is None:
            # The text's words as one sentence: its keys are then read off the table's gaps
            # (:mod:`~shortstory.analysis.key_columns`), faster than by the plain rule.
            table = word_table(text, [Span(0, len(text), text)])
            offsets = (table.starts, table.ends)
        words = _Words(text, *offsets)
        if not len(words) or not self.patterns:
            return []
        # The surface keys' lists are made only if a surface wording is found (rarely).
        surface: list[str] | None = None
        surface_owners: list[int] | None = None
        lemma_only = None if table is None else table_lemma_keys(text, table)
        if table is not None and lemma_only is not None:  # read off its gaps
            table_keys, (lemma_keys, lemma_owners, surface_breaks) = table.keys, lemma_only
            surface_hay = surface_haystack(table_keys, surface_breaks)
        else:
            keyed = (text_keys(text, *offsets) if table is None
                     else text_keys(text, *offsets, table.words(text), table.keys))
            lemma_keys, lemma_owners, surface, surface_owners = keyed
            table_keys, surface_breaks, surface_hay = surface, [], _haystack(surface)
        # The keys without the text's -ly adverbs (each distinct key judged once): the same
        # keys, and the same haystack, when the text has none.
        adverbs = set(filter(is_manner_adverb, set(lemma_keys)))
        lean_keys, lean_owners = keys_without(lemma_keys, lemma_owners, adverbs)
        passes: list[tuple[ahocorasick.Automaton, list[str] | None, list[int] | None]] = [
            (self._lean_automaton, lean_keys, lean_owners)]
        if adverbs & self._wording_adverbs:  # else no wording with an adverb can be there
            passes.append((self._lemma_automaton, lemma_keys, lemma_owners))
        passes.append((self._surface_automaton, surface, surface_owners))
        candidates: list[Hit] = []
        for automaton, found_keys, found_owners in passes:
            if automaton.kind == ahocorasick.EMPTY:
                continue
            haystack = surface_hay if found_keys is None else _haystack(found_keys)
            found = automaton.iter(haystack)
            first_found = next(found, None)
            if first_found is None:
                continue
            if found_keys is None or found_owners is None:  # the surface keys, wanted now
                found_keys, found_owners = surface_columns(table_keys, surface_breaks)
            keys, owners, key_at = found_keys, found_owners, _KeyIndex(haystack, found_keys)
            for end_index, patterns in chain((first_found,), found):
                for pattern in patterns:
                    if categories is not None and pattern.entry.category not in categories:
                        continue
                    first = key_at(end_index - pattern.reach)
                    last = first + len(pattern.keys) - 1
                    fills: list[tuple[int, int]] = []
                    if pattern.slots is not None:
                        whole = expand(pattern.slots, keys, first, last,
                                       _word_before(words, owners))
                        if whole is None:
                            continue
                        first, last, fills = whole
                    hit = _hit(text, words, pattern, owners[first], owners[last])
                    if hit is not None:
                        if pattern.slots is not None:
                            hit = _with_slots(hit, words, owners, fills, pattern.slots)
                        candidates.append(hit)
        return _longest(candidates, len(words))


def _has_adverb(pattern: Pattern) -> bool:
    """Whether a wording holds an -ly adverb of its own (then the text's adverbs must stay)."""
    keys = pattern.slots.keys if pattern.slots is not None else pattern.keys
    return any(map(is_manner_adverb, keys))


def _hit(
    text: str, words: _Words, pattern: Pattern, first_word: int, last_word: int
) -> Hit | None:
    """The hit of ``pattern`` over ``words[first_word:last_word + 1]``, or None if misplaced."""
    position = pattern.entry.position
    if (position == "start" and first_word >= EDGE_WORDS) or (
        position == "end" and last_word < len(words) - EDGE_WORDS
    ):
        return None
    if position == "after_speech" and not _after_speech(text, words, first_word):
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


_CLOSING_QUOTES = frozenset("\"”’'")


def _after_speech(text: str, words: _Words, first_word: int) -> bool:
    """Whether the word at ``first_word`` comes right after a closing quotation mark (with only
    punctuation and spaces between): a speech tag, ``“Go,” she hissed``."""
    start = words[first_word].start
    floor = words[first_word - 1].end if first_word > 0 else 0
    between = text[floor:start].rstrip()
    if not between or between[-1] not in _CLOSING_QUOTES or between.strip() == "'":
        return False
    # “Fine.” He shrugged. — a capital after a quotation that closed its sentence starts an
    # action beat, not a tag: “Fine,” he shrugged is a tag; so is “Go!” she hissed.
    word = words[first_word].text
    closed = between.rstrip("\"”’' ")[-1:] == "."
    return not (closed and word[:1].isupper() and word != "I")


def _word_before(words: _Words, owners: list[int]) -> Callable[[int], str]:
    def word_before(key: int) -> str:
        word = owners[key]
        return normalise_word(words[word - 1].text) if word > 0 else ""

    return word_before


def _with_slots(
    hit: Hit, words: _Words, owners: list[int], fills: list[tuple[int, int]], form: SlotForm
) -> Hit:
    """``hit`` with the character span of each slot: every word between the segments around it
    (an article the keys left out included: "the whole committee"), empty when there is none."""
    spans = []
    for start, end in fills:
        first = owners[start - 1] + 1 if start > 0 and owners[start - 1] >= hit.first_word else (
            hit.first_word
        )
        last = owners[end] - 1
        while last >= first and normalise_word(words[last].text) in ARTICLES:
            last -= 1  # "showed me the ropes": the article belongs to the next segment
        if first <= last:
            spans.append((words[first].start, words[last].end))
        else:
            at = words[owners[end]].start
            spans.append((at, at))
    kinds = ((form.lead,) if form.lead else ()) + form.slots
    keys = len(form.keys) - len(kinds) + sum(end - start for start, end in fills)
    return Hit(hit.start, hit.end, hit.entry, keys, hit.first_word, hit.last_word, tuple(spans),
               kinds)


def _joined(keys: tuple[str, ...]) -> str:
    return " " + " ".join(keys) + " "


def _haystack(keys: list[str]) -> str:
    """The text's keys joined like the patterns (:func:`.surface_haystack` too)."""
    return " " + " ".join(keys) + " "


class _KeyIndex:
    """Which key of a haystack starts at a character offset: the spaces before it, less one.

    The spaces are counted (at C speed) from the offset asked last: the automaton's hits come
    in text order, a wording's length apart at most, so the haystack is read about once instead
    of every key's offset being summed up front. A key holding a space (never made by the
    product's word rule) would break the count: then the offsets are summed after all.
    """

    __slots__ = ("_haystack", "_offset", "_spaces", "_starts")

    def __init__(self, haystack: str, keys: list[str]) -> None:
        self._haystack, self._offset, self._spaces = haystack, 0, 0
        self._starts: list[int] | None = None
        if haystack.count(" ") != len(keys) + 1:
            self._starts = list(accumulate(map(add, map(len, keys), repeat(1)), initial=1))

    def __call__(self, offset: int) -> int:
        """The index of the key that starts at ``offset`` of the haystack."""
        if self._starts is not None:
            return bisect_left(self._starts, offset)
        if offset >= self._offset:
            self._spaces += self._haystack.count(" ", self._offset, offset)
        else:
            self._spaces -= self._haystack.count(" ", offset, self._offset)
        self._offset = offset
        return self._spaces - 1


class _Words:
    """The words of a text by index, made only when a hit asks for one."""

    __slots__ = ("_ends", "_starts", "_text")

    def __init__(self, text: str, starts: list[int], ends: list[int]) -> None:
        self._text, self._starts, self._ends = text, starts, ends

    def __len__(self) -> int:
        return len(self._starts)

    def __getitem__(self, index: int) -> Word:
        start, end = self._starts[index], self._ends[index]
        return Word(self._text[start:end], start, end)


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
