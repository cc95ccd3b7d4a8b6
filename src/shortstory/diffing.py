"""Word-level diff of two texts: which words were deleted from the old and inserted in the new.

Words are compared by the product's one tokeniser (:func:`shortstory.analysis.words.iter_words`),
so the diff agrees with every word count. Offsets index the original strings, which lets a client
highlight spans without re-tokenising.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass, field
from typing import Literal

from shortstory.analysis.words import Word, iter_words

SpanKind = Literal["insert", "delete"]


@dataclass(frozen=True, slots=True)
class DiffSpan:
    """A run of words present only in one of the two texts.

    ``kind`` is ``"delete"`` (the span is in the old text; offsets index it) or ``"insert"``
    (the span is in the new text; offsets index it). ``[start, end)`` are character offsets,
    ``word_start``/``word_count`` locate the run in that text's word list.
    """

    kind: SpanKind
    start: int
    end: int
    text: str
    word_start: int
    word_count: int


@dataclass(frozen=True, slots=True)
class WordDiff:
    """The result of :func:`diff_words`: spans in order, plus totals."""

    spans: list[DiffSpan] = field(default_factory=list)
    words_before: int = 0
    words_after: int = 0

    @property
    def inserted(self) -> int:
        """How many words the new text adds."""
        return sum(span.word_count for span in self.spans if span.kind == "insert")

    @property
    def deleted(self) -> int:
        """How many words the new text drops."""
        return sum(span.word_count for span in self.spans if span.kind == "delete")

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "spans": [asdict(span) for span in self.spans],
            "inserted_words": self.inserted,
            "deleted_words": self.deleted,
            "words_before": self.words_before,
            "words_after": self.words_after,
        }


def _span(kind: SpanKind, text: str, tokens: list[Word], lo: int, hi: int) -> DiffSpan:
    start, end = tokens[lo].start, tokens[hi - 1].end
    return DiffSpan(kind, start, end, text[start:end], lo, hi - lo)


def diff_words(old: str, new: str) -> WordDiff:
    """Compare ``old`` and ``new`` word by word (exact word text, punctuation ignored).

    A replaced run yields a ``delete`` span followed by an ``insert`` span.
    """
    old_words = list(iter_words(old))
    new_words = list(iter_words(new))
    # autojunk off: in long stories common words would otherwise be treated as junk and the
    # diff would fall apart into large replace blocks.
    matcher = difflib.SequenceMatcher(
        a=[w.text for w in old_words], b=[w.text for w in new_words], autojunk=False
    )
    spans: list[DiffSpan] = []
    for tag, a_lo, a_hi, b_lo, b_hi in matcher.get_opcodes():
        if tag in ("delete", "replace"):
            spans.append(_span("delete", old, old_words, a_lo, a_hi))
        if tag in ("insert", "replace"):
            spans.append(_span("insert", new, new_words, b_lo, b_hi))
    return WordDiff(spans, len(old_words), len(new_words))


def apply_diff(old: str, new: str, diff: WordDiff) -> list[str]:
    """Rebuild the new text's word list from ``old``'s words and ``diff`` (a check of a diff).

    Walks the old words, drops each deleted span and splices in each inserted span.
    """
    old_tokens = [w.text for w in iter_words(old)]
    new_tokens = [w.text for w in iter_words(new)]
    out: list[str] = []
    cursor = 0
    for span in diff.spans:
        if span.kind == "delete":
            out.extend(old_tokens[cursor:span.word_start])
            cursor = span.word_start + span.word_count
        else:
            # An insert lands at the new-text position; copy matching old words up to there.
            missing = span.word_start - len(out)
            out.extend(old_tokens[cursor:cursor + missing])
            cursor += missing
            out.extend(new_tokens[span.word_start:span.word_start + span.word_count])
    out.extend(old_tokens[cursor:])
    return out
