"""Character voice: who says each line of dialogue, and how distinct each speaker sounds.

**Attribution.** A *line* is the quoted speech of one paragraph (dialogue spans from
:func:`~shortstory.analysis.dialogue.dialogue_spans`; a paragraph holds one speaker, as prose
convention has it). Its speaker is found, in this order:

1. ``tag`` — a said-tag in the paragraph's narration: ``Maren said`` / ``said Maren`` /
   ``Maren quietly said`` (any of :data:`SPEECH_VERBS`, past or present). The tag nearest the
   speech wins, if within :data:`TAG_REACH` of it. A name is a run of capitalised words; with
   ``characters`` given, any word of a character's name stands for the whole name ("Holt" →
   "Maren Holt"). An unnamed speaker is known by a role: ``said the boss``, ``my aunt said``
   (a determiner and a noun).
2. ``pronoun`` — ``she said`` / ``said he`` / ``I said``: the nearest named referent before the
   line (within :data:`REFERENT_REACH`) whose pronouns fit, else simply the nearest; ``I`` and
   ``we`` are the narrator. Pronouns come from ``characters``, else from titles and roles (Mr.,
   Miss, the girl) or the text itself (a name followed by "he"/"his" or "she"/"herself" before
   any other name).
3. ``beat`` — no tag, but the paragraph's narration names a speaker or opens with a pronoun
   ("Maren set down the cup. “Well?”").
4. ``alternation`` — in a run of consecutive dialogue paragraphs, an untagged line goes to the
   other party of a two-person exchange (A, B, ? → A), looking back first, then ahead.

Otherwise the line stays unattributed (``speaker`` is None).

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
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from shortstory.analysis.dialogue import dialogue_spans
from shortstory.analysis.sentences import Span, split_paragraphs, split_sentences
from shortstory.analysis.vocabulary import FUNCTION_WORDS
from shortstory.analysis.word_table import WordTable, span_dict, word_table
from shortstory.analysis.words import WORD_RE, count_words, iter_words, normalise_word

MIN_WORDS = 40
NARRATOR = "narrator"
TAG_REACH = 120
"""How far (in characters) a said-tag may stand from the speech it attributes."""
REFERENT_REACH = 1_200
"""How far back (in characters, about 200 words) a pronoun looks for its named referent."""
ROLE_DETERMINERS = frozenset({"the", "my", "his", "her", "their", "our", "your"})
"""Words before a role noun that make it a speaker: "said the boss", "my aunt said"."""

_SPEECH_VERBS_TEXT = """
said says asked asks replied replies answered answers whispered whispers shouted shouts
yelled yells muttered mutters murmured murmurs called calls cried cries added adds snapped
snaps told tells insisted insists admitted admits began begins continued continues explained
explains repeated repeats sighed sighs laughed laughs breathed breathes hissed hisses growled
growls demanded demands offered offers agreed agrees protested protests pleaded pleads warned
warns wondered wonders mumbled mumbles stammered stammers blurted blurts announced announces
remarked remarks suggested suggests screamed screams spat spits barked barks grunted grunts
corrected corrects interrupted interrupts conceded concedes promised promises piped pipes
quavered quavers sobbed sobs stuttered stutters squeaked squeaks gasped gasps retorted retorts
exclaimed exclaims groaned groans moaned moans giggled giggles chuckled chuckles sneered sneers
snarled snarls bellowed bellows inquired inquires enquired enquires wailed wails urged urges
ordered orders declared declares mused muses ventured ventures faltered falters croaked croaks
drawled drawls rasped rasps teased teases joked jokes scoffed scoffs snorted snorts grumbled
grumbles complained complains objected objects reminded reminds confessed confesses whimpered
whimpers
"""
SPEECH_VERBS = frozenset(_SPEECH_VERBS_TEXT.split())
"""Verbs of a said-tag, past and present."""

_VERB_RE = re.compile(
    r"\b(?:" + "|".join(sorted(SPEECH_VERBS, key=len, reverse=True)) + r")\b"
)
# A title keeps its full stop ("Mr. Woodifield"); any other word ends before one.
_WORD = r"(?:(?:Mr|Mrs|Ms|Mx|Dr|St|Prof|Capt|Col|Sgt|Lt)\.|[^\W\d_][\w'’\-]*)"
_WHO = rf"{_WORD}(?:\s+{_WORD}){{0,2}}"
_WHO_BEFORE_RE = re.compile(rf"(?P<who>{_WHO})\s+(?:\w+ly\s+)?$")
_WHO_AFTER_RE = re.compile(rf"^\s+(?P<who>{_WHO})")
_PRONOUNS = {"i": NARRATOR, "we": NARRATOR, "he": "he", "she": "she", "they": "they"}
_PRONOUN_OPENING_RE = re.compile(r"^\W*(?P<pron>He|She|They|I|We)\b")
_QUOTE_MARKS = "\"'“”‘’«»„"
_PUNCTUATION_HABITS = ("questions", "exclamations", "dashes", "ellipses", "contractions")
_WEIGHTS = {"vocabulary": 0.40, "sentence_length": 0.20, "punctuation": 0.25, "signature": 0.15}


@dataclass(frozen=True, slots=True)
class CharacterRef:
    """A character as the analysers need it: a name and, if known, a subject pronoun."""

    name: str
    pronoun: str | None = None


def character_refs(characters: Iterable[object] | None) -> list[CharacterRef]:
    """Normalise ``characters``: names, mappings or objects with ``.name`` (and ``.pronouns``).

    ``"she/her"`` style pronouns give the subject pronoun ``"she"``.
    """
    refs: list[CharacterRef] = []
    for item in characters or ():
        if isinstance(item, CharacterRef):
            refs.append(item)
            continue
        if isinstance(item, str):
            name, pronouns = item, None
        elif isinstance(item, Mapping):
            name, pronouns = item.get("name"), item.get("pronouns")
        else:
            name, pronouns = getattr(item, "name", None), getattr(item, "pronouns", None)
        if not isinstance(name, str) or not name.strip():
            continue
        pronoun = pronouns.split("/")[0].strip().lower() if isinstance(pronouns, str) else None
        refs.append(CharacterRef(name.strip(), pronoun or None))
    return refs


@dataclass(frozen=True, slots=True)
class DialogueLine:
    """The quoted speech of one paragraph and who says it."""

    spans: tuple[Span, ...]
    speaker: str | None
    attribution: str  # tag | pronoun | beat | alternation | none

    @property
    def start(self) -> int:
        """Offset of the line's first quotation mark."""
        return self.spans[0].start

    @property
    def end(self) -> int:
        """Offset just past the line's last quotation mark."""
        return self.spans[-1].end

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "start": self.start,
            "end": self.end,
            "speaker": self.speaker,
            "attribution": self.attribution,
            "spans": [span_dict(span) for span in self.spans],
        }


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


