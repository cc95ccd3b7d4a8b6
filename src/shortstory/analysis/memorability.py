"""Memorability: one 0–100 score from six dimensions, each 0–100 with a one-line reason.

Deterministic: the same text (and the same clichés and voice report) always scores the same.
W is the number of words, C the content words (not :data:`~shortstory.analysis.repetition.
FUNCTION_WORDS`, at least one letter), S the sentences.

================  ======  =======================================================================
dimension         weight  score (each part clamped to 0–1 before weighting)
================  ======  =======================================================================
specificity       0.20    100·(p − 0.12)/0.30 − 8·v; p = share of C that are precise (Zipf < 4.5
                          by :func:`~.vocabulary.zipf`, a number, or capitalised mid-sentence),
                          v = vague words per 100 words
                          (thing, stuff, very, really, somehow, suddenly…)
sensory detail    0.20    75·min(1, d/3) + 5·min(5, k); d = words of :data:`SENSORY_WORDS` per
                          100 words, k = how many of the five senses appear
voice             0.15    with dialogue: 0.6·(speakers' distinctiveness, weighted by words) +
                          0.4·narration; narration = 100·(MATTR − 0.55)/0.25 + 10 per simile
                          ("like a", "as if", "as though") per 1,000 words, capped
surprise / turn   0.15    50·t + 50·n; t = r_late / (1.5·max(r_early, 0.5)), r = turn markers
                          (but, instead, until, realised, never, after all…) per 100 words in
                          the last 40 % of the sentences and before them; n = (q − 0.6)/0.45,
                          q = the share of the last third's content-word types that are new,
                          over the same share for the middle third (vocabulary grows ever more
                          slowly in prose, so q > 1 marks an ending that goes somewhere new)
sentence variety  0.15    60·min(1, cv/0.55) + 40·min(1, o/0.8); cv = stdev/mean of sentence
                          lengths, o = 1 − (share of sentences opening with the commonest word)
cliché density    0.15    100 − 25·c; c = clichés per 1,000 words, weighted by severity
                          (high 1.5, medium 1, low 0.5)
================  ======  =======================================================================

The overall score is the weighted sum, rounded. MATTR is the moving-average type-token ratio
over 50-word windows (the whole text's ratio if shorter). Texts under 60 words get scores, but
``confident`` is False.
"""

from __future__ import annotations

import statistics
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, repeat
from operator import not_

import numpy as np
import numpy.typing as npt

from shortstory.analysis.cliches import ClicheMatch, find_cliches
from shortstory.analysis.sentences import Span, split_sentences
from shortstory.analysis.vocabulary import FUNCTION_WORDS, zipf
from shortstory.analysis.voice import VoiceReport, analyze_voice
from shortstory.analysis.word_table import (
    WordTable,
    key_counts,
    key_ids,
    mid_sentence_capitals,
    word_table,
)

WEIGHTS = {
    "specificity": 0.20,
    "sensory_detail": 0.20,
    "voice": 0.15,
    "surprise": 0.15,
    "sentence_variety": 0.15,
    "cliche_density": 0.15,
}
MIN_CONFIDENT_WORDS = 60
MATTR_WINDOW = 50

_SENSES_TEXT = {
    "sight": """
        red blue green yellow grey gray black white silver golden gold amber crimson scarlet
        violet purple pale dark bright dim glow glowed glowing gleam gleamed glint glinted
        glitter shimmer shimmered flicker flickered flickering shadow shadows shadowed light
        lit blaze blazing sparkle shine shone shining haze hazy blur blurred rust rusted
        stain stained freckled speckled striped faded colour color colours colors""",
    "sound": """
        sound sounds noise hum hummed humming buzz buzzed whisper whispered rustle rustled
        creak creaked creaking crack cracked thud thudded clatter clattered clang clanged
        ring rang ringing rattle rattled hiss hissed roar roared murmur murmured echo echoed
        echoing silence silent quiet loud shriek shrieked squeal squealed click clicked tick
        ticked ticking bang banged thunder drone droned chime chimed splash splashed crunch
        crunched whistle whistled howl howled""",
    "smell": """
        smell smelled smelt smells scent scented odour odor stink stank stench reek reeked
        fragrance fragrant perfume musty musk smoke smoky sour rot rotting rotten mildew
        sniff sniffed aroma diesel tar brine pine""",
    "taste": """
        taste tasted tastes salt salty sweet bitter sour tang tangy sugar honey vinegar
        bland spicy savory savoury metallic flavour flavor licked lick tongue swallowed""",
    "touch": """
        cold warm hot cool icy damp wet dry rough smooth soft hard sharp sticky slick
        slippery gritty grit velvet silk silken prickle prickled itch itched sting stung
        numb ache ached aching throb throbbed heavy weight brittle greasy clammy coarse
        callused calloused shiver shivered burn burned burnt chill chilled""",
}
SENSORY_WORDS: dict[str, str] = {
    word: sense for sense, words in _SENSES_TEXT.items() for word in words.split()
}
"""Word -> the sense it appeals to (a small, hand-picked lexicon; lower case)."""

