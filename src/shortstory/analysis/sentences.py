"""Spans of text, and the splitting of prose into paragraphs and sentences.

A :class:`Span` is a ``[start, end)`` slice of the original string together with its text, so
``original[span.start:span.end] == span.text`` always holds. Every splitter here trims whitespace
from the ends of its spans and returns them in order, never overlapping.

Paragraphs are separated by blank lines. A text with no blank line at all but with single
newlines (what chat models and some editors produce) is split on those newlines instead.

A sentence ends at ``.``, ``!``, ``?``, ``…`` (or a run of them, ``?!``, ``...``), or at a
dash that closes a quotation (``“But—” She stopped.``), together with any quotes and brackets
that close after the stop, when what follows the whitespace opens a new sentence: a capital, a
digit or an opening quote or bracket. Hence:

=======================================  ========  =====================================
text                                     sentences why
=======================================  ========  =====================================
``Mr. Holt left. Dr. Ames stayed.``      2         titles are abbreviations, not stops
``J. R. Hartley wrote it.``              1         an initial is not a stop
``She waited... then left.``             1         an ellipsis before lower case goes on
``She waited... Then she left.``         2         an ellipsis before a capital ends one
``“Stop!” she said.``                    1         the tag after a quote stays with it
``“Stop.” She left.``                    2         a stop inside the quote, then a capital
``He said, “Go.” “Now?”``                2         a new quotation opens a new sentence
=======================================  ========  =====================================

Sentences never cross a paragraph break.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BLANK_LINE_RE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_NEWLINE_RE = re.compile(r"\n\s*")

# A stop: terminal punctuation (or a dash before a closing quote), then the closers that follow
# it, then whitespace. Whether it really ends a sentence is decided by what comes next.
# Written to open on one character class (the first character of either branch; a look-behind
# on it picks the branch): the engine then skips at C speed to the characters a stop can open
# on instead of entering the pattern at every position (twice as fast as a look-ahead naming
# them). It matches what ``(?:[.!?…]+|[—–]+(?=["'”’»]))["'”’»)\]]*(?=\s)`` matches.
_STOP_RE = re.compile(
    r"[.!?…—–](?:(?<=[.!?…])[.!?…]*|(?<=[—–])[—–]*(?=[\"'”’»]))[\"'”’»)\]]*(?=\s)"
)
_OPENERS = "\"'“‘«([¡¿"
_CLOSERS = "\"'”’»)]"
_NEXT_CHAR_RE = re.compile(r"\s*[\"'“‘«(\[¡¿]*(\S)")
# The stop with what :func:`_opens_sentence` reads after it, in one match: the first
# non-space character past any opening quotes and brackets (group 1; None when there is none
# before the paragraph's end), looked ahead at (so the stops found are the same).
_STOP_AND_NEXT_RE = re.compile(
    _STOP_RE.pattern + r"(?:(?=" + _NEXT_CHAR_RE.pattern + r")|)"
)
_ASCII_LETTERS_AND_STOP = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ."

ABBREVIATIONS = frozenset(
    (
        "mr", "mrs", "ms", "mx", "dr", "st", "jr", "sr", "prof", "rev", "hon", "capt", "col", "lt",
        "sgt", "cpl", "maj", "cmdr", "adm", "gov", "pres", "fr", "br", "mme", "mlle", "messrs",
        "esq", "mt", "ft", "vol", "vols", "pp", "chap", "eds", "corp", "inc", "ltd", "dept",
        "univ", "assn", "ave", "blvd", "rd", "etc", "vs", "viz", "cf", "approx", "ca", "jan",
        "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "tue", "tues",
        "thu", "thur", "thurs", "fri",
    )
)
"""Lower-cased words that, followed by a single full stop, do not end a sentence.

Words that are also ordinary words at the end of a sentence (no, sat, sun, mar, wed, gen) are
left out on purpose: a missed split costs less than a sentence cut after "They sat."
"""



@dataclass(frozen=True, slots=True)
class Span:
    """A slice of the original text: ``original[start:end] == text``."""

    start: int
    end: int
    text: str


def make_span(text: str, start: int, end: int) -> Span | None:
    """The span of ``text[start:end]`` with surrounding whitespace trimmed, or None if empty."""
    segment = text[start:end]
    stripped = segment.strip()
    if not stripped:
        return None
    start += len(segment) - len(segment.lstrip())
    return Span(start, start + len(stripped), stripped)


def split_paragraphs(text: str) -> list[Span]:
    """The paragraphs of ``text``: blank-line separated, or line separated if no line is blank."""
    separator = _BLANK_LINE_RE if _BLANK_LINE_RE.search(text) else _NEWLINE_RE
    spans: list[Span] = []
    position = 0
    for match in separator.finditer(text):
        span = make_span(text, position, match.start())
        if span is not None:
            spans.append(span)
        position = match.end()
    span = make_span(text, position, len(text))
    if span is not None:
        spans.append(span)
    return spans


def split_sentences(text: str) -> list[Span]:
    """The sentences of ``text``, in order, by the rules in the module docstring."""
    spans: list[Span] = []
    for paragraph in split_paragraphs(text):
        spans.extend(paragraph_sentences(text, paragraph))
    return spans


def paragraph_sentences(text: str, paragraph: Span) -> list[Span]:
    """The sentences of one paragraph of ``text`` (a span from :func:`split_paragraphs`)."""
    start, end = paragraph.start, paragraph.end
    spans: list[Span] = []
    sentence_start = start
    for stop in _STOP_AND_NEXT_RE.finditer(text, start, end):
        char = stop.group(1)  # _opens_sentence(text, stop.end(), end), read in the same match
        if char is None or not (
            char.isupper() or char.isdigit() or (not char.isalpha() and char not in _CLOSERS)
        ):
            continue
        if _is_abbreviation(text, stop.start(), stop.group(), start):
            continue
        span = make_span(text, sentence_start, stop.end())
        if span is not None:
            spans.append(span)
        sentence_start = stop.end()
    span = make_span(text, sentence_start, end)
    if span is not None:
        spans.append(span)
    return spans


def _opens_sentence(text: str, position: int, end: int) -> bool:
    """Whether the first non-space character after ``position`` can begin a sentence."""
    match = _NEXT_CHAR_RE.match(text, position, end)
    if match is None:
        return False
    char = match.group(1)
    return char.isupper() or char.isdigit() or (not char.isalpha() and char not in _CLOSERS)


def _is_abbreviation(text: str, stop_start: int, stop: str, floor: int) -> bool:
    """Whether a lone full stop at ``stop_start`` ends an abbreviation or an initial."""
    if not stop.startswith(".") or stop.startswith(".."):
        return False
    # The letters and stops right before it, at most 20 and not before ``floor``: stripped at
    # C speed from an ASCII window, else walked back character by character.
    limit = max(floor, stop_start - 20)
    window = text[limit:stop_start]
    if window.isascii():
        index = limit + len(window.rstrip(_ASCII_LETTERS_AND_STOP))
    else:
        index = stop_start
        while index > limit and (text[index - 1].isalpha() or text[index - 1] == "."):
            index -= 1
    word = text[index:stop_start].lstrip(".")
    if not word:
        return False
    if "." in word:  # an initialism such as U.S. or e.g.
        return True
    if len(word) == 1:
        return word.isupper() and word != "I"
    return word.lower() in ABBREVIATIONS