# --- attribution -----------------------------------------------------------------------------


class _Names:
    """Resolves capitalised words to speaker names, learning names from said-tags."""

    def __init__(self, refs: Sequence[CharacterRef]) -> None:
        self._pattern: re.Pattern[str] | None = None
        self._pattern_size = 0
        self.pronoun_of = {ref.name: ref.pronoun for ref in refs}
        self.by_word: dict[str, str] = {}
        for ref in refs:
            for word in iter_words(ref.name):
                self.by_word.setdefault(word.lower, ref.name)
            self.by_word[normalise_word(ref.name)] = ref.name

    def resolve(self, parts: Sequence[str], learn: bool) -> str | None:
        """The speaker named by capitalised words (``["Maren", "Holt"]``), or None."""
        if not parts:
            return None
        whole = normalise_word(" ".join(parts))
        if whole in self.by_word:
            return self.by_word[whole]
        for part in reversed(parts):
            if normalise_word(part) in self.by_word:
                return self.by_word[normalise_word(part)]
        if not learn:
            return None
        name = " ".join(parts)
        if parts[0].lower() in ROLE_DETERMINERS:
            name = f"{parts[0].lower()} {parts[1].lower()}"
            whole = normalise_word(name)
            if whole in self.by_word:
                return self.by_word[whole]
            self.by_word[whole] = name
            self.pronoun_of.setdefault(name, None)
            return name
        self.by_word[whole] = name
        # "Miss Brill" is later mentioned as "Miss Brill" or "Brill": learn the last word too.
        self.by_word.setdefault(normalise_word(parts[-1]), name)
        self.pronoun_of.setdefault(name, None)
        return name

    def mentions(self, text: str, offset: int) -> list[tuple[int, str]]:
        """Known names mentioned in ``text`` (capitalised), with absolute offsets."""
        if not self.by_word:
            return []
        if self._pattern is None or self._pattern_size != len(self.by_word):
            keys = sorted(self.by_word, key=len, reverse=True)
            alternatives = (r"\s+".join(map(re.escape, key.split())) for key in keys)
            self._pattern = re.compile(
                r"(?<![\w'’\-])(?:" + "|".join(alternatives) + r")(?![\w\-])", re.IGNORECASE
            )
            self._pattern_size = len(self.by_word)
        found: list[tuple[int, str]] = []
        for match in self._pattern.finditer(text):
            mention = match.group()
            key = normalise_word(" ".join(mention.split()))
            # A name is capitalised; a role ("the boss") may be mentioned in any case.
            if mention[0].isupper() or key.split()[0] in ROLE_DETERMINERS:
                name = self.by_word.get(key)
                if name is not None:
                    found.append((offset + match.start(), name))
        return found


