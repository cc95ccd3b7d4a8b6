"""The linter's view of a text: sentences of words, each word marked as narration or speech.

Speech is everything :func:`~shortstory.analysis.speakers.dialogue_spans` finds, plus text in
Markdown italics (``*…*`` or ``_…_``), which a story engine uses for a character's direct
thought, plus the rest of a sentence after a quoting verb and a colon (``The note read: Meet me
at nine.``): all of it may change person and tense freely.

A word *opens a clause* when it starts its sentence or its stretch of narration (for example
the first word after a quotation), follows a clause mark (``, ; : — ( )``), a coordinator
(``and``, ``but``…), a subordinator that keeps the narrative tense (``when``, ``while``…), or only
introductory words (``That night she left``). Subjects are looked for only there: a pronoun
inside a relative or reported clause (``the note he left``, ``she knew he was``) may rightly
take another tense.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, compress, count
from typing import NamedTuple

from shortstory.analysis.pov.lexicon import (
    COORDINATORS,
    DETERMINERS,
    INTRODUCTORY,
    QUOTING_VERBS,
    SKIPPABLE_ADVERBS,
    SUBORDINATORS,
    THOUGHT_MARKERS,
)
from shortstory.analysis.sentences import Span, paragraph_sentences, split_paragraphs
from shortstory.analysis.speakers.dialogue import dialogue_spans
from shortstory.analysis.words import normalise_word

_ITALIC_RE = re.compile(
    r"(?<![\w*])\*(?!\s)[^*\n]+?(?<!\s)\*(?![\w*])|(?<!\w)_(?!\s)[^_\n]+?(?<!\s)_(?!\w)"
)
# Words for linting only (counting goes through shortstory.analysis.words): letters joined by
# apostrophes or hyphens. Simpler than the word-count rule's pattern, and about twice as fast
# (measured: reading the shared word table instead costs the linter alone a fifth more and saves
# a full analysis about 1 %, the regular expression being the dearer part of the table).
_GAP_WORD_RE = re.compile(r"([\W_]*)([^\W_]+(?:['’ʼ\-‐‑][^\W_]+)*)")
_CLAUSE_MARK_RE = re.compile(r"[,;:—–()\[\]]|\s-\s|\s--\s")
_OPENING_WORDS = COORDINATORS | SUBORDINATORS


class Token(NamedTuple):
    """One word of a sentence, as the linter sees it (a tuple: thousands are made per text)."""

    text: str
    lower: str
    start: int
    end: int
    speech: bool
    opens_clause: bool
    follows_mark: bool
    sentence_initial: bool


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence, its words, how it ends, and the index of its paragraph.

    ``capitals`` are the positions of its words that begin with a capital letter (the only
    ones that can be names: the name rules read these, not every word); ``keys`` are its words
    normalised, one a token, for finding the few words a rule reads at C speed
    (:func:`positions_of`).
    """

    span: Span
    tokens: tuple[Token, ...]
    question: bool
    exclamation: bool
    paragraph: int
    capitals: tuple[int, ...] = ()
    keys: Sequence[str] = ()

    def narration(self) -> list[Token]:
        """The words of the sentence outside speech and thought."""
        return [token for token in self.tokens if not token.speech]


def speech_spans(text: str) -> list[Span]:
    """Dialogue and italic thought, merged, in order."""
    spans = list(dialogue_spans(text))
    if "*" in text or "_" in text:  # the italic pattern is slow to run over text without any
        for match in _ITALIC_RE.finditer(text):
            spans.append(Span(match.start(), match.end(), match.group()))
        spans.sort(key=lambda span: span.start)
    return spans


def read_sentences(
    text: str, paragraphs: Sequence[Sequence[Span]] | None = None
) -> list[Sentence]:
    """Every sentence of ``text`` with its words marked (see the module docstring).

    :param paragraphs: the sentences of each paragraph (:func:`paragraph_sentences` over
        :func:`split_paragraphs`), when the caller has split them already.
    """
    reader = _TokenReader(text, speech_spans(text))
    sentences: list[Sentence] = []
    if paragraphs is None:
        paragraphs = [paragraph_sentences(text, p) for p in split_paragraphs(text)]
    for paragraph_index, spans in enumerate(paragraphs):
        for span in spans:
            tokens, capitals, keys = reader.tokens(span)
            if not tokens:
                continue
            stripped = span.text.rstrip("\"'”’»)] ")
            sentences.append(
                Sentence(
                    span=span,
                    tokens=tokens,
                    question=stripped.endswith("?"),
                    exclamation=stripped.endswith("!"),
                    paragraph=paragraph_index,
                    capitals=capitals,
                    keys=keys,
                )
            )
    return sentences


