"""Who says each line of dialogue.

**Attribution.** A *line* is the quoted speech of one paragraph (dialogue spans from
:func:`~.dialogue.dialogue_spans`; a paragraph holds one speaker, as prose
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
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shortstory.analysis.sentences import Span, split_paragraphs
from shortstory.analysis.speakers.dialogue import dialogue_spans
from shortstory.analysis.speakers.names import (
    NARRATOR,
    ROLE_DETERMINERS,
    SpeakerNames,
    character_refs,
    infer_pronouns,
    is_name_word,
    is_role_noun,
)
from shortstory.analysis.vocabulary import FUNCTION_WORDS
from shortstory.analysis.word_patterns import any_of
from shortstory.analysis.word_table import span_dict
from shortstory.analysis.words import count_words

if TYPE_CHECKING:
    from shortstory.analysis.reading import Reading

TAG_REACH = 120
"""How far (in characters) a said-tag may stand from the speech it attributes."""
REFERENT_REACH = 1_200
"""How far back (in characters, about 200 words) a pronoun looks for its named referent."""

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

_VERB_RE = re.compile(rf"\b{any_of(SPEECH_VERBS)}\b")  # a trie: 5 times the alternation's speed
# A title keeps its full stop ("Mr. Woodifield"); any other word ends before one.
_WORD = r"(?:(?:Mr|Mrs|Ms|Mx|Dr|St|Prof|Capt|Col|Sgt|Lt)\.|[^\W\d_][\w'’\-]*)"
_WHO = rf"{_WORD}(?:\s+{_WORD}){{0,2}}"
_WHO_BEFORE_RE = re.compile(rf"(?P<who>{_WHO})\s+(?:\w+ly\s+)?$")
# What a match of _WHO_BEFORE_RE can hold: it ends at the verb, so it starts after the last
# character outside this set (read on the window reversed: one greedy run, not a search tried
# at each of the window's sixty positions).
_WHO_CHARACTERS_RE = re.compile(r"[\w'’\-\s.]*")
_WHO_AFTER_RE = re.compile(rf"^\s+(?P<who>{_WHO})")
_PRONOUNS = {"i": NARRATOR, "we": NARRATOR, "he": "he", "she": "she", "they": "they"}
_PRONOUN_OPENING_RE = re.compile(r"^\W*(?P<pron>He|She|They|I|We)\b")

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


@dataclass(slots=True)
class _Paragraph:
    span: Span
    speech: list[Span]
    narration: list[Span]


def _paragraphs(text: str, reading: Reading | None) -> list[_Paragraph]:
    paragraphs: Sequence[Span]
    if reading is None:
        paragraphs = split_paragraphs(text)
        speech = dialogue_spans(text, paragraphs)
    else:
        paragraphs, speech = reading.paragraphs, reading.speech()
    result: list[_Paragraph] = []
    index = 0
    for paragraph in paragraphs:
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


def _who(phrase: str, before: bool) -> tuple[str, list[str]] | None:
    """Read the words beside a speech verb: ("pronoun", [value]) or ("name", words)."""
    words = phrase.split()
    if before and len(words) > 1 and words[-1].lower().endswith("ly"):
        words.pop()  # "Maren quietly said"
    nearest = words[-1] if before else words[0]
    if nearest.lower() in _PRONOUNS and (nearest == "I" or nearest.lower() != "i"):
        return "pronoun", [_PRONOUNS[nearest.lower()]]
    if not before and len(words) > 1 and words[0].islower() and is_name_word(words[1]):
        words = words[1:]  # "said old Woodifield"
    run: list[str] = []
    for word in reversed(words) if before else words:
        if not is_name_word(word):
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
        and is_role_noun(pair[1])
    ):
        return "name", pair
    return None


def _tag(paragraph: _Paragraph, names: SpeakerNames) -> tuple[str, str, int] | None:
    """The said-tag nearest the speech: (kind, name-or-pronoun, position)."""
    best: tuple[int, str, str, int] | None = None
    anchor = paragraph.speech[0]
    for piece in paragraph.narration:
        for verb in _VERB_RE.finditer(piece.text):
            found: tuple[str, list[str]] | None = None
            before = _who_before(piece.text, verb.start())
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


def _who_before(text: str, end: int) -> re.Match[str] | None:
    """``_WHO_BEFORE_RE.search(text, max(0, end - 60), end)``: who stands before a verb at
    ``end``, searched only from where a match can start."""
    tail = _WHO_CHARACTERS_RE.match(text[max(0, end - 60) : end][::-1])
    return _WHO_BEFORE_RE.search(text, end - (tail.end() if tail is not None else 0), end)


def _nearest_referent(
    mentions: Sequence[tuple[int, str]], before: int, pronoun: str, names: SpeakerNames,
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


def attribute_dialogue(
    text: str, characters: Iterable[object] | None = None, reading: Reading | None = None
) -> list[DialogueLine]:
    """Every dialogue line of ``text`` with its speaker (module docstring for the rules).

    :param reading: the text's :class:`~shortstory.analysis.reading.Reading`, if made already.
    """
    names = SpeakerNames(character_refs(characters))
    paragraphs = _paragraphs(text, reading)
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
    narration = [(piece.start, piece.end) for p in paragraphs for piece in p.narration]
    infer_pronouns(text, names, narration, mentions)

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
def _direct_speaker(
    paragraph: _Paragraph,
    tag: tuple[str, str, int] | None,
    mentions: Sequence[tuple[int, str]],
    names: SpeakerNames,
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