@dataclass(slots=True)
class _Paragraph:
    span: Span
    speech: list[Span]
    narration: list[Span]


def _paragraphs(text: str) -> list[_Paragraph]:
    speech = dialogue_spans(text)
    result: list[_Paragraph] = []
    index = 0
    for paragraph in split_paragraphs(text):
        mine: list[Span] = []
        while index < len(speech) and speech[index].start < paragraph.end:
            span = speech[index]
            if span.start >= paragraph.start and not _is_quoted_mention(text, span, paragraph):
                mine.append(span)
            index += 1
        narration: list[Span] = []
        position = paragraph.start
        for span in mine:
            if span.start > position:
                narration.append(Span(position, span.start, text[position : span.start]))
            position = max(position, span.end)
        if position < paragraph.end:
            narration.append(Span(position, paragraph.end, text[position : paragraph.end]))
        result.append(_Paragraph(paragraph, mine, narration))
    return result


_WORD_BEFORE_RE = re.compile(r"([\w'’]+)\s*$")


def _is_quoted_mention(text: str, span: Span, paragraph: Span) -> bool:
    """Whether a short quotation is a name or a title in a sentence, not speech.

    ``a card bearing the name “Mr. James Dillingham Young.”`` or ``hardly looked the
    “Sofronie.”``: the quotation follows a word that is not a speech verb, and is short.
    """
    before = _WORD_BEFORE_RE.search(text, max(paragraph.start, span.start - 40), span.start)
    if before is None or before.group(1).lower() in SPEECH_VERBS:
        return False
    return count_words(span.text) <= 6


def _is_name_word(word: str) -> bool:
    return word[:1].isupper() and normalise_word(word) not in FUNCTION_WORDS


def _who(phrase: str, before: bool) -> tuple[str, list[str]] | None:
    """Read the words beside a speech verb: ("pronoun", [value]) or ("name", words)."""
    words = phrase.split()
    if before and len(words) > 1 and words[-1].lower().endswith("ly"):
        words.pop()  # "Maren quietly said"
    nearest = words[-1] if before else words[0]
    if nearest.lower() in _PRONOUNS and (nearest == "I" or nearest.lower() != "i"):
        return "pronoun", [_PRONOUNS[nearest.lower()]]
    if not before and len(words) > 1 and words[0].islower() and _is_name_word(words[1]):
        words = words[1:]  # "said old Woodifield"
    run: list[str] = []
    for word in reversed(words) if before else words:
        if not _is_name_word(word):
            break
        run.append(word)
    if run:
        return "name", list(reversed(run)) if before else run
    # "said the boss" / "my aunt said": an unnamed speaker known by a role.
    pair = words[-2:] if before else words[:2]
    if (
        len(pair) == 2
        and pair[0].lower() in ROLE_DETERMINERS
        and pair[1].isalpha()
        and pair[1].islower()
        and pair[1] not in FUNCTION_WORDS
        and _is_noun(pair[1])
    ):
        return "name", pair
    return None