_VAGUE_TEXT = """
    thing things something stuff very really somehow somewhat basically literally suddenly
    nice good bad beautiful amazing incredible awesome lovely great totally quite certain
    various
"""
VAGUE_WORDS = frozenset(_VAGUE_TEXT.split())
"""Words that stand in for a precise one."""

_TURN_TEXT = """
    but instead until unless except yet although though however realised realized
    discovered understood never nothing wrong twist turned only after all truth lie lied
    secret revealed
"""
TURN_MARKERS = frozenset(_TURN_TEXT.split())
"""Words that mark a reversal, a discovery or a contrast."""

_SIMILE_OPENERS = ("like a", "like an", "like the", "as if", "as though")
_SEVERITY_WEIGHTS = {"high": 1.5, "medium": 1.0, "low": 0.5}


@dataclass(frozen=True, slots=True)
class Dimension:
    """One dimension of memorability: its score (0–100), weight and a one-line reason."""

    name: str
    score: int
    weight: float
    reason: str

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {"name": self.name, "score": self.score, "weight": self.weight,
                "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Memorability:
    """The overall score (0–100) and its six dimensions."""

    score: int
    dimensions: tuple[Dimension, ...]
    confident: bool

    def dimension(self, name: str) -> Dimension:
        """The dimension called ``name``."""
        for item in self.dimensions:
            if item.name == name:
                return item
        raise KeyError(name)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "score": self.score,
            "confident": self.confident,
            "dimensions": [item.to_dict() for item in self.dimensions],
        }


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def _score(value: float) -> int:
    return round(max(0.0, min(100.0, value)))


@dataclass(slots=True)
class _Text:
    keys: list[str]
    ids: npt.NDArray[np.int64]  # the keys numbered (:func:`~.word_table.key_ids`)
    counts: Counter[str]  # each distinct key's occurrences
    sentence_of: list[int]
    sentence_lengths: list[int]  # of sentences holding words
    openers: list[str]
    content: list[str]  # the content words, in order
    content_counts: Counter[str]
    names: Counter[str]  # the words capitalised mid-sentence


def _prepare(text: str, table: WordTable) -> _Text:
    keys = table.keys
    # Per distinct word where the order does not matter: a text repeats most of its words.
    counts = key_counts(table)
    is_content = dict(zip(counts, map(_content_word, counts), strict=True))
    content = list(compress(keys, map(is_content.__getitem__, keys)))
    # The content words' counts are the key counts of the content keys, in the same order (of
    # first occurrence): picked per distinct key rather than counted again word by word.
    content_counts = Counter(dict(compress(counts.items(), is_content.values())))
    return _Text(
        keys=keys,
        ids=key_ids(table),
        counts=counts,
        sentence_of=table.sentence,
        sentence_lengths=[length for length in table.sentence_lengths if length],
        openers=list(compress(keys, table.initial)),
        content=content,
        content_counts=content_counts,
        names=mid_sentence_capitals(text, table),
    )


@lru_cache(maxsize=65_536)
def _content_word(key: str) -> bool:
    """Whether a key is a content word: no function word, and holding a letter (remembered
    from text to text, like the next: a story's beats share most of their words)."""
    return key not in FUNCTION_WORDS and (key.isalpha() or any(ch.isalpha() for ch in key))


@lru_cache(maxsize=65_536)
def _precise_word(key: str) -> bool:
    """Whether a content word is precise wherever it stands: a number or a rare word."""
    number = not key.isalpha() and any(ch.isdigit() for ch in key)
    return number or zipf(key) < 4.5


