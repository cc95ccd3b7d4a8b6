"""Validation of the text handed to the analysers: one typed error for every bad input."""

from __future__ import annotations

import re

from shortstory.analysis.words import count_words

MAX_WORDS = 7_500
"""The product's hard ceiling on the length of a story or an analysed text."""

# C0 and C1 control characters other than tab, newline and carriage return.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class AnalysisInputError(ValueError):
    """The text given to an analyser cannot be analysed.

    :param field: the input field at fault (``"text"``, ``"premise.idea"``…).
    :param problem: what is wrong, in one sentence.
    :param limit: the limit broken, when there is one (for example ``7500`` words).
    """

    def __init__(self, field: str, problem: str, limit: int | None = None) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem
        self.limit = limit

    def to_dict(self) -> dict[str, object]:
        """The error as JSON-ready details."""
        details: dict[str, object] = {"field": self.field, "problem": self.problem}
        if self.limit is not None:
            details["limit"] = self.limit
        return details


def check_text(text: str | bytes, field: str = "text", max_words: int = MAX_WORDS) -> str:
    """Return ``text`` as ``str`` if it can be analysed, else raise :class:`AnalysisInputError`.

    Bytes must be UTF-8. The text must hold at least one word, at most ``max_words`` words, and
    no control characters (tab, newline and carriage return are fine).
    """
    text = check_characters(text, field)
    check_word_count(count_words(text), field, max_words)
    return text


def check_characters(text: str | bytes, field: str = "text") -> str:
    """:func:`check_text` without the word count, for a caller that counts the words itself (a
    full analysis does, once, in its word table) and then calls :func:`check_word_count`."""
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise AnalysisInputError(
                field, f"is not valid UTF-8 (bad byte at offset {exc.start})"
            ) from None
    if not isinstance(text, str):
        raise AnalysisInputError(field, f"must be text, not {type(text).__name__}")
    bad = _CONTROL_RE.search(text)
    if bad:
        raise AnalysisInputError(
            field, f"contains a control character U+{ord(bad.group()):04X} at offset {bad.start()}"
        )
    if not text.strip():
        raise AnalysisInputError(field, "is empty", limit=1)
    return text


def check_word_count(words: int, field: str = "text", max_words: int = MAX_WORDS) -> None:
    """Raise :class:`AnalysisInputError` unless a text of ``words`` words can be analysed."""
    if words == 0:
        raise AnalysisInputError(field, "contains no words", limit=1)
    if words > max_words:
        raise AnalysisInputError(
            field, f"has {words} words, more than the limit of {max_words}", limit=max_words
        )