@lru_cache(maxsize=4096)
def _is_noun(word: str) -> bool:
    from lemminflect import getAllLemmas  # ships its tables; imported on first use

    lemmas = getAllLemmas(word)
    return "NOUN" in lemmas and "ADJ" not in lemmas  # "the boss", not "the old"


def _tag(paragraph: _Paragraph, names: _Names) -> tuple[str, str, int] | None:
    """The said-tag nearest the speech: (kind, name-or-pronoun, position)."""
    best: tuple[int, str, str, int] | None = None
    anchor = paragraph.speech[0]
    for piece in paragraph.narration:
        for verb in _VERB_RE.finditer(piece.text):
            found: tuple[str, list[str]] | None = None
            before = _WHO_BEFORE_RE.search(piece.text, max(0, verb.start() - 60), verb.start())
            if before is not None:
                found = _who(before.group("who"), before=True)
            if found is None:
                after = _WHO_AFTER_RE.match(piece.text[verb.end() : verb.end() + 60])
                if after is not None:
                    found = _who(after.group("who"), before=False)
            if found is None:
                continue
            kind, value = found
            if kind == "name":
                resolved = names.resolve(value, learn=True)
                if resolved is None:
                    continue
                candidate = ("tag", resolved)
            else:
                candidate = ("pronoun", value[0])
            position = piece.start + verb.start()
            distance = min(abs(position - anchor.end), abs(position - anchor.start))
            if distance > TAG_REACH:
                continue  # "I reminded my uncle…" three sentences before the speech
            if best is None or distance < best[0]:
                best = (distance, candidate[0], candidate[1], position)
    if best is None:
        return None
    return best[1], best[2], best[3]


def _nearest_referent(
    mentions: Sequence[tuple[int, str]], before: int, pronoun: str, names: _Names,
    exclude: str | None = None,
) -> str | None:
    fallback: str | None = None
    for position, name in reversed(mentions):
        if position >= before or name == exclude:
            continue
        if before - position > REFERENT_REACH:
            break  # a name last seen pages ago is not who "she" is
        known = names.pronoun_of.get(name)
        if known is not None and pronoun in {"he", "she", "they"}:
            if known == pronoun:
                return name
            continue
        if fallback is None:
            fallback = name
            if not any(p is not None for p in names.pronoun_of.values()):
                return name
    return fallback


def attribute_dialogue(text: str, characters: Iterable[object] | None = None) -> list[DialogueLine]:
    """Every dialogue line of ``text`` with its speaker (module docstring for the rules)."""
    names = _Names(character_refs(characters))
    paragraphs = _paragraphs(text)
    tags = [_tag(p, names) if p.speech else None for p in paragraphs]  # also learns names
    for index in range(1, len(paragraphs)):
        previous = paragraphs[index - 1]
        if tags[index] is None and paragraphs[index].speech and previous.span.text.endswith(":"):
            # "My aunt said:" closing one paragraph introduces the speech that opens the next.
            end = previous.span.end
            tags[index] = _tag(
                _Paragraph(previous.span, [Span(end, end, "")], previous.narration), names
            )
    mentions: list[tuple[int, str]] = []
    for paragraph in paragraphs:
        for piece in paragraph.narration:
            mentions.extend(names.mentions(piece.text, piece.start))
    mentions.sort()
    _infer_pronouns(text, names, paragraphs, mentions)

    speakers: list[str | None] = []
    methods: list[str] = []
    runs: list[int] = []  # which run of consecutive dialogue paragraphs each line belongs to
    run = 0
    lines_paragraphs: list[_Paragraph] = []
    previous_had_speech = False
    for paragraph, tag in zip(paragraphs, tags, strict=True):
        if not paragraph.speech:
            previous_had_speech = False
            continue
        if not previous_had_speech:
            run += 1
        previous_had_speech = True
        speaker, method = _direct_speaker(paragraph, tag, mentions, names)
        speakers.append(speaker)
        methods.append(method)
        runs.append(run)
        lines_paragraphs.append(paragraph)
    _fill_alternation(speakers, methods, runs)
    return [
        DialogueLine(tuple(p.speech), speaker, method)
        for p, speaker, method in zip(lines_paragraphs, speakers, methods, strict=True)
    ]


