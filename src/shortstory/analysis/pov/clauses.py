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
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Container, Iterator, Sequence, Set
from itertools import accumulate, chain, compress, count, repeat
from operator import add, and_, attrgetter, eq, itemgetter, ne, not_, sub
from typing import NamedTuple, TypeVar

from shortstory.analysis.pov.lexicon import (
    COORDINATORS,
    DETERMINERS,
    INTRODUCTORY,
    QUOTING_VERBS,
    SKIPPABLE_ADVERBS,
    SUBORDINATORS,
    THOUGHT_MARKERS,
)
from shortstory.analysis.reading import Reading, read_text
from shortstory.analysis.sentences import Span, split_paragraphs
from shortstory.analysis.speakers.dialogue import dialogue_spans
from shortstory.analysis.words import normalise_word

_ITALIC_RE = re.compile(
    r"(?<![\w*])\*(?!\s)[^*\n]+?(?<!\s)\*(?![\w*])|(?<!\w)_(?!\s)[^_\n]+?(?<!\s)_(?!\w)"
)
# The linter's words are the shared reading's words (:mod:`shortstory.analysis.words`), but for
# the few that hold a full stop, a comma, a colon (U.S., 3.14, 1,500) or a combining accent:
# the linter reads those as their runs of letters joined by apostrophes or hyphens.
_LINTER_WORD_RE = re.compile(r"[^\W_]+(?:['’ʼ\-‐‑][^\W_]+)*")
_INSIDE_WORD_RE = re.compile(r"[.,:\u0300-\u036f\u1ab0-\u1aff\u20d0-\u20ff]")
_CLAUSE_MARK_RE = re.compile(r"[,;:—–()\[\]]|\s-\s|\s--\s")
_OPENING_WORDS = COORDINATORS | SUBORDINATORS
_Argument = TypeVar("_Argument")
_INTRODUCTORY = INTRODUCTORY | SKIPPABLE_ADVERBS


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


