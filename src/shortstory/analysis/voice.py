"""Character voice: how distinct each speaker sounds, against the narration and each other.

Who says each line is :mod:`.speakers.attribution`'s job; this module scores the speakers.

**Distinctiveness** (0–100) of a speaker's dialogue against a comparison text (the narration,
and the other speakers' lines together), the weighted sum of four distances, each 0–1:

==============  ======  ===============================================================
vocabulary      0.40    1 − cosine similarity of the two word-frequency vectors
sentence length 0.20    \\|a − b\\| / max(a, b) of the mean words per sentence
punctuation     0.25    mean over ? ! — … and contractions (rates per sentence or word)
                        of \\|a − b\\| / (a + b)
signature words 0.15    min(1, n / 3), n = content words the speaker uses twice or more at
                        three times the comparison's rate or more
==============  ======  ===============================================================

A speaker's score is the mean of the two (or the narration score alone when nobody else
speaks). Under :data:`MIN_WORDS` words of dialogue, the score is reported but marked
``confident = False``: short samples look distinct by chance.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import contains, mul

from shortstory.analysis.reading import Reading
from shortstory.analysis.sentences import Span, split_sentences
from shortstory.analysis.speakers.attribution import DialogueLine, attribute_dialogue
from shortstory.analysis.speakers.names import NARRATOR, CharacterRef, character_refs
from shortstory.analysis.vocabulary import FUNCTION_WORDS
from shortstory.analysis.word_table import WordTable, word_table
from shortstory.analysis.words import WORD_RE, iter_words, normalise_word

__all__ = [
    "MIN_WORDS",
    "NARRATOR",
    "CharacterRef",
    "DialogueLine",
    "SpeakerVoice",
    "VoiceReport",
    "analyze_voice",
    "attribute_dialogue",
    "character_refs",
]

MIN_WORDS = 40
_QUOTE_MARKS = "\"'“”‘’«»„"
_PUNCTUATION_HABITS = ("questions", "exclamations", "dashes", "ellipses", "contractions")
_WEIGHTS = {"vocabulary": 0.40, "sentence_length": 0.20, "punctuation": 0.25, "signature": 0.15}


@dataclass(frozen=True, slots=True)
class SpeakerVoice:
    """How distinct one speaker's dialogue is, with the measures behind the score."""

    name: str
    lines: int
    words: int
    score: int
    vs_narration: int
    vs_speakers: int | None
    confident: bool
    signature_words: tuple[str, ...]
    reason: str
    habits: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "name": self.name,
            "lines": self.lines,
            "words": self.words,
            "score": self.score,
            "vs_narration": self.vs_narration,
            "vs_speakers": self.vs_speakers,
            "confident": self.confident,
            "signature_words": list(self.signature_words),
            "reason": self.reason,
            "habits": dict(self.habits),
        }


@dataclass(frozen=True, slots=True)
class VoiceReport:
    """Every dialogue line with its speaker, and each speaker's distinctiveness."""

    lines: list[DialogueLine]
    speakers: list[SpeakerVoice]

    @property
    def attributed_share(self) -> float:
        """The share of lines with a speaker (1.0 when there is no dialogue)."""
        if not self.lines:
            return 1.0
        return sum(line.speaker is not None for line in self.lines) / len(self.lines)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "lines": [line.to_dict() for line in self.lines],
            "speakers": [speaker.to_dict() for speaker in self.speakers],
            "attributed_share": round(self.attributed_share, 3),
        }


# --- distinctiveness -------------------------------------------------------------------------


@dataclass(slots=True)
class _Sample:
    words: list[str]
    sentences: int
    habits: dict[str, float]
    _counts: Counter[str] | None = None
    _norm: float | None = None

    @property
    def counts(self) -> Counter[str]:
        """Word frequencies, counted once (the narration is compared with every speaker)."""
        if self._counts is None:
            self._counts = Counter(self.words)
        return self._counts

    @property
    def norm(self) -> float:
        """The length of the word-frequency vector, worked out once too."""
        if self._norm is None:
            counts = list(self.counts.values())
            self._norm = math.sqrt(sum(map(mul, counts, counts)))  # C-speed, exact (integers)
        return self._norm


