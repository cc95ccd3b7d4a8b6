"""Text edits for the revision passes: a recorded change, and cuts that leave clean prose behind.

A :class:`Change` names a span of the *original* text and what replaces it. Passes collect
non-overlapping changes and :func:`apply_changes` applies them right to left, so every offset
stays valid. :func:`cut_change` works out how to remove words without leaving a stray comma, a
double space or a lower-case sentence start.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

from shortstory.analysis.cliches.pronouns import same_case

_SENTENCE_END = ".!?"
_OPENERS = "\"'“‘(«[—–-"


@dataclass(frozen=True, slots=True)
class Change:
    """One edit: ``before`` (``original[start:end]``) became ``after``, and why."""

    start: int
    end: int
    before: str
    after: str
    reason: str

    def to_dict(self) -> dict[str, object]:
        """The change as JSON-ready data."""
        return asdict(self)


def apply_changes(text: str, changes: Iterable[Change]) -> str:
    """``text`` with every change applied; changes must not overlap.

    :raises ValueError: two changes overlap, or a change's ``before`` does not match the text.
    """
    ordered = sorted(changes, key=lambda change: change.start)
    pieces: list[str] = []
    position = 0
    for change in ordered:
        if change.start < position:
            raise ValueError(f"overlapping changes at offset {change.start}")
        if text[change.start : change.end] != change.before:
            raise ValueError(f"change at offset {change.start} does not match the text")
        pieces.append(text[position : change.start])
        pieces.append(change.after)
        position = change.end
    pieces.append(text[position:])
    return "".join(pieces)


def overlaps(change: Change, taken: list[tuple[int, int]]) -> bool:
    """Whether ``change`` touches any of the ``(start, end)`` spans already taken."""
    return any(change.start < end and start < change.end for start, end in taken)


def opens_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` begins a sentence (or a paragraph, or the text)."""
    index = start - 1
    while index >= 0 and text[index] in _OPENERS:
        index -= 1
    saw_newline = False
    while index >= 0 and text[index].isspace():
        saw_newline = saw_newline or text[index] == "\n"
        index -= 1
    while index >= 0 and text[index] in "\"'”’)»]":
        index -= 1
    return index < 0 or saw_newline or text[index] in _SENTENCE_END


def replace_change(text: str, start: int, end: int, replacement: str, reason: str) -> Change:
    """A change putting ``replacement`` (case matched to the original) over ``text[start:end]``."""
    return Change(start, end, text[start:end], same_case(text[start:end], replacement), reason)


def cut_change(text: str, start: int, end: int, reason: str) -> Change | None:
    """A change removing the words ``text[start:end]`` and tidying what is left around them.

    Handles a parenthetical ``, basically,``, an opening ``Actually,``, a closing ``, really.``
    and plain words between spaces; re-capitalises the next word at a sentence start. ``None``
    when the words sit somewhere a cut would damage (next to a dash, a colon, in a list).
    """
    length = len(text)
    after_char = text[end] if end < length else ""
    left = start
    while left > 0 and text[left - 1] in " \t":
        left -= 1
    before_char = text[left - 1] if left > 0 else ""
    at_sentence_start = opens_sentence(text, start)

    if after_char == ",":
        if before_char == "," and not at_sentence_start:
            # "was, basically, done" -> "was done": drop from the first comma to the second.
            return Change(left - 1, end + 1, text[left - 1 : end + 1], "", reason)
        if at_sentence_start:
            right = end + 1
            while right < length and text[right] in " \t":
                right += 1
            return _cut_and_capitalise(text, start, right, reason)
        return None
    if after_char and after_char in _SENTENCE_END + ";)":
        if before_char == ",":
            # "fine, really." -> "fine."
            return Change(left - 1, end, text[left - 1 : end], "", reason)
        if before_char and before_char.isalnum() and left < start:
            return Change(left, end, text[left:end], "", reason)
        return None
    if after_char in (" ", "\t"):
        right = end
        while right < length and text[right] in " \t":
            right += 1
        if right >= length or not (text[right].isalnum() or text[right] in "\"'“‘("):
            return None
        if at_sentence_start:
            return _cut_and_capitalise(text, start, right, reason)
        return Change(start, right, text[start:right], "", reason)
    return None


def _cut_and_capitalise(text: str, start: int, right: int, reason: str) -> Change | None:
    # The next word now opens the sentence: take its first letter into the change.
    if right >= len(text) or not text[right].isalpha():
        return None
    if not text[start].isupper():
        return Change(start, right, text[start:right], "", reason)
    return Change(start, right + 1, text[start : right + 1], text[right].upper(), reason)