class Sentence(NamedTuple):
    """A sentence, its words, how it ends, and the index of its paragraph (a tuple: hundreds
    are made per text).

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


def speech_spans(text: str, reading: Reading | None = None) -> list[Span]:
    """Dialogue and italic thought, merged, in order."""
    spans = list(reading.speech() if reading is not None else dialogue_spans(text))
    if "*" in text or "_" in text:  # the italic pattern is slow to run over text without any
        for match in _ITALIC_RE.finditer(text):
            spans.append(Span(match.start(), match.end(), match.group()))
        spans.sort(key=lambda span: span.start)
    return spans


def read_sentences(
    text: str,
    paragraphs: Sequence[Sequence[Span]] | None = None,
    reading: Reading | None = None,
) -> list[Sentence]:
    """Every sentence of ``text`` with its words marked (see the module docstring).

    :param paragraphs: the sentences of each paragraph (:func:`paragraph_sentences` over
        :func:`split_paragraphs`), when the caller has split them already.
    :param reading: the text's :class:`~shortstory.analysis.reading.Reading`, when the caller
        has one (then ``paragraphs`` is not needed): its words are the linter's, and the
        sentences are made once per reading (the writer's judge and its prompts share them).
    """
    if reading is None:
        if paragraphs is None:
            reading = read_text(text)
        else:
            reading = Reading(text, split_paragraphs(text), paragraphs)
    elif reading.clause_sentences is not None:
        return list(reading.clause_sentences)  # made once per reading, shared
    reading.clause_sentences = _read_sentences(reading)
    return list(reading.clause_sentences)


def _read_sentences(reading: Reading) -> list[Sentence]:
    """The sentences of marked words of a reading (:func:`read_sentences`), made column by
    column for all the sentences at once (C-speed maps and slices, not a loop per sentence)."""
    words = _Words(reading)
    spans = reading.sentences
    firsts = words.firsts
    lasts = [*firsts[1:], len(words.starts)]
    paragraph_of = chain.from_iterable(
        map(repeat, count(), map(len, reading.paragraph_sentences))
    )
    # How each sentence ends, past its closing quotes and brackets.
    # str methods mapped with their argument repeated: a C call each (a methodcaller is slower)
    stripped = list(map(str.rstrip, map(attrgetter("text"), spans), repeat("\"'”’»)] ")))
    # Each capitalised word's position in its sentence (the last sentence opening at or before
    # it: a sentence without words opens where the next one does).
    capitals = words.capitals()
    opening = map(sub, map(bisect_right, repeat(firsts), capitals), repeat(1))
    within = list(map(sub, capitals, map(firsts.__getitem__, opening)))
    capital_slices = map(
        slice, map(bisect_left, repeat(capitals), firsts), map(bisect_left, repeat(capitals), lasts)
    )
    word_slices = list(map(slice, firsts, lasts))
    columns = zip(
        spans,
        map(tuple, map(words.tokens.__getitem__, word_slices)),
        map(str.endswith, stripped, repeat("?")),
        map(str.endswith, stripped, repeat("!")),
        paragraph_of,
        map(tuple, map(within.__getitem__, capital_slices)),
        map(words.lowers.__getitem__, word_slices),
        strict=True,
    )
    new_sentence = tuple.__new__  # skips NamedTuple's keyword-parsing constructor
    return list(map(new_sentence, repeat(Sentence), compress(columns, map(ne, firsts, lasts))))


class _Words:
    """The linter's words of a reading, each marked, as columns computed for the whole text at
    once (C-speed maps and slices, not a loop per word: a text has thousands of words)."""

    def __init__(self, reading: Reading) -> None:
        text = reading.text
        self.text = text
        self.starts, self.ends, self.lowers = _linter_words(reading)
        starts, lowers = self.starts, self.lowers
        count_ = len(starts)
        table = reading.table
        # The reading's own words (no word split): its words, gaps and capitals are the linter's.
        own = starts is table.starts
        self.words = table.words(text) if own else list(
            map(text.__getitem__, map(slice, starts, self.ends))
        )
        self._capitalised = table.capitalised(text) if own else None
        # Each sentence's first word (where its words would be, for a sentence without any):
        # the table's words are all in its sentences, in order, so the sentences' lengths
        # summed give them; the linter's own words are found by bisection.
        if own:
            lengths = table.sentence_lengths
            firsts = list(accumulate(lengths, initial=0))[:-1]
        else:
            firsts = [bisect_left(starts, span.start) for span in reading.sentences]
            lengths = list(map(sub, [*firsts[1:], count_], firsts))
        self.firsts = firsts
        first_word = bytearray(count_)
        for first in compress(firsts, lengths):
            first_word[first] = 1
        # What stands between a word and the one before: mostly one space. A clause mark, an
        # opening quotation or a colon can only be in the other gaps, which alone are read. (A
        # sentence's first word is marked below whatever its gap holds, and takes no colon.)
        gaps = self._gaps(table.gaps() if own else None)
        inside = self._speech(reading, gaps, first_word)
        speech = list(map(bool, inside))
        marked = [False] * count_
        initial = [False] * count_
        # Each distinct gap is searched once (a text repeats ", " and "\n\n" hundreds of times).
        distinct = set(gaps.values())
        clause_mark = _CLAUSE_MARK_RE.search
        marks = {gap for gap in distinct if clause_mark(gap) is not None}
        for index in compress(gaps.keys(), map(marks.__contains__, gaps.values())):
            marked[index] = True
        # The gap ends where the word starts: a quotation can open there only if the gap ends
        # on a quotation mark (or is empty), and only then is the text read back.
        quoted = {gap for gap in distinct if not gap or gap[-1] in _QUOTE_OPENING}
        for index in compress(gaps.keys(), map(quoted.__contains__, gaps.values())):
            initial[index] = _follows_opening_quote(text, starts[index])
        # A word follows a mark too where speech begins or ends (found run by run, a few hundred
        # a text), and opens a clause after a coordinator or a subordinator.
        follows = marked
        position, speaking = 0, 0
        while (position := inside.find(1 - speaking, position)) >= 0:
            follows[position] = True
            speaking ^= 1
        opens = follows.copy()
        for index in compress(count(1), map(_OPENING_WORDS.__contains__, lowers[:-1])):
            opens[index] = True
        for index in compress(count(), first_word):
            follows[index] = initial[index] = opens[index] = True
            # Only introductory words so far ("That night she left"): each next word opens.
            position = index
            while position + 1 < count_ and not first_word[position + 1]:
                lower = lowers[position]  # _introductory(lower), inline: ~700 words a text
                if not (lower in _INTRODUCTORY or lower.endswith("ly") or lower[0].isdigit()):
                    break
                position += 1
                opens[position] = True
        new_token = tuple.__new__  # skips NamedTuple's keyword-parsing constructor
        self.tokens: list[Token] = list(
            map(new_token, repeat(Token),
                zip(self.words, lowers, starts, self.ends, speech, opens, follows, initial,
                    strict=True))
        )  # fmt: skip

    def _speech(
        self, reading: Reading, gaps: dict[int, str], first_word: bytearray
    ) -> bytearray:
        """Whether each word is speech (1) or not (0): inside dialogue or italics, or after a
        quoting verb and a colon in its sentence ("The note read: Meet me at nine.")."""
        starts, lowers = self.starts, self.lowers
        inside = bytearray(len(starts))
        for span in speech_spans(reading.text, reading):
            first, last = bisect_left(starts, span.start), bisect_left(starts, span.end)
            inside[first:last] = b"\x01" * (last - first)
        for index, gap in gaps.items():
            if ":" in gap and not first_word[index] and lowers[index - 1] in QUOTING_VERBS:
                end = index + 1
                while end < len(starts) and not first_word[end]:
                    end += 1
                inside[index:end] = b"\x01" * (end - index)
        return inside

    def _gaps(self, found: list[str] | None) -> dict[int, str]:
        """The gaps before the words that are not one space, by word index (``found``: the
        word rule's gaps, when the words are the reading's own; a sentence's first word's gap
        is made apart)."""
        if found is not None:  # operator.ne: a C function (" ".__ne__ is a slot wrapper)
            return dict(compress(enumerate(found), map(ne, found, repeat(" "))))
        text, starts = self.text, self.starts
        previous_ends = [0, *self.ends[:-1]][: len(starts)]
        spaced = map(" ".__eq__, map(text.__getitem__, previous_ends))
        one_space = map(and_, spaced, map(eq, starts, map(add, previous_ends, repeat(1))))
        return {index: text[previous_ends[index] : starts[index]]
                for index in compress(count(), map(not_, one_space))}  # fmt: skip

    def capitals(self) -> list[int]:
        """The indices of the words that begin with a capital letter."""
        capitalised = self._capitalised
        if capitalised is None:
            capitalised = list(map(str.isupper, map(itemgetter(0), self.words)))
        return list(compress(count(), capitalised))


def _introductory(lower: str) -> bool:
    """A word that may come before a clause's subject: ``That night``, ``Slowly``, ``By 1990``."""
    return (
        lower in INTRODUCTORY
        or lower in SKIPPABLE_ADVERBS
        or lower.endswith("ly")
        or lower[0].isdigit()
    )


def _linter_words(reading: Reading) -> tuple[list[int], list[int], list[str]]:
    """The starts, ends and lower-cased forms of the linter's words (see :data:`_LINTER_WORD_RE`):
    the reading's own, but for the rare word that holds a stop, a comma, a colon or an accent."""
    table = reading.table
    if table.plain:  # no word holds a stop, a comma, a colon or an accent
        return table.starts, table.ends, table.keys
    # Joined by spaces, the keys show those few words to one regular-expression scan.
    joined = " ".join(table.keys)
    hits = [match.start() for match in _INSIDE_WORD_RE.finditer(joined)]
    if not hits:
        return table.starts, table.ends, table.keys
    ends_in_joined = list(accumulate(map(len, table.keys), lambda end, length: end + 1 + length))
    found = [bisect_right(ends_in_joined, hit) for hit in hits]
    text = reading.text
    starts: list[int] = []
    ends: list[int] = []
    lowers: list[str] = []
    done = 0
    for index in sorted(set(found)):
        starts += table.starts[done:index]
        ends += table.ends[done:index]
        lowers += table.keys[done:index]
        for match in _LINTER_WORD_RE.finditer(text, table.starts[index], table.ends[index]):
            word = match.group()
            starts.append(match.start())
            ends.append(match.end())
            lowers.append(word.lower() if word.isascii() else normalise_word(word))
        done = index + 1
    starts += table.starts[done:]
    ends += table.ends[done:]
    lowers += table.keys[done:]
    return starts, ends, lowers


def positions_of(sentence: Sentence, wanted: Container[str]) -> Iterator[int]:
    """The positions of the sentence's words whose key is in ``wanted``, in order (found at C
    speed: most rules read a few words of a sentence, not all of them)."""
    return compress(count(), map(wanted.__contains__, sentence.keys))


def text_keys(sentences: Sequence[Sentence]) -> set[str]:
    """The distinct keys of ``sentences``."""
    return set(chain.from_iterable(s.keys for s in sentences))


def text_keys_where(
    sentences: Sequence[Sentence],
    keep: Callable[[str, _Argument], bool],
    argument: _Argument,
    keys: Set[str] | None = None,
) -> set[str]:
    """The distinct keys of ``sentences`` for which ``keep(key, argument)`` is true (each key
    tested once, by a C function such as :func:`operator.contains` or :meth:`str.endswith`
    mapped over the keys: a method bound in Python is 2-3 times slower a key; ``keys``: their
    :func:`text_keys`, when the caller has them)."""
    found = text_keys(sentences) if keys is None else keys
    return set(compress(found, map(keep, found, repeat(argument))))


_QUOTE_OPENING = "\"'“‘«*_("
"""What may stand between an opening quotation mark and its first word, the mark included."""


def _follows_opening_quote(text: str, start: int) -> bool:
    """Whether the word at ``start`` is the first word of a quotation."""
    index = start - 1
    while index >= 0 and text[index] in _QUOTE_OPENING:
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
    for index in positions_of(sentence, THOUGHT_MARKERS):  # most sentences have none
        token = tokens[index]
        if token.speech:
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
