"""One reading of a text, made once and read by every analyser.

A :class:`Reading` holds what every pass used to work out for itself: the paragraphs and their
sentences (:mod:`.sentences`), the words by the product's word rule with their offsets, keys
and sentences (:class:`~.word_table.WordTable`), and, on first request, the quoted speech
(:func:`~.speakers.dialogue.dialogue_spans`). :func:`~.report.analyze` makes one and hands it
to readability, clichés, repetition, voice, memorability and the POV/tense linter; the model
writer's judge makes one per passage for the linter and the cliché pass. Each analyser called
on its own makes its own.

A reading is made fresh by :func:`read_text`: nothing here is remembered from one text to the
next (a caller that reads the same text again, as the writer's judge does, keeps its reading).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from shortstory.analysis.sentences import Span, paragraph_sentences, split_paragraphs
from shortstory.analysis.speakers.dialogue import dialogue_spans
from shortstory.analysis.word_table import WordTable, word_table


class Reading:
    """A text split once: paragraphs, sentences, words; its speech and the POV/tense linter's
    reading of it on first request.

    ``paragraphs`` are the paragraph spans, ``paragraph_sentences`` the sentences of each,
    ``sentences`` all of them in order, ``table`` their words.
    """

    __slots__ = (
        "_speech", "clause_sentences", "paragraph_sentences", "paragraphs", "sentences", "table",
        "text",
    )  # fmt: skip

    def __init__(
        self,
        text: str,
        paragraphs: Sequence[Span],
        paragraph_sentences: Sequence[Sequence[Span]],
    ) -> None:
        self.text = text
        self.paragraphs = paragraphs
        self.paragraph_sentences = paragraph_sentences
        self.sentences: list[Span] = [s for group in paragraph_sentences for s in group]
        self.table: WordTable = word_table(text, self.sentences)
        self._speech: list[Span] | None = None
        # The POV/tense linter's sentences of marked words, once made (its own type, which this
        # module, below every analyser, does not import).
        self.clause_sentences: list[Any] | None = None

    def speech(self) -> list[Span]:
        """The quoted speech (:func:`~.speakers.dialogue.dialogue_spans`), found once."""
        if self._speech is None:
            self._speech = dialogue_spans(self.text, self.paragraphs)
        return self._speech


def read_text(text: str) -> Reading:
    """The reading of ``text`` (module docstring)."""
    paragraphs = split_paragraphs(text)
    return Reading(text, paragraphs, [paragraph_sentences(text, p) for p in paragraphs])
