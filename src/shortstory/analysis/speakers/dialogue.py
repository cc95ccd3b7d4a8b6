"""Where the quoted speech is: dialogue spans and their complement, the narration.

A dialogue span runs from an opening quotation mark to its matching closing mark, both included.
Double quotes (straight ``"``, curly ``“ ”``, guillemets ``« »``) and single quotes (straight
``'``, curly ``‘ ’``, the British convention) both open dialogue; marks of the other family inside
a quotation are nested quotes and stay inside it.

- A straight quote's direction comes from its neighbours: after whitespace (or an opening
  bracket or dash) and before a non-space it opens, after a non-space it closes.
- An apostrophe is never a quote: between letters (``don’t``), before a year (``’90s``), at
  the start of a known lower-case elision (``’tis``, ``’em``, ``’cause``) and after a plural ``s``
  followed by a word (``Chris’ car``). A single quote that finds no closing mark in its
  paragraph (and does not continue into the next one) is taken for an apostrophe.
- A quotation still open at the end of a paragraph continues when the next paragraph opens
  with a quote of the same family (the convention for a speech of several paragraphs): the
  span then covers both paragraphs. Otherwise it ends with its paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from shortstory.analysis.sentences import Span, make_span, split_paragraphs

_DOUBLE_OPEN = "“«„"
_DOUBLE_CLOSE = "”»"
_SINGLE_OPEN = "‘"
_SINGLE_CLOSE = "’"
_STRAIGHT = "\"'"
_OPEN_CONTEXT = "([{—–-/"
_MARK_RE = re.compile("[\"'“”‘’«»„]")
_DOUBLE_CLOSE_RE = re.compile('["”»]')
_SINGLE_CLOSE_RE = re.compile("['’]")

ELISIONS = frozenset(
    (
        "tis", "twas", "twere", "twill", "em", "cause", "cos", "cept", "bout", "round", "til", "n",
        "nother", "neath", "im", "alf", "ello", "ome", "ouse",
    )
)
"""Words an apostrophe may open without opening a quotation: ’tis, ’em, rock ’n’ roll."""


def dialogue_spans(text: str, paragraphs: Sequence[Span] | None = None) -> list[Span]:
    """The quoted speech in ``text``, marks included, in order and never overlapping.

    :param paragraphs: the text's paragraphs (:func:`split_paragraphs`), if already split.
    """
    if paragraphs is None:
        paragraphs = split_paragraphs(text)
    spans: list[Span] = []
    carried: tuple[int, str] | None = None  # (start, family) of a speech continuing
    for index, paragraph in enumerate(paragraphs):
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        carried = _scan_paragraph(text, paragraph, following, carried, spans)
    return spans


def narration_spans(text: str) -> list[Span]:
    """Everything outside dialogue, as whitespace-trimmed spans in order."""
    spans: list[Span] = []
    position = 0
    for speech in dialogue_spans(text):
        span = make_span(text, position, speech.start)
        if span is not None:
            spans.append(span)
        position = speech.end
    span = make_span(text, position, len(text))
    if span is not None:
        spans.append(span)
    return spans


def _scan_paragraph(
    text: str,
    paragraph: Span,
    following: Span | None,
    carried: tuple[int, str] | None,
    spans: list[Span],
) -> tuple[int, str] | None:
    """Add the paragraph's dialogue spans to ``spans``; return a speech left open, if any."""
    start, end = paragraph.start, paragraph.end
    position = start
    if carried is not None:
        open_start, family = carried
        if _opening_family(text, start, start, end) == family:
            position = start + 1
        close = _find_close(text, position, end, family)
        if close is None:
            return _leave_open(text, open_start, family, end, following, spans)
        spans.append(Span(open_start, close + 1, text[open_start : close + 1]))
        position = close + 1
    while True:
        mark = _MARK_RE.search(text, position, end)
        if mark is None:
            return None
        position = mark.start()
        opening = _opening_family(text, position, start, end)
        if opening is None:
            position += 1
            continue
        close = _find_close(text, position + 1, end, opening)
        if close is not None:
            spans.append(Span(position, close + 1, text[position : close + 1]))
            position = close + 1
            continue
        continues = (
            following is not None
            and _opening_family(text, following.start, following.start, following.end) == opening
        )
        if opening == "double" or continues:
            return _leave_open(text, position, opening, end, following, spans)
        position += 1  # a lone single quote: an apostrophe after all


def _leave_open(
    text: str, open_start: int, family: str, end: int, following: Span | None, spans: list[Span]
) -> tuple[int, str] | None:
    """Carry an unclosed speech into the next paragraph if it reopens there, else close it."""
    if (
        following is not None
        and _opening_family(text, following.start, following.start, following.end) == family
    ):
        return open_start, family
    spans.append(Span(open_start, end, text[open_start:end]))
    return None


def _opening_family(text: str, index: int, floor: int, end: int) -> str | None:
    """``"double"`` or ``"single"`` if the mark at ``index`` opens a quotation, else None."""
    char = text[index]
    after = text[index + 1] if index + 1 < end else ""
    if not after or after.isspace():
        return None
    before = text[index - 1] if index > floor else ""
    at_word_start = not before or before.isspace() or before in _OPEN_CONTEXT
    if char in _DOUBLE_OPEN:
        return "double"
    if char == '"':
        return "double" if at_word_start or before in _SINGLE_OPEN + "'" else None
    if char == _SINGLE_CLOSE and not at_word_start:
        return None
    if char in _SINGLE_OPEN + _SINGLE_CLOSE + "'":
        if not (at_word_start or before in _DOUBLE_OPEN + '"'):
            return None
        if after.isdigit() or (after.islower() and _elision_follows(text, index + 1, end)):
            return None
        return "single"
    return None


def _elision_follows(text: str, index: int, end: int) -> bool:
    """Whether the letters from ``index`` form a known elision closed by a non-letter."""
    stop = index
    while stop < end and text[stop].isalpha():
        stop += 1
    if stop < end and text[stop] in "'’":
        return text[index:stop].lower() in {"n"}  # rock 'n' roll
    return text[index:stop].lower() in ELISIONS


def _find_close(text: str, index: int, end: int, family: str) -> int | None:
    """The index of the mark closing a quotation of ``family`` opened before ``index``."""
    pattern = _DOUBLE_CLOSE_RE if family == "double" else _SINGLE_CLOSE_RE
    for mark in pattern.finditer(text, index, end):
        position = mark.start()
        char = mark.group()
        if family == "double":
            if char in _DOUBLE_CLOSE or (char == '"' and not text[position - 1].isspace()):
                return position
            if char == '"' and _opening_family(text, position, index, end) is None:
                return position
        elif char in _SINGLE_CLOSE + "'" and _closes_single(text, position, end):
            return position
    return None


def _closes_single(text: str, index: int, end: int) -> bool:
    """Whether the single mark at ``index`` closes a quotation rather than being an apostrophe."""
    before = text[index - 1]
    after = text[index + 1] if index + 1 < end else ""
    if before.isspace():
        return False
    if before.isalnum() and after.isalpha():
        return False  # don’t, rock’n’roll
    # "Chris’ car", "the boys’ dog": a plural possessive, unless punctuation comes first.
    return not (before in "sS" and after == " " and index + 2 < end and text[index + 2].isalpha())