def _precise_count(content_counts: Counter[str], names: Counter[str]) -> int:
    """How many content words are precise: a number or a rare word anywhere, a common word
    only where it is a name (capitalised mid-sentence)."""
    keys, counts = list(content_counts), list(content_counts.values())
    flags = list(map(_precise_word, keys))
    common = compress(keys, map(not_, flags))
    return sum(compress(counts, flags)) + sum(map(names.get, common, repeat(0)))


def _specificity(data: _Text) -> Dimension:
    total = max(1, len(data.keys))
    precise = _precise_count(data.content_counts, data.names)
    share = precise / max(1, len(data.content))
    vague = sum(data.counts[key] for key in VAGUE_WORDS if key in data.counts)
    vague_rate = 100 * vague / total
    score = _score(100 * _clamp((share - 0.12) / 0.30) - 8 * vague_rate)
    reason = f"{share:.0%} of content words are precise (rare words, names, numbers)"
    reason += f"; {vague} vague word{'s' if vague != 1 else ''}" if vague else "; nothing vague"
    return Dimension("specificity", score, WEIGHTS["specificity"], reason)


def _sensory(data: _Text) -> Dimension:
    total = max(1, len(data.keys))
    senses: Counter[str] = Counter()
    counts = data.counts
    for key in filter(SENSORY_WORDS.__contains__, counts):  # in the counts' order, at C speed
        senses[SENSORY_WORDS[key]] += counts[key]
    density = 100 * sum(senses.values()) / total
    score = _score(75 * min(1.0, density / 3) + 5 * min(5, len(senses)))
    if senses:
        named = ", ".join(sense for sense, _ in senses.most_common())
        reason = f"{density:.1f} sensory words per 100 ({named})"
    else:
        reason = "no sight, sound, smell, taste or touch words"
    return Dimension("sensory_detail", score, WEIGHTS["sensory_detail"], reason)


def _mattr(ids: npt.NDArray[np.int64]) -> float:
    """The moving-average type-token ratio of numbered words (:func:`~.word_table.key_ids`):
    the distinct words of each window of :data:`MATTR_WINDOW` words, averaged over every window
    and divided by its size."""
    words = len(ids)
    if not words:
        return 0.0
    if words <= MATTR_WINDOW:
        return len(set(ids.tolist())) / words
    # Summed word by word rather than window by window, at C speed: a word counts as new in
    # every window that holds it and not the same word's previous occurrence, that is the
    # windows starting after that occurrence, no later than the word, and no later than the
    # last window. The sum is an integer: the same as counting each window afresh.
    order = np.argsort(ids, kind="stable")
    previous = np.full(words, -1, dtype=np.int64)
    repeats = ids[order[1:]] == ids[order[:-1]]
    previous[order[1:][repeats]] = order[:-1][repeats]
    position = np.arange(words, dtype=np.int64)
    first = np.maximum(position - MATTR_WINDOW + 1, previous + 1)
    last = np.minimum(position, words - MATTR_WINDOW)
    total = int(np.maximum(last - first + 1, 0).sum())
    return total / (words - MATTR_WINDOW + 1) / MATTR_WINDOW


def _voice(text: str, data: _Text, voice: VoiceReport) -> Dimension:
    mattr = _mattr(data.ids)
    lowered = text.lower()
    similes = sum(lowered.count(opener) for opener in _SIMILE_OPENERS)
    simile_rate = 1000 * similes / max(1, len(data.keys))
    narration = _clamp((mattr - 0.55) / 0.25) * 100 + min(20.0, 10 * simile_rate)
    narration = min(100.0, narration)
    speakers = [s for s in voice.speakers if s.words]
    if speakers:
        weight = sum(s.words for s in speakers)
        spoken = sum(s.score * s.words for s in speakers) / weight
        score = _score(0.6 * spoken + 0.4 * narration)
        reason = (f"{len(speakers)} speaker{'s' if len(speakers) != 1 else ''}, "
                  f"distinctiveness {spoken:.0f}; narration word variety {mattr:.2f}")
    else:
        score = _score(narration)
        reason = f"no attributed dialogue; narration word variety {mattr:.2f}"
    if similes:
        reason += f", {similes} simile{'s' if similes != 1 else ''}"
    return Dimension("voice", score, WEIGHTS["voice"], reason)


