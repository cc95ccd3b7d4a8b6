"""The linter's view of a text: sentences of words, each word marked as narration or speech.

Speech is everything :func:`~shortstory.analysis.dialogue.dialogue_spans` finds, plus text in
Markdown italics (``*…*`` or ``_…_``), which a story engine uses for a character's direct
thought and which may therefore change person and tense freely.

A word *opens a clause* when it starts its sentence or its stretch of narration (for example
the first word after a quotation), follows a clause mark (``, ; : — ( )``), a coordinator
(``and``, ``but``…), a subordinator that keeps the narrative tense (``when``, ``while``…), or only
introductory words (``That night she left``). Subjects are looked for only there: a pronoun
inside a relative or reported clause (``the note he left``, ``she knew he was``) may rightly
take another tense.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from shortstory.analysis.dialogue import dialogue_spans
from shortstory.analysis.pov_lexicon import (
    COORDINATORS,
    INTRODUCTORY,
    SKIPPABLE_ADVERBS,
    SUBORDINATORS,
)
from shortstory.analysis.sentences import Span, split_sentences
from shortstory.analysis.words import WORD_RE, normalise_word

_ITALIC_RE = re.compile(
    r"(?<![\w*])\*(?!\s)[^*\n]+?(?<!\s)\*(?![\w*])|(?<!\w)_(?!\s)[^_\n]+?(?<!\s)_(?!\w)"
)
_CLAUSE_MARK_RE = re.compile(r"[,;:—–()\[\]]|\s-\s|\s--\s")


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a sentence, as the linter sees it."""

    text: str
    lower: str
    start: int
    end: int
    speech: bool
    opens_clause: bool
    sentence_initial: bool


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence and its words; ``question`` when it ends with a question mark."""

    span: Span
    tokens: tuple[Token, ...]
    question: bool
    exclamation: bool

    def narration(self) -> list[Token]:
        """The words of the sentence outside speech and thought."""
        return [token for token in self.tokens if not token.speech]


def speech_spans(text: str) -> list[Span]:
    """Dialogue and italic thought, merged, in order."""
    spans = list(dialogue_spans(text))
    for match in _ITALIC_RE.finditer(text):
        spans.append(Span(match.start(), match.end(), match.group()))
    spans.sort(key=lambda span: span.start)
    return spans


def read_sentences(text: str) -> list[Sentence]:
    """Every sentence of ``text`` with its words marked (see the module docstring)."""
    speech = speech_spans(text)
    speech_index = 0
    sentences: list[Sentence] = []
    for span in split_sentences(text):
        tokens: list[Token] = []
        previous_end = span.start
        previous_speech = True
        only_introductory = True
        for match in WORD_RE.finditer(text, span.start, span.end):
            start, end = match.start(), match.end()
            while speech_index < len(speech) and speech[speech_index].end <= start:
                speech_index += 1
            in_speech = speech_index < len(speech) and speech[speech_index].start <= start
            word = match.group()
            lower = normalise_word(word)
            previous = tokens[-1] if tokens else None
            opens = (
                previous is None
                or previous_speech != in_speech
                or bool(_CLAUSE_MARK_RE.search(text, previous_end, start))
                or previous.lower in COORDINATORS
                or previous.lower in SUBORDINATORS
                or only_introductory
            )
            tokens.append(
                Token(
                    text=word,
                    lower=lower,
                    start=start,
                    end=end,
                    speech=in_speech,
                    opens_clause=opens,
                    sentence_initial=previous is None or _follows_opening_quote(text, start),
                )
            )
            only_introductory = only_introductory and (
                lower in INTRODUCTORY or lower in SKIPPABLE_ADVERBS or lower.endswith("ly")
            )
            previous_end = end
            previous_speech = in_speech
        if tokens:
            stripped = span.text.rstrip("\"'”’»)] ")
            sentences.append(
                Sentence(
                    span=span,
                    tokens=tuple(tokens),
                    question=stripped.endswith("?"),
                    exclamation=stripped.endswith("!"),
                )
            )
    return sentences


def _follows_opening_quote(text: str, start: int) -> bool:
    """Whether the word at ``start`` is the first word of a quotation."""
    index = start - 1
    while index >= 0 and text[index] in "\"'“‘«*_(":
        if text[index] in "\"“‘«":
            return True
        index -= 1
    return False
