"""Slots in catalogue phrases: an object or a possessor that a writer fills in freely.

A wording may hold ``{someone}`` or ``{something}`` (an object: "avoid {someone} like the
plague") and ``{possessive}`` (a possessor: "{possessive} breath caught in {possessive}
throat"). Between its slots a wording is a run of fixed *segments* of lemma keys
(:mod:`~shortstory.analysis.lemmas`),
matched like any other wording; a slot takes the text's keys between two segments when they
could be what the slot stands for:

- an **object** is one to :data:`OBJECT_MAX` keys in one sentence, none of them a conjunction,
  an auxiliary or a relative word ("avoided the whole committee like the plague", not "avoided
  him and then, like the plague…");
- a **possessor** is nothing (where the text says "the": "caught in the throat", never "a bitten
  tongue"), one possessive ("her", "Maren's", "her father's": each keyed as
  one :data:`~.lemmas.PERSON`), or a noun phrase that opens on an article and ends on a
  possessive, up to :data:`POSSESSOR_MAX` keys ("the old captain's"), so that "Tomas felt his
  breath…" does not make "Tomas felt his" a possessor.

A slot between two segments takes the fewest keys that fit; a slot at a wording's start takes
the most, so that "the old captain's breath caught…" is matched with its possessor. A wording
never ends on a slot.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from shortstory.analysis.lemmas import BREAK, PERSON, phrase_keys
from shortstory.analysis.vocabulary import FUNCTION_WORDS, zipf

SLOT_RE = re.compile(r"\{(someone|something|possessive)\}")
OBJECT = "<obj>"
POSSESSOR = "<poss>"
SLOT_KEYS = {"someone": OBJECT, "something": OBJECT, "possessive": POSSESSOR}
OBJECT_MAX = 4
POSSESSOR_MAX = 3
DEFAULT_FILLERS = {"someone": "him", "something": "it", "possessive": "her"}
"""What a slot reads as when a suggestion is fitted and the text gave the slot nothing."""

# Keys that end an object: a new clause, a verb's helper, a comparison.
_NOT_IN_OBJECT = frozenset(
    {BREAK, "and", "or", "but", "nor", "when", "while", "because", "if", "that", "which", "who",
     "whom", "as", "so", "than", "then", "not", "like", "to", "be", "have", "do", "will", "can",
     "may", "shall", "must", "there", "here"}
)  # fmt: skip


class SlotError(ValueError):
    """A wording puts a slot where it cannot be matched (at its end, or two in a row)."""


@dataclass(frozen=True, slots=True)
class SlotForm:
    """A wording split at its slots: ``segments[i]`` and ``segments[i + 1]`` are separated by
    ``slots[i]``; ``lead`` is the slot before the first segment, if the wording opens on one."""

    segments: tuple[tuple[str, ...], ...]
    slots: tuple[str, ...]
    lead: str | None

    anchor: int = field(init=False, compare=False)
    """The index of the segment the automaton finds: the longest, then the one with the most
    content words, then the one whose commonest word is rarest ("dismay" rather than "to" in
    "to {possessive} dismay", "dread" rather than "day": a common anchor is found, and expanded
    in vain, all over a text), then the first. Worked out once, when the form is made: every
    hit of the anchor reads it."""

    def __post_init__(self) -> None:
        def rank(i: int) -> tuple[int, int, float, int]:
            segment = self.segments[i]
            content = sum(key not in FUNCTION_WORDS for key in segment)
            return len(segment), content, -max(map(zipf, segment)), -i

        object.__setattr__(self, "anchor", max(range(len(self.segments)), key=rank))

    @property
    def keys(self) -> tuple[str, ...]:
        """Every key with the slots in place, for telling wordings apart."""
        out: list[str] = [self.lead] if self.lead else []
        for index, segment in enumerate(self.segments):
            if index:
                out.append(self.slots[index - 1])
            out.extend(segment)
        return tuple(out)


def has_slots(form: str) -> bool:
    """Whether a wording holds a slot."""
    return SLOT_RE.search(form) is not None


def slot_names(form: str) -> list[str]:
    """The slots of a wording, in order ("someone", "possessive"…)."""
    return SLOT_RE.findall(form)


def slot_form(form: str) -> SlotForm:
    """Split a wording at its slots into key segments (module docstring).

    :raises SlotError: the wording ends on a slot or holds two slots with nothing between.
    """
    pieces = SLOT_RE.split(form)  # literal, slot name, literal, slot name, …, literal
    literals = [_keys(piece) for piece in pieces[0::2]]
    names = pieces[1::2]
    lead = None
    if not literals[0]:
        lead = SLOT_KEYS[names[0]]
        literals, names = literals[1:], names[1:]
    if not literals[-1]:
        raise SlotError(f"{form!r} ends on a slot")
    if any(not segment for segment in literals):
        raise SlotError(f"{form!r} has two slots with nothing between them")
    return SlotForm(tuple(literals), tuple(SLOT_KEYS[name] for name in names), lead)


def _keys(piece: str) -> tuple[str, ...]:
    keys = list(phrase_keys(piece))
    while keys and keys[0] == BREAK:
        keys.pop(0)
    while keys and keys[-1] == BREAK:
        keys.pop()
    return tuple(keys)


WordBefore = Callable[[int], str]
"""The text's word (normalised) right before the word of a key index ("" at the start)."""