def _surprise(data: _Text) -> Dimension:
    if not data.keys:
        return Dimension("surprise", 0, WEIGHTS["surprise"], "no text to turn")
    late_from = int((data.sentence_of[-1] + 1) * 0.6)
    # Words come in sentence order: the late part starts at the first word of sentence
    # ``late_from``.
    boundary = bisect_left(data.sentence_of, late_from)
    late, early = len(data.keys) - boundary, boundary
    late_turns = sum(map(TURN_MARKERS.__contains__, data.keys[boundary:]))
    early_turns = sum(map(TURN_MARKERS.__contains__, data.keys[:boundary]))
    late_rate = 100 * late_turns / max(1, late)
    early_rate = 100 * early_turns / max(1, early)
    turn = _clamp(late_rate / (1.5 * max(early_rate, 0.5)))
    content = data.content
    first, middle, last = (
        set(part)
        for part in (content[: len(content) // 3],
                     content[len(content) // 3 : 2 * len(content) // 3],
                     content[2 * len(content) // 3 :])
    )
    middle_new = len(middle - first) / len(middle) if middle else 0.0
    last_new = len(last - first - middle) / len(last) if last else 0.0
    ratio = last_new / middle_new if middle_new else 0.0
    novelty = _clamp((ratio - 0.6) / 0.45)
    score = _score(50 * turn + 50 * novelty)
    reason = (f"turn markers {late_rate:.1f} per 100 words in the last 40% vs {early_rate:.1f} "
              f"before; the ending brings {last_new:.0%} new words ({ratio:.2f}× the middle's)")
    return Dimension("surprise", score, WEIGHTS["surprise"], reason)


def _variety(data: _Text) -> Dimension:
    lengths = data.sentence_lengths
    if not lengths:
        return Dimension("sentence_variety", 0, WEIGHTS["sentence_variety"], "no sentences")
    mean = statistics.fmean(lengths)
    cv = statistics.pstdev(lengths) / mean if mean else 0.0
    opener, count = Counter(data.openers).most_common(1)[0]
    openings = 1 - count / len(data.openers)
    score = _score(60 * min(1.0, cv / 0.55) + 40 * min(1.0, openings / 0.8))
    reason = f"sentence lengths vary by {cv:.0%} around {mean:.0f} words"
    if count > 1:
        reason += f"; {count / len(data.openers):.0%} open with “{opener}”"
    return Dimension("sentence_variety", score, WEIGHTS["sentence_variety"], reason)


def _cliche_density(data: _Text, cliches: Sequence[ClicheMatch]) -> Dimension:
    weighted = sum(_SEVERITY_WEIGHTS.get(match.severity, 1.0) for match in cliches)
    per_thousand = 1000 * weighted / max(1, len(data.keys))
    score = _score(100 - 25 * per_thousand)
    if cliches:
        reason = f"{len(cliches)} cliché{'s' if len(cliches) != 1 else ''}"
        reason += f" ({per_thousand:.1f} weighted per 1,000 words)"
    else:
        reason = "no clichés found"
    return Dimension("cliche_density", score, WEIGHTS["cliche_density"], reason)


def score_memorability(
    text: str,
    cliches: Sequence[ClicheMatch] | None = None,
    voice: VoiceReport | None = None,
    sentences: Sequence[Span] | None = None,
    table: WordTable | None = None,
) -> Memorability:
    """Score ``text`` for memorability (module docstring for the formula).

    :param cliches: the text's clichés if already found (else found here).
    :param voice: the text's voice report if already built (else built here, no cast known).
    :param sentences: the text's sentences if already split.
    :param table: their words if already tokenised (:func:`~.word_table.word_table`).
    """
    if sentences is None:
        sentences = split_sentences(text)
    if cliches is None:
        cliches = find_cliches(text)
    if voice is None:
        voice = analyze_voice(text)
    if table is None:
        table = word_table(text, sentences)
    data = _prepare(text, table)
    dimensions = (
        _specificity(data),
        _sensory(data),
        _voice(text, data, voice),
        _surprise(data),
        _variety(data),
        _cliche_density(data, cliches),
    )
    overall = round(sum(d.score * d.weight for d in dimensions))
    return Memorability(overall, dimensions, confident=len(data.keys) >= MIN_CONFIDENT_WORDS)