# "her" and "him" are left out: they are as often someone else ("Tom looked at her").
_GENDERED_RE = re.compile(r"\b(?:he|she|his|himself|herself)\b", re.IGNORECASE)
_GENDER_OF = {"he": "he", "his": "he", "himself": "he", "she": "she", "herself": "she"}
_TITLE_PRONOUNS = {"mr": "he", "mr.": "he", "sir": "he", "lord": "he", "mrs": "she", "mrs.": "she",
                   "miss": "she", "ms": "she", "ms.": "she", "lady": "she", "madame": "she",
                   "mme": "she", "mme.": "she"}  # fmt: skip
_HE_ROLES = ("boy", "man", "gentleman", "father", "brother", "uncle", "husband", "king", "prince",
             "son")  # fmt: skip
_SHE_ROLES = ("girl", "woman", "lady", "mother", "sister", "aunt", "wife", "queen", "princess",
              "daughter")  # fmt: skip
_ROLE_PRONOUNS = {**dict.fromkeys(_HE_ROLES, "he"), **dict.fromkeys(_SHE_ROLES, "she")}


def _infer_pronouns(
    text: str,
    names: _Names,
    paragraphs: Sequence[_Paragraph],
    mentions: Sequence[tuple[int, str]],
) -> None:
    """Guess "he"/"she" for names without known pronouns, from titles, roles and the text.

    A mention followed, in the same stretch of narration and before any other name, by "he",
    "his", "himself", "she" or "herself" is a vote; a name takes the pronoun when every vote
    agrees, or three in four do.
    """
    for name, pronoun in list(names.pronoun_of.items()):
        if pronoun is None:
            first, last = name.split()[0].lower(), name.split()[-1].lower()
            guess = _TITLE_PRONOUNS.get(first) or (
                _ROLE_PRONOUNS.get(last) if first in ROLE_DETERMINERS else None
            )
            if guess:
                names.pronoun_of[name] = guess
    unknown = {name for name, pronoun in names.pronoun_of.items() if pronoun is None}
    if not unknown:
        return
    votes: dict[str, Counter[str]] = {name: Counter() for name in unknown}
    pieces = sorted((piece.start, piece.end) for p in paragraphs for piece in p.narration)
    piece_starts = [start for start, _ in pieces]
    for index, (position, name) in enumerate(mentions):
        if name not in unknown:
            continue
        piece_end = pieces[bisect_right(piece_starts, position) - 1][1]
        # Up to the next name: a pronoun after another name may be theirs.
        limit = min(piece_end, position + 160)
        if index + 1 < len(mentions):
            limit = min(limit, mentions[index + 1][0])
        pronoun = _GENDERED_RE.search(text, position + 1, limit)
        if pronoun is not None:
            votes[name][_GENDER_OF[pronoun.group().lower()]] += 1
    for name, counter in votes.items():
        if counter:
            pronoun, count = counter.most_common(1)[0]
            if count == sum(counter.values()) or count >= 0.75 * sum(counter.values()):
                names.pronoun_of[name] = pronoun


def _direct_speaker(
    paragraph: _Paragraph,
    tag: tuple[str, str, int] | None,
    mentions: Sequence[tuple[int, str]],
    names: _Names,
) -> tuple[str | None, str]:
    start = paragraph.speech[0].start
    if tag is not None:
        kind, value, position = tag
        if kind == "tag":
            return value, "tag"
        if value == NARRATOR:
            return NARRATOR, "pronoun"
        return _nearest_referent(mentions, min(position, start), value, names), "pronoun"
    for piece in paragraph.narration:
        found = names.mentions(piece.text, piece.start)
        if found:
            return found[0][1], "beat"
    for piece in paragraph.narration:
        opening = _PRONOUN_OPENING_RE.match(piece.text)
        if opening is not None:
            pronoun = _PRONOUNS[opening.group("pron").lower()]
            if pronoun == NARRATOR:
                return NARRATOR, "beat"
            return _nearest_referent(mentions, piece.start, pronoun, names), "beat"
    return None, "none"


