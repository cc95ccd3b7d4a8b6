"""Sentences a story already told, dropped from a model's new passage.

A model asked to continue a story often copies it, or says again what one earlier sentence
said in other words; a reader notices. A sentence whose 5-word shingles were mostly told before,
or whose meaningful words mostly come from one earlier sentence, is dropped. The story told so
far is a :class:`StoryMemory` kept beat by beat, so checking a beat takes time with the beat's
length, not the story's; and a beat's sentences are read once for the check and for the memory
that keeps it (:func:`_sentences_told`).
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from collections.abc import Iterable

from shortstory.analysis.sentences import Span
from shortstory.analysis.vocabulary import FUNCTION_WORDS
from shortstory.writers.judge import replace_spans
from shortstory.writers.prose_reading import reading, sentence_words, tidy

REPEAT_SHINGLE = 5
"""Words per shingle when telling a repeated sentence from a new one."""
REPEAT_SHARE = 0.6
"""A sentence whose shingles were mostly seen before in the story is a repeat."""
ECHO_SHARE = 0.8
"""A sentence whose content words mostly come from one earlier sentence is a repeat too."""
ECHO_MIN_WORDS = 4

Shingle = tuple[str, ...]


def _shingles_of(tokens: list[str]) -> frozenset[Shingle]:
    if len(tokens) < REPEAT_SHINGLE:
        return frozenset({tuple(tokens)}) if tokens else frozenset()
    # Each run of REPEAT_SHINGLE words, made by zip at C speed.
    return frozenset(zip(*[tokens[i:] for i in range(REPEAT_SHINGLE)], strict=False))


class StoryMemory:
    """What a story has told: its 5-word shingles and each sentence's content words, indexed by
    word. A writer keeps one as beats are kept, so checking a new beat for repeats takes time
    with the beat's length, not the story's."""

    def __init__(self, passages: Iterable[str] = ()) -> None:
        self._shingles: set[Shingle] = set()
        self._sentences: list[frozenset[str]] = []
        self._by_word: defaultdict[str, list[int]] = defaultdict(list)
        for passage in passages:
            self.add(passage)

    def add(self, passage: str) -> None:
        """Remember ``passage`` as told."""
        shingles, said = _told(passage)
        self._shingles |= shingles
        for words in said:
            self.add_sentence((), words)

    def add_source(self, source: str) -> None:
        """Remember ``source``'s wording only (a premise may be named, not pasted)."""
        self._shingles |= _told(source)[0]

    def add_sentence(self, shingles: Iterable[Shingle], words: frozenset[str]) -> None:
        """Remember one sentence: its shingles and its content ``words``."""
        self._shingles.update(shingles)
        index = len(self._sentences)
        self._sentences.append(words)
        by_word = self._by_word
        for word in words:
            by_word[word].append(index)

    def told(self, shingles: frozenset[Shingle]) -> frozenset[Shingle]:
        """Those of ``shingles`` told before."""
        return shingles.intersection(self._shingles)

    def echoes(self, words: frozenset[str]) -> bool:
        """Whether a sentence of ``words`` mostly says again what one told sentence said."""
        if len(words) < ECHO_MIN_WORDS or not self._sentences:
            return False
        need = ECHO_SHARE * len(words)
        # A sentence sharing `need` of the words holds one of any len - ceil(need) + 1 of
        # them: only the sentences holding the rarest few are compared. Words never told are
        # the rarest and hold none.
        spare = len(words) - math.ceil(need) + 1
        by_word = self._by_word
        known = words & by_word.keys()
        rare_known = spare - (len(words) - len(known))
        if rare_known <= 0:
            return False
        rarest = sorted(known, key=lambda word: len(by_word[word]))[:rare_known]
        candidates = set().union(*map(by_word.__getitem__, rarest))
        told = self._sentences
        return max(map(len, map(words.intersection, map(told.__getitem__, candidates)))) >= need


def drop_repeats(text: str, earlier: Iterable[str],
                 sources: Iterable[str] = (), story: StoryMemory | None = None,
                 instructions: Iterable[str] = ()) -> tuple[str, int]:
    """``text`` without the sentences the story already told (here, in ``earlier`` or in
    ``story``, the memory of passages a caller keeps), and how many were dropped. A model asked
    to continue a story often copies it; a reader notices. ``sources`` (the premise, the beat's
    summary) count only when copied word for word: a sentence may name their people and
    things, not paste them. ``instructions`` are our own words about the writing (a beat's
    purpose: "a first attempt fails or costs more than expected"): a sentence sharing any
    five-word run with them is the instruction, not the story."""
    here = StoryMemory(earlier)
    for source in sources:
        here.add_source(source)
    # The memories' shingles themselves (``here``'s grows as sentences are kept): a sentence's
    # shingles told before are those not left when every memory's are taken away.
    told = (here._shingles,) if story is None else (here._shingles, story._shingles)
    ours = _instruction_shingles(tuple(instructions))
    cuts: list[tuple[int, int, str]] = []
    kept = 0
    for sentence, length, shingles, mine in _sentences_told(text):
        if ((shingles and (len(shingles) - len(shingles.difference(*told))) / len(shingles)
             >= REPEAT_SHARE)
                or (length >= REPEAT_SHINGLE and not ours.isdisjoint(shingles))
                or here.echoes(mine) or (story is not None and story.echoes(mine))):
            cuts.append((sentence.start, sentence.end, ""))
            continue
        kept += 1
        here.add_sentence(shingles, mine)
    if not cuts:
        return text, 0
    if not kept:  # a continuation that copies the story whole adds nothing to it
        return "", len(cuts)
    return tidy(replace_spans(text, cuts)), len(cuts)


@functools.lru_cache(maxsize=64)
def _sentences_told(
        text: str) -> tuple[tuple[Span, int, frozenset[Shingle], frozenset[str]], ...]:
    """Each sentence of ``text`` with its word count, shingles and content words: read once
    for the repeat check and for the memory that then keeps the beat."""
    return tuple((sentence, len(tokens), _shingles_of(tokens),
                  frozenset(tokens).difference(FUNCTION_WORDS))
                 for sentence, tokens in sentence_words(text))


@functools.lru_cache(maxsize=32)
def _instruction_shingles(instructions: tuple[str, ...]) -> frozenset[Shingle]:
    return frozenset().union(*(_told(instruction)[0] for instruction in instructions))


@functools.lru_cache(maxsize=256)
def _told(passage: str) -> tuple[frozenset[Shingle], tuple[frozenset[str], ...]]:
    """A passage's shingles (runs across its sentences too) and each sentence's content words:
    each passage is read once.

    A run with no sentence end inside lies in a sentence of five words or more, whose runs the
    check has made already (:func:`_sentences_told`); only those that cross an end are made
    here, four at each end, from the eight words around it."""
    table = reading(passage).table
    lengths = table.sentence_lengths
    words = table.keys[:sum(lengths)]  # the sentences' words, in order
    sentences = _sentences_told(passage)
    if len(sentences) < 2 or len(words) < REPEAT_SHINGLE:
        return _shingles_of(words), tuple(mine for *_, mine in sentences)
    crossing: list[Shingle] = []
    end = 0
    for length in lengths[:-1]:
        end += length
        around = words[max(0, end - REPEAT_SHINGLE + 1):end + REPEAT_SHINGLE - 1]
        crossing += zip(*[around[i:] for i in range(REPEAT_SHINGLE)], strict=False)
    inside = [shingles for _, length, shingles, _ in sentences if length >= REPEAT_SHINGLE]
    return frozenset(crossing).union(*inside), tuple(mine for *_, mine in sentences)