def _sample(texts: Iterable[str]) -> _Sample:
    words: list[str] = []
    sentences = 0
    counts = dict.fromkeys(_PUNCTUATION_HABITS, 0)
    for text in texts:
        inner = text.strip().strip(_QUOTE_MARKS)
        lowered = normalise_word(inner)
        sliceable = len(lowered) == len(inner) and "Σ" not in inner  # see word_table
        for sentence in split_sentences(inner):
            sentence_words = [
                lowered[m.start() : m.end()] if sliceable else normalise_word(m.group())
                for m in WORD_RE.finditer(inner, sentence.start, sentence.end)
            ]
            if not sentence_words:
                continue
            sentences += 1
            words.extend(sentence_words)
            counts["questions"] += "?" in sentence.text
            counts["exclamations"] += "!" in sentence.text
            counts["dashes"] += sentence.text.count("—") + sentence.text.count("–")
            counts["ellipses"] += sentence.text.count("…") + sentence.text.count("...")
            counts["contractions"] += sum("'" in word for word in sentence_words)
    habits = {
        name: round(value / max(1, len(words) if name == "contractions" else sentences), 4)
        for name, value in counts.items()
    }
    return _Sample(words, sentences, habits)


def _cosine_distance(speaker: _Sample, other: _Sample) -> float:
    a, b = speaker.counts, other.counts
    if not a or not b:
        return 1.0
    dot = sum(count * b[word] for word, count in a.items() if word in b)
    return 1.0 - dot / (speaker.norm * other.norm)


def _signature(speaker: _Sample, other_sample: _Sample, names: frozenset[str]) -> list[str]:
    # The counts sum to the words: no need to add them up again for every speaker.
    total_s = len(speaker.words) or 1
    total_o = len(other_sample.words) or 1
    other = other_sample.counts
    found = [
        (count, word)
        for word, count in speaker.counts.items()
        if count >= 2
        and word not in FUNCTION_WORDS
        and word not in names
        and count / total_s >= 3 * (other.get(word, 0) + 0.5) / total_o
    ]
    return [word for _, word in sorted(found, key=lambda item: (-item[0], item[1]))[:5]]


def _distance(speaker: _Sample, other: _Sample, names: frozenset[str]) -> tuple[float, list[str]]:
    if not other.words:
        return 0.0, []
    vocabulary = _cosine_distance(speaker, other)
    s_len = len(speaker.words) / max(1, speaker.sentences)
    o_len = len(other.words) / max(1, other.sentences)
    length = abs(s_len - o_len) / max(s_len, o_len, 1.0)
    punctuation = sum(
        abs(speaker.habits[h] - other.habits[h]) / (speaker.habits[h] + other.habits[h])
        for h in _PUNCTUATION_HABITS
        if speaker.habits[h] + other.habits[h] > 0
    ) / len(_PUNCTUATION_HABITS)
    signature = _signature(speaker, other, names)
    score = (
        _WEIGHTS["vocabulary"] * vocabulary
        + _WEIGHTS["sentence_length"] * length
        + _WEIGHTS["punctuation"] * punctuation
        + _WEIGHTS["signature"] * min(1.0, len(signature) / 3)
    )
    return score, signature


def _reason(name: str, speaker: _Sample, narration: _Sample, signature: Sequence[str]) -> str:
    parts: list[str] = []
    s_len = len(speaker.words) / max(1, speaker.sentences)
    n_len = len(narration.words) / max(1, narration.sentences) if narration.words else 0.0
    if n_len and abs(s_len - n_len) / max(s_len, n_len) >= 0.3:
        kind = "short" if s_len < n_len else "long"
        parts.append(f"{kind} sentences ({s_len:.0f} words vs {n_len:.0f} in narration)")
    labels = {"questions": "asks questions", "exclamations": "exclaims", "dashes": "breaks off",
              "ellipses": "trails off", "contractions": "uses contractions"}
    for habit, label in labels.items():
        mine, theirs = speaker.habits[habit], narration.habits.get(habit, 0.0)
        if mine > 0 and mine >= 2 * theirs + 0.05:
            parts.append(f"{label} more than the narration")
            break
    if signature:
        parts.append("signature words: " + ", ".join(signature[:3]))
    if not parts:
        return f"{name} sounds much like the narration"
    return f"{name}: " + "; ".join(parts)