class _TokenReader:
    """Turns sentence spans into tokens, walking the speech spans once, in order."""

    def __init__(self, text: str, speech: list[Span]) -> None:
        self._text = text
        self._speech = [(span.start, span.end) for span in speech]
        self._speech_index = 0

    def tokens(self, span: Span) -> tuple[tuple[Token, ...], tuple[int, ...], list[str]]:
        """The words of ``span`` (a sentence), each marked, the positions of those that begin
        with a capital, and their keys; spans must come in text order."""
        text, speech = self._text, self._speech
        speech_count, speech_index = len(speech), self._speech_index
        while speech_index < speech_count and speech[speech_index][1] <= span.start:
            speech_index += 1
        # Most sentences touch no speech at all: then no word needs the speech check.
        any_speech = speech_index < speech_count and speech[speech_index][0] < span.end
        # Locals, not globals or attributes, in this loop: it runs once per word of the text.
        new_token = tuple.__new__  # skips NamedTuple's keyword-parsing constructor
        clause_mark = _CLAUSE_MARK_RE.search
        opening_words, introductory, adverbs = _OPENING_WORDS, INTRODUCTORY, SKIPPABLE_ADVERBS
        tokens: list[Token] = []
        append = tokens.append
        position = span.start
        previous_speech, previous_lower = False, ""
        only_introductory, quoting = True, False
        quoting_verbs = QUOTING_VERBS
        capitals: list[int] = []
        keys: list[str] = []
        add_key = keys.append
        # findall hands back (gap, word) pairs at C speed; offsets follow from their lengths.
        for gap, word in _GAP_WORD_RE.findall(text, span.start, span.end):
            start = position + len(gap)
            end = position = start + len(word)
            in_speech = quoting
            if any_speech and not quoting:
                while speech_index < speech_count and speech[speech_index][1] <= start:
                    speech_index += 1
                in_speech = speech_index < speech_count and speech[speech_index][0] <= start
            lower = word.lower() if word.isascii() else normalise_word(word)
            add_key(lower)
            if word[0].isupper():
                capitals.append(len(tokens))
            if previous_lower in quoting_verbs and ":" in gap:
                in_speech = quoting = True  # "The note read: Meet me at nine."
            if not tokens:
                follows_mark = initial = True
            else:
                follows_mark = previous_speech != in_speech or (
                    gap != " " and clause_mark(gap) is not None
                )
                initial = gap != " " and _follows_opening_quote(text, start)
            opens = follows_mark or only_introductory or previous_lower in opening_words
            append(
                new_token(Token, (word, lower, start, end, in_speech, opens, follows_mark, initial))
            )
            if only_introductory:
                only_introductory = (
                    lower in introductory
                    or lower in adverbs
                    or lower.endswith("ly")
                    or lower[0].isdigit()
                )
            previous_speech, previous_lower = in_speech, lower
        self._speech_index = speech_index
        return tuple(tokens), tuple(capitals), keys


def positions_of(sentence: Sentence, wanted: Container[str]) -> Iterator[int]:
    """The positions of the sentence's words whose key is in ``wanted``, in order (found at C
    speed: most rules read a few words of a sentence, not all of them)."""
    return compress(count(), map(wanted.__contains__, sentence.keys))


def text_keys_where(sentences: Sequence[Sentence], keep: Callable[[str], bool]) -> set[str]:
    """The distinct keys of ``sentences`` for which ``keep`` is true (each key tested once)."""
    return {key for key in set(chain.from_iterable(s.keys for s in sentences)) if keep(key)}


def _follows_opening_quote(text: str, start: int) -> bool:
    """Whether the word at ``start`` is the first word of a quotation."""
    index = start - 1
    while index >= 0 and text[index] in "\"'“‘«*_(":
        if text[index] in "\"“‘«*_":
            return True
        index -= 1
    return False


def reports_thought(sentence: Sentence) -> bool:
    """Whether the sentence tags unquoted thought or speech: ``I can't, she thought.``

    The tag is a thought or speech verb next to a third-person or ``you`` subject (``she
    thought``, ``thought Anna``, ``thought the boss``), never the narrator's own ``I thought``.
    """
    tokens = sentence.tokens
    for index, token in enumerate(tokens):
        if token.speech or token.lower not in THOUGHT_MARKERS:
            continue
        if (index > 0 and tokens[index - 1].speech) or (index > 1 and tokens[index - 2].speech):
            continue  # the tag of a quotation ("Go," says Tom), not of unquoted thought
        ends_clause = index + 1 == len(tokens) or tokens[index + 1].follows_mark
        if index > 0 and _tags_thought(tokens[index - 1]):
            subject = tokens[index - 1]
            if (subject.follows_mark and index > 1) or (index == 1 and ends_clause):
                return True  # ", she thought", "She thought, …" (not "than he remembered")
        if (
            token.follows_mark
            and index + 1 < len(tokens)
            and (_tags_thought(tokens[index + 1]) or tokens[index + 1].lower in DETERMINERS)
        ):
            return True  # ", thought the boss", ", thought Anna"
    return False


def _tags_thought(token: Token) -> bool:
    """A subject of a thought tag: she/he/they/you or a name (not the narrator's I)."""
    if token.lower in _TAG_SUBJECTS:
        return True
    return token.text[0].isupper() and not token.sentence_initial and token.lower != "i"


_TAG_SUBJECTS = frozenset({"she", "he", "they", "you"})
