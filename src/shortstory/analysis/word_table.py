"""The words of a text sentence by sentence, tokenised once and shared by the analysers.

:func:`word_table` runs the product's word rule (:data:`~shortstory.analysis.words.WORD_RE`)
once over a text whose sentences are already split; readability, repetition, voice and
memorability all read the same table, so a full analysis tokenises the text once.
:func:`span_dict` is the JSON form of a :class:`~shortstory.analysis.sentences.Span`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, compress, count, repeat
from operator import gt, itemgetter, ne

import numpy as np
import numpy.typing as npt

from shortstory.analysis.sentences import Span
from shortstory.analysis.words import WORD_RE, normalise_word

# The word rule as a splitter: gaps and words alternate in one list of strings (no tuple per
# word). Where no gap ends on a full stop, a comma or a colon (which would then stand right
# before a letter or a digit) and none holds a combining accent, the rule's initialism and
# number branches cannot match and its runs hold no accent: the rule is then this plain run of
# letters joined by apostrophes or hyphens, which the regular-expression engine walks about a
# third faster, and whose gaps tell (each distinct one read once) whether it was.
_WORD_SPLIT_RE = re.compile(f"({WORD_RE.pattern})", WORD_RE.flags)
_PLAIN_WORD_SPLIT_RE = re.compile(r"([^\W_]+(?:['’ʼ\-‐‑][^\W_]+)*)")
# The same run where the text holds no underscore (then ``[^\W_]`` is ``\w``), its quantifiers
# possessive (nothing follows them in the pattern, so giving a letter back can never make a
# match): the engine walks it about a sixth faster. A test holds the two splits equal.
_UNDERSCORELESS_SPLIT_RE = re.compile(r"(\w++(?:['’ʼ\-‐‑]\w++)*+)")
_NORMALISED = "’ʼ‐‑"
"""What :func:`~shortstory.analysis.words.normalise_word` changes besides the case."""
_NORMALISED_RE = re.compile(f"[{_NORMALISED}]")
_ACCENT_RE = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u20d0-\u20ff]")


def span_dict(span: Span) -> dict[str, object]:
    """A span as JSON-ready data: ``{"start", "end", "text"}``."""
    return {"start": span.start, "end": span.end, "text": span.text}


@dataclass(slots=True)
class WordTable:
    """The words of a text sentence by sentence, as parallel lists (built once, shared).

    ``keys`` are the words normalised (:func:`~shortstory.analysis.words.normalise_word`);
    ``sentence`` is each word's sentence index; ``initial`` whether it opens its sentence;
    ``sentence_lengths`` has one entry per sentence (0 for a sentence without words).
    """

    starts: list[int]
    ends: list[int]
    keys: list[str]
    sentence: list[int]
    initial: list[bool]
    sentence_lengths: list[int]
    _capitals: Counter[str] | None = None
    _words: list[str] | None = None
    _counts: Counter[str] | None = None
    _gaps: list[str] | None = None
    """What the word rule matched before each word, when the table holds every word it found."""
    _capitalised: list[bool] | None = None
    _ids: npt.NDArray[np.int64] | None = None
    plain: bool = False
    """Whether every word is a run of letters or digits joined by apostrophes or hyphens (none
    holds a stop, a comma, a colon or an accent): the plain rule made them all."""

    def __len__(self) -> int:
        return len(self.keys)

    def words(self, text: str) -> list[str]:
        """The words as written in ``text`` (the table's text), made once and shared by the
        passes that read them (the cliché matcher, the POV/tense linter): the word rule's own
        matches when the table holds them all, else sliced at C speed."""
        if self._words is None:
            self._words = list(map(text.__getitem__, map(slice, self.starts, self.ends)))
        return self._words

    def gaps(self) -> list[str] | None:
        """What stands before each word: the text from the end of the word before (for the
        first word, from the start of the first sentence), as the word rule matched it; None
        when the table left some of its matches out (sentences that do not cover the text).
        Shared: do not change it."""
        return self._gaps

    def capitalised(self, text: str) -> list[bool]:
        """Whether each word begins with a capital letter, worked out once and shared."""
        if self._capitalised is None:
            self._capitalised = list(map(str.isupper, map(itemgetter(0), self.words(text))))
        return self._capitalised


def key_counts(table: WordTable) -> Counter[str]:
    """How often each key of ``table`` occurs, counted once per table and shared (readability,
    repetition and memorability all read it; do not change it)."""
    if table._counts is None:
        table._counts = Counter(table.keys)
    return table._counts


def key_ids(table: WordTable) -> npt.NDArray[np.int64]:
    """Each key of ``table`` as a number (a numpy array; the keys numbered in order of first
    occurrence, so equal numbers are equal keys), made once per table and shared by the passes
    that compare runs of words (repetition, memorability). Do not change it."""
    if table._ids is None:
        number = dict(zip(key_counts(table), count(), strict=False))
        table._ids = np.fromiter(map(number.__getitem__, table.keys), np.int64, len(table.keys))
    return table._ids


def mid_sentence_capitals(text: str, table: WordTable) -> Counter[str]:
    """How often each word of ``table`` is capitalised mid-sentence (a name, most likely),
    counted once per table and shared (``text`` must be the table's text)."""
    if table._capitals is None:
        capitalised = table.capitalised(text)
        table._capitals = Counter(compress(table.keys, map(gt, capitalised, table.initial)))
    return table._capitals


def _offsets(parts: list[str], start: int) -> tuple[list[int], list[int]]:
    """The words' start and end offsets from the text split by the word rule from ``start``
    (gap, word, gap, word, …, what follows the last word)."""
    offsets = list(accumulate(map(len, parts), initial=start))
    return offsets[1:-1:2], offsets[2:-1:2]


def split_words(text: str, start: int, end: int) -> tuple[list[str], bool]:
    """``text[start:end]`` split by the product's word rule: gap, word, gap, word, …, and what
    follows the last word (the word rule's matches with what stands between them); and whether
    the plain run of letters made them (see :attr:`WordTable.plain`)."""
    piece = text[start:end]
    plain = _PLAIN_WORD_SPLIT_RE if "_" in piece else _UNDERSCORELESS_SPLIT_RE
    parts = plain.split(piece)
    accent = _ACCENT_RE.search
    for gap in set(parts[0:-1:2]):
        if gap.endswith((".", ",", ":")) or accent(gap) is not None:
            return _WORD_SPLIT_RE.split(piece), False
    if accent(parts[-1]) is not None:
        return _WORD_SPLIT_RE.split(piece), False
    return parts, True


def _keys(text: str, starts: list[int], ends: list[int]) -> list[str]:
    """The words at ``starts``/``ends`` of ``text`` normalised."""
    lowered = normalise_word(text)
    # Slicing the lower-cased text is much faster than normalising word by word; it is only
    # valid when lower-casing kept every offset (it can grow a string: "İ" -> "i̇") and did not
    # depend on context (a capital sigma lowers to "ς" or "σ" by its neighbours).
    if len(lowered) == len(text) and "Σ" not in text:
        return list(map(lowered.__getitem__, map(slice, starts, ends)))
    return [normalise_word(text[start:end]) for start, end in zip(starts, ends, strict=True)]


def _normalise_marked(
    text: str, starts: list[int], ends: list[int], words: list[str], keys: list[str]
) -> None:
    """Normalise in ``keys`` (the ``words`` lower-cased) each word holding a curly apostrophe
    or a Unicode hyphen, found where the text holds one (a few hundred places at most, not a
    test per word; one in a gap, a closing quotation mark, belongs to no word)."""
    done = -1
    for match in _NORMALISED_RE.finditer(text, starts[0], ends[-1]):
        at = match.start()
        index = bisect_right(starts, at) - 1
        if index != done and at < ends[index]:
            keys[index] = normalise_word(words[index])
            done = index


def word_table(text: str, sentences: Sequence[Span]) -> WordTable:
    """Tokenise ``text`` within each of its ``sentences`` by the product's word rule.

    Words outside every sentence (there are none for :func:`split_sentences`, which covers all
    the text but whitespace) are left out.
    """
    if not sentences:
        return WordTable([], [], [], [], [], [])
    # One pass over the whole text: a word never straddles two sentences, which are separated
    # by whitespace, so matching the whole text finds the same words as matching each sentence.
    parts, plain = split_words(text, sentences[0].start, sentences[-1].end)
    starts, ends = _offsets(parts, sentences[0].start)
    holds_all = True  # every match is in a sentence (always so for split_sentences)
    if not starts:
        return WordTable([], [], [], [], [], [0] * len(sentences))
    # Each sentence's words by two bisections (C speed), not one look-up per word; when the
    # sentences leave words out (never for split_sentences), per word instead.
    lengths = [bisect_left(starts, s.end) - bisect_left(starts, s.start) for s in sentences]
    if sum(lengths) == len(starts):
        owner = list(chain.from_iterable(map(repeat, range(len(lengths)), lengths)))
    else:
        holds_all = False  # some matches are left out: the table cannot hand them on
        sentence_starts = [sentence.start for sentence in sentences]
        owner = [bisect_right(sentence_starts, start) - 1 for start in starts]
        keep = [
            i for i, (start, index) in enumerate(zip(starts, owner, strict=True))
            if start < sentences[index].end
        ]
        starts = [starts[i] for i in keep]
        ends = [ends[i] for i in keep]
        owner = [owner[i] for i in keep]
    words = parts[1::2]
    if holds_all:
        keys = list(map(str.lower, words))  # what normalising a word is (C speed), but for
        if any(map(text.__contains__, _NORMALISED)):  # a word holding one of these
            _normalise_marked(text, starts, ends, words, keys)
    else:
        keys = _keys(text, starts, ends)
    initial = list(map(ne, owner, chain((-1,), owner)))
    if not holds_all:
        return WordTable(starts, ends, keys, owner, initial, lengths)
    # The matches' words and gaps are kept as two lists of strings (no pair per word): strings
    # are no work for the garbage collector, thousands of live tuples are.
    return WordTable(starts, ends, keys, owner, initial, lengths,
                     _words=words, _gaps=parts[0:-1:2], plain=plain)  # fmt: skip