def analyze_voice(
    text: str,
    characters: Iterable[object] | None = None,
    sentences: Sequence[Span] | None = None,
    table: WordTable | None = None,
    reading: Reading | None = None,
) -> VoiceReport:
    """Attribute the dialogue of ``text`` and score each speaker's distinctiveness (0–100).

    :param characters: names, or mappings/objects with ``name`` (and ``pronouns``).
    :param sentences: the text's sentences if already split.
    :param table: their words if already tokenised (:func:`~.word_table.word_table`).
    :param reading: the text's :class:`~.reading.Reading` (sentences, words and speech), if
        made already.
    """
    refs = character_refs(characters)
    lines = attribute_dialogue(text, refs, reading)
    if reading is not None:
        sentences, table = reading.sentences, reading.table
    if sentences is None:
        sentences = split_sentences(text)
    if table is None:
        table = word_table(text, sentences)
    by_speaker: dict[str, list[DialogueLine]] = {}
    for line in lines:
        if line.speaker is not None:
            by_speaker.setdefault(line.speaker, []).append(line)
    narration = _narration_sample(text, lines, table)
    name_keys = frozenset(
        word.lower for name in [*by_speaker, *(r.name for r in refs)] for word in iter_words(name)
    )
    samples = {
        name: _sample(span.text for line in spoken for span in line.spans)
        for name, spoken in by_speaker.items()
    }
    voices: list[SpeakerVoice] = []
    for name, sample in samples.items():
        if not sample.words:
            continue
        others = _Sample([], 0, dict.fromkeys(_PUNCTUATION_HABITS, 0.0))
        other_samples = [s for other, s in samples.items() if other != name and s.words]
        if other_samples:
            others = _merge(other_samples)
        vs_narration, signature = _distance(sample, narration, name_keys)
        vs_speakers = _distance(sample, others, name_keys)[0] if other_samples else None
        parts = [vs_narration] + ([vs_speakers] if vs_speakers is not None else [])
        score = sum(parts) / len(parts)
        voices.append(
            SpeakerVoice(
                name=name,
                lines=len(by_speaker[name]),
                words=len(sample.words),
                score=round(100 * score),
                vs_narration=round(100 * vs_narration),
                vs_speakers=None if vs_speakers is None else round(100 * vs_speakers),
                confident=len(sample.words) >= MIN_WORDS,
                signature_words=tuple(signature),
                reason=_reason(name, sample, narration, signature),
                habits=sample.habits,
            )
        )
    voices.sort(key=lambda voice: (-voice.words, voice.name))
    return VoiceReport(lines, voices)


def _merge(samples: Sequence[_Sample]) -> _Sample:
    words = [word for sample in samples for word in sample.words]
    sentences = sum(sample.sentences for sample in samples)
    habits = {
        h: sum(s.habits[h] * (len(s.words) if h == "contractions" else s.sentences)
               for s in samples) / max(1, len(words) if h == "contractions" else sentences)
        for h in _PUNCTUATION_HABITS
    }
    return _Sample(words, sentences, habits)


def _narration_sample(text: str, lines: Sequence[DialogueLine], table: WordTable) -> _Sample:
    """The narration's words and habits, read off the shared word table (no second split)."""
    quoted = sorted((span.start, span.end) for line in lines for span in line.spans)
    # The words outside dialogue, marked range by range with bisections (C speed, not a test
    # per word): a word is quoted when it starts inside a quoted span.
    outside = bytearray(b"\x01") * len(table.starts)
    for quote_start, quote_end in quoted:
        first = bisect_left(table.starts, quote_start)
        last = bisect_left(table.starts, quote_end)
        outside[first:last] = bytes(max(0, last - first))
    words = list(compress(table.keys, outside))
    sentences = set(compress(table.sentence, outside))
    pieces: list[str] = []
    position = 0
    for start, end in quoted:
        pieces.append(text[position:start])
        position = end
    pieces.append(text[position:])
    narration = "".join(pieces)
    count = max(1, len(sentences))
    habits = {
        "questions": min(count, narration.count("?")) / count,
        "exclamations": min(count, narration.count("!")) / count,
        "dashes": (narration.count("—") + narration.count("–")) / count,
        "ellipses": (narration.count("…") + narration.count("...")) / count,
        # operator.contains: a C function (str.__contains__ is a slot wrapper, 2-3 times slower)
        "contractions": sum(map(contains, words, repeat("'"))) / max(1, len(words)),
    }
    return _Sample(words, len(sentences), {k: round(v, 4) for k, v in habits.items()})