def _fill_alternation(speakers: list[str | None], methods: list[str], runs: list[int]) -> None:
    """Give untagged lines of a two-person exchange to the party who did not just speak."""
    for order in (range(len(speakers)), range(len(speakers) - 1, -1, -1)):
        step = 1 if order.step == 1 else -1
        for i in order:
            if speakers[i] is not None:
                continue
            j, k = i - step, i - 2 * step
            if not (0 <= j < len(speakers) and 0 <= k < len(speakers)):
                continue
            if runs[j] != runs[i] or runs[k] != runs[i]:
                continue
            if speakers[j] and speakers[k] and speakers[j] != speakers[k]:
                speakers[i] = speakers[k]
                methods[i] = "alternation"


# --- distinctiveness -------------------------------------------------------------------------


@dataclass(slots=True)
class _Sample:
    words: list[str]
    sentences: int
    habits: dict[str, float]
    _counts: Counter[str] | None = None

    @property
    def counts(self) -> Counter[str]:
        """Word frequencies, counted once (the narration is compared with every speaker)."""
        if self._counts is None:
            self._counts = Counter(self.words)
        return self._counts


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


def _cosine_distance(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 1.0
    dot = sum(count * b[word] for word, count in a.items() if word in b)
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return 1.0 - dot / norm


def _signature(speaker: Counter[str], other: Counter[str], names: frozenset[str]) -> list[str]:
    total_s = sum(speaker.values()) or 1
    total_o = sum(other.values()) or 1
    found = [
        (count, word)
        for word, count in speaker.items()
        if count >= 2
        and word not in FUNCTION_WORDS
        and word not in names
        and count / total_s >= 3 * (other.get(word, 0) + 0.5) / total_o
    ]
    return [word for _, word in sorted(found, key=lambda item: (-item[0], item[1]))[:5]]


def _distance(speaker: _Sample, other: _Sample, names: frozenset[str]) -> tuple[float, list[str]]:
    if not other.words:
        return 0.0, []
    s_counts, o_counts = speaker.counts, other.counts
    vocabulary = _cosine_distance(s_counts, o_counts)
    s_len = len(speaker.words) / max(1, speaker.sentences)
    o_len = len(other.words) / max(1, other.sentences)
    length = abs(s_len - o_len) / max(s_len, o_len, 1.0)
    punctuation = sum(
        abs(speaker.habits[h] - other.habits[h]) / (speaker.habits[h] + other.habits[h])
        for h in _PUNCTUATION_HABITS
        if speaker.habits[h] + other.habits[h] > 0
    ) / len(_PUNCTUATION_HABITS)
    signature = _signature(s_counts, o_counts, names)
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
) -> VoiceReport:
    """Attribute the dialogue of ``text`` and score each speaker's distinctiveness (0–100).

    :param characters: names, or mappings/objects with ``name`` (and ``pronouns``).
    :param sentences: the text's sentences if already split.
    :param table: their words if already tokenised (:func:`~.word_table.word_table`).
    """
    refs = character_refs(characters)
    lines = attribute_dialogue(text, refs)
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
    quoted = [(span.start, span.end) for line in lines for span in line.spans]
    words: list[str] = []
    sentences: set[int] = set()
    j = 0
    for key, start, sentence in zip(table.keys, table.starts, table.sentence, strict=True):
        while j < len(quoted) and quoted[j][1] <= start:
            j += 1
        if j < len(quoted) and quoted[j][0] <= start:
            continue  # inside dialogue
        words.append(key)
        sentences.add(sentence)
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
        "contractions": sum("'" in word for word in words) / max(1, len(words)),
    }
    return _Sample(words, len(sentences), {k: round(v, 4) for k, v in habits.items()})