def _fits(slot: str, keys: list[str], start: int, end: int, word_before: WordBefore) -> bool:
    """Whether ``keys[start:end]`` can fill ``slot``."""
    if start < 0 or end > len(keys):
        return False
    span = keys[start:end]
    if slot == OBJECT:
        return 1 <= len(span) <= OBJECT_MAX and not any(k in _NOT_IN_OBJECT for k in span)
    if not span:  # no possessor: only "the" may stand there ("caught in the throat")
        return end < len(keys) and word_before(end) == "the"
    if len(span) == 1:
        return span[0] == PERSON
    return (
        len(span) <= POSSESSOR_MAX
        and span[-1] == PERSON
        and PERSON not in span[:-1]
        and not any(k in _NOT_IN_OBJECT for k in span)
        and word_before(start) in ("a", "an", "the")
    )


def _lengths(slot: str) -> range:
    return range(1, OBJECT_MAX + 1) if slot == OBJECT else range(POSSESSOR_MAX + 1)


def expand(
    form: SlotForm, keys: list[str], first: int, last: int, word_before: WordBefore
) -> tuple[int, int, list[tuple[int, int]]] | None:
    """Extend a hit of the anchor segment (``keys[first:last + 1]``) to the whole wording.

    Returns the first and last key indices of the whole match and each slot's ``[start, end)``
    key range (the leading slot's first, if any), or None when the text does not hold the rest.
    """
    anchor = form.anchor
    left = _left(form, keys, anchor - 1, first, word_before)
    if left is None:
        return None
    start, left_fills = left
    right = _right(form, keys, anchor + 1, last + 1, word_before)
    if right is None:
        return None
    end, right_fills = right
    fills = left_fills + right_fills
    if form.lead is not None:
        lead_start = _lead_start(form.lead, keys, start, word_before)
        fills = [(lead_start, start), *fills]
        start = lead_start
    return start, end - 1, fills


def _left(
    form: SlotForm, keys: list[str], index: int, boundary: int, word_before: WordBefore
) -> tuple[int, list[tuple[int, int]]] | None:
    """Match segments ``index`` down to 0 ending before ``boundary``; fewest slot keys first."""
    if index < 0:
        return boundary, []
    segment, slot = form.segments[index], form.slots[index]
    for gap in _lengths(slot):
        seg_end = boundary - gap
        seg_start = seg_end - len(segment)
        if seg_start < 0:
            break
        # The segment first: a tuple comparison, cheaper than fitting the slot (both pure).
        if tuple(keys[seg_start:seg_end]) != segment:
            continue
        if not _fits(slot, keys, seg_end, boundary, word_before):
            continue
        rest = _left(form, keys, index - 1, seg_start, word_before)
        if rest is not None:
            return rest[0], [*rest[1], (seg_end, boundary)]
    return None


def _right(
    form: SlotForm, keys: list[str], index: int, boundary: int, word_before: WordBefore
) -> tuple[int, list[tuple[int, int]]] | None:
    """Match segments ``index`` up to the last starting after ``boundary``."""
    if index >= len(form.segments):
        return boundary, []
    segment, slot = form.segments[index], form.slots[index - 1]
    for gap in _lengths(slot):
        seg_start = boundary + gap
        seg_end = seg_start + len(segment)
        if seg_end > len(keys):
            break
        # The segment first: a tuple comparison, cheaper than fitting the slot (both pure).
        if tuple(keys[seg_start:seg_end]) != segment:
            continue
        if not _fits(slot, keys, boundary, seg_start, word_before):
            continue
        rest = _right(form, keys, index + 1, seg_end, word_before)
        if rest is not None:
            return rest[0], [(boundary, seg_start), *rest[1]]
    return None


def _lead_start(slot: str, keys: list[str], start: int, word_before: WordBefore) -> int:
    """Where a leading slot begins: the most keys before ``start`` that fit it (maybe none)."""
    for gap in reversed(_lengths(slot)):
        if gap and _fits(slot, keys, start - gap, start, word_before):
            return start - gap
    return start
