"""The judge a model's prose passes before it is kept: our own analysis, sentence by sentence.

:func:`judge` finds POV and tense slips and clichés; :func:`flagged_sentences` groups them by the
sentence they sit in, so a repair request names only those sentences; :func:`fix_cliches` is the
last resort for a cliché the model would not let go of (our catalogue's own replacement).
:func:`clean_prose` strips what chat models wrap around prose, :func:`drop_meta` the sentences
that talk about the writing, and :func:`cut_to_words` trims a passage at a sentence boundary;
:func:`draft_score` ranks several drafts of a beat. Repeats are :mod:`.repeats`'s.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from shortstory.analysis.cliches import find_cliches, replacement_for
from shortstory.analysis.collection_pause import collection_paused
from shortstory.analysis.pov import lint_pov_tense
from shortstory.analysis.sentences import Span
from shortstory.analysis.words import count_words
from shortstory.writers.prose_reading import (
    content_words,
    reading,
    sentences,
    tidy,
    word_count,
    word_tokens,
)

KINDS = ("pov", "tense", "cliche")


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in a passage: ``text == passage[start:end]``."""

    kind: str
    start: int
    end: int
    text: str
    message: str


def judge(text: str, scaffold: dict[str, Any], names: Iterable[str]) -> list[Finding]:
    """POV/tense slips (against the scaffold) and clichés in ``text``, in order."""
    if not text.strip():
        return []
    return list(_judged(text, scaffold["pov"], scaffold["tense"], tuple(names)))


@functools.lru_cache(maxsize=32)
def _judged(text: str, pov: str, tense: str, names: tuple[str, ...]) -> tuple[Finding, ...]:
    """:func:`judge`, remembered by text: a beat is judged again unchanged (a draft chosen
    among several, a repair that changed nothing). Both passes read the beat's one reading."""
    with collection_paused():  # nothing the passes make is cyclic (analysis.collection_pause)
        shared = reading(text)
        issues = lint_pov_tense(text, pov, tense, names, reading=shared)
        matches = find_cliches(text, reading=shared)
    findings = [Finding(issue.kind, issue.start, issue.end, issue.text, issue.message)
                for issue in issues]
    findings += [Finding("cliche", match.start, match.end, match.text,
                         f"the cliché '{match.phrase}'")
                 for match in matches]
    return tuple(sorted(findings, key=lambda finding: (finding.start, finding.kind)))


def counts(findings: Iterable[Finding]) -> dict[str, int]:
    """How many findings of each kind."""
    tally = dict.fromkeys(KINDS, 0)
    for finding in findings:
        tally[finding.kind] += 1
    return tally


def flagged_sentences(text: str, findings: list[Finding]) -> list[tuple[Span, list[Finding]]]:
    """The sentences of ``text`` holding findings, each with its findings, in order."""
    groups: list[tuple[Span, list[Finding]]] = []
    for sentence in sentences(text):
        inside = [f for f in findings if sentence.start <= f.start < sentence.end]
        if inside:
            groups.append((sentence, inside))
    return groups


def replace_spans(text: str, replacements: list[tuple[int, int, str]]) -> str:
    """``text`` with each ``(start, end)`` span replaced (spans must not overlap)."""
    for start, end, new in sorted(replacements, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def fix_cliches(text: str) -> str:
    """Replace each cliché left in ``text`` with the catalogue's own suggestion."""
    matches = find_cliches(text)
    return replace_spans(text, [(m.start, m.end, replacement_for(m, text)) for m in matches])


_WRAPPER_LINE = re.compile(
    r"^\s*(#+\s.*|\*\*[^*]+\*\*:?|(beat|scene|part|chapter)\s*\d+\b.*|"
    r"(sure|certainly|of course|here is|here's|here are)\b.*:\s*|(pov|tense)\s*:.*|"
    r"title\s*:.*|-{3,}|\"{3}|'{3}|`{3}.*|[\divxlc]+[.)]?|\*+|the end\.?)\s*$",
    re.IGNORECASE,
)


_LABEL = re.compile(r"^\s*[A-Z][\w'-]*( [A-Z][\w'-]*){0,2}:\s+(?=\S)")
"""A field label opening a line ("Scene: ", "Tomas Reyes: "): a form, not prose."""


_TAG = re.compile(
    r"\s*\((?:(?:he|she|they|him|her|them|his|hers|their|theirs|it)"
    r"(?:\s*/\s*(?:he|she|they|him|her|them|his|hers|their|theirs|it))+"
    r"|I|me|you|we|us"
    r"|[a-z]+ing(?: [a-z]+){0,3}(?: again)?"
    r"|[A-Z][a-z]+(?: [A-Z][a-z]+){0,2})\)",
)
"""A bracketed aside that is not prose: pronouns copied from a character sheet ("(she/her)",
"(I)"),
a stage direction ("(smiling)", "(shaking head)"), a name tag ("(Priya Nair)")."""


def clean_prose(text: str) -> str:
    """The prose in a model's answer: wrapper lines (headings, "Here is…:", fences) and bracketed
    tags removed, paragraphs separated by one blank line."""
    kept = [_untagged(_LABEL.sub("", line))
            for line in text.replace("\r\n", "\n").split("\n")
            if not _WRAPPER_LINE.match(line)]
    paragraphs = re.split(r"\n\s*\n", "\n".join(kept))
    cleaned = [" ".join(p.split()) for p in paragraphs]
    return "\n\n".join(p for p in cleaned if p)


def _untagged(line: str) -> str:
    # The tag pattern opens with blanks: searched only in a line with a bracket, it costs
    # nothing for the rest.
    return _TAG.sub("", line) if "(" in line else line


def cut_to_words(text: str, limit: int) -> str:
    """The longest run of whole sentences from the start of ``text`` within ``limit`` words
    (at least the first sentence); paragraph breaks kept."""
    if word_count(text) <= limit:
        return text
    end = 0
    for sentence in sentences(text):
        if end and count_words(text[:sentence.end]) > limit:
            break
        end = sentence.end
    return text[:end].rstrip() if end else text


_META = re.compile(
    r"\b((this|next|previous|last|each|that) beat|the outline|the prompt|rewritten sentences?|"
    r"word count|(first|second|third)[- ]person|(past|present) tense|the story so far|"
    r"as an ai\b|language model|continuation of (the|this) story|"
    r"(start|beginning|setup|end) of (a|the|another|this) story|"
    r"(this|the) (story|scene|passage|draft) (is|was|could|might|will|would) (be|have been) "
    r"(the )?(start|beginning|continuation|setup)|"
    r"(the|this|my|our|your) (story|tale) (begins|began|starts|started|goes on|went on|"
    r"continues|continued|ends|ended|is about|was about|will|would)|to be continued|"
    r"\b(first|next|last|opening|following) (two |three |few )?sentences\b|"
    r"(the|this) (next|following|last|final) (part|scene|chapter|section)|"
    r"(the|this) (main character|protagonist)|\b\d+ (more )?words\b|"
    r"\b(premise|scene|summary|emphasis|theme|genre|conflict|setting|note|story|plot|title)\s*:|"
    # The story as a text under review, not a tale someone in it tells:
    r"\b(the|this|that|our) (short )?(story|plot|narrative|tale)('s)? (is now|is set|was set|"
    r"takes place|took place|tells|told us|follows|followed|unfolds|unfolded|revolves|explores|"
    r"explored|shows|showed|concludes|concluded|centres|centers|focuses|focused|features|"
    r"wraps|wrapped|highlights|portrays|portrayed|seems|seemed)\b|"
    r"\b(in|of|about|to) (this|the) short story\b|\b(in|about|of) this story\b|"
    r"\bthe (plot|reader|narrator)\b|\bthe ending\b|\bshort story\b|"
    r"\b(the|this|its|a|my|our) (story's |central |main )?(theme|moral)\b|"
    r"\bthe end\s*[:;,-]|[;,:-]\s*the end\b)",
)
"""Searched in lower-cased text (faster than an IGNORECASE pattern)."""
_META_WORDS = (
    "beat", "outline", "prompt", "rewritten", "word count", "person", "tense", "story",
    "as an ai", "language model", "continuation", "scene", "passage", "draft", "tale",
    "continued", "sentences", "part", "chapter", "section", "main character", "protagonist",
    "words", "premise", "summary", "emphasis", "theme", "genre", "conflict", "setting", "note",
    "plot", "title", "narrative", "reader", "narrator", "ending", "moral", "the end",
)
"""Every match of ``_META`` holds one of these: a sentence holding none is not searched (the
search is most of the filter's time, and most sentences of a story hold none)."""
_JUNK = re.compile(r"[{}\[\]<>\\|_=#@]|Ã|Â|https?:")
_JUNK_MARK = re.compile(r"[{}\[\]<>\\|_=#@ÃÂ]")
"""What every match of ``_JUNK`` but a link holds: one set of characters, quick to search."""
_NOT_LETTER_OR_SPACE = re.compile(r"[^\w\s]|[\d_]")


_ASCII_LETTERS_AND_SPACE = str.maketrans(dict.fromkeys(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ \t\n\r\f\v\x1c\x1d\x1e\x1f"))


def _junk(sentence: str, marked: bool = True) -> bool:
    """A sentence that is not prose: markup, brackets, broken encoding, mostly digits.
    ``marked``: whether its text may hold markup at all (:func:`_may_hold_markup`)."""
    if marked and _JUNK.search(sentence):
        return True
    if sentence.isascii():  # the same count as the pattern's, without a match object per mark
        others = len(sentence.translate(_ASCII_LETTERS_AND_SPACE))
    else:
        others = len(_NOT_LETTER_OR_SPACE.findall(sentence))
    return len(sentence) - others < 0.75 * len(sentence.strip())


def drop_meta(text: str) -> tuple[str, int]:
    """``text`` without sentences that talk about the writing (beats, outlines, prompts, POV)
    instead of telling the story, or that are not prose at all, and how many were dropped."""
    spans = sentences(text)
    lowered = text.lower()
    present = [word for word in _META_WORDS if word in lowered]
    marked = _may_hold_markup(text)
    cuts = [(s.start, s.end, "") for s in spans
            if _junk(s.text, marked)
            or (present and _talks_about_writing(s.text.lower(), present))]
    if not cuts:
        return text, 0
    # An answer that is all debris or talk about the writing gives nothing: the length
    # contract asks for more rather than keep it (a 135M model's "] } 1. The story has
    # changed its rules…" reached a reader that way).
    return ("" if len(cuts) == len(spans) else tidy(replace_spans(text, cuts))), len(cuts)


def _may_hold_markup(text: str) -> bool:
    """Whether any sentence of ``text`` may match ``_JUNK``: one search of the whole text
    instead of one per sentence (most texts hold none)."""
    return "http" in text or _JUNK_MARK.search(text) is not None


def _talks_about_writing(lowered: str, words: list[str]) -> bool:
    return any(word in lowered for word in words) and _META.search(lowered) is not None


def echoes(candidate: str, source: str, share: float = 0.7) -> bool:
    """Whether ``candidate`` is mostly ``source``'s own words (a pasted idea, not a title)."""
    mine = content_words(candidate)
    theirs = set(content_words(source))
    return bool(mine) and sum(1 for w in mine if w in theirs) / len(mine) >= share


def sentence_count(text: str) -> int:
    """How many sentences ``text`` holds."""
    return len(sentences(text))


_QUOTED = re.compile(r'"[^"]*"|“[^”]*”')
_PERSON = {"first": re.compile(r"\b(I|me|my|myself)\b"),
           "second": re.compile(r"\b(you|your|yourself)\b", re.IGNORECASE)}


def narration(text: str) -> str:
    """``text`` without what is inside quotation marks: what the narrator says."""
    return _QUOTED.sub(" ", text)


def draft_score(text: str, scaffold: dict[str, Any], names: Iterable[str],
                anchors: set[str], target_words: int) -> float:
    """How good a draft of a beat is, to choose among several (higher is better): the
    narration keeps to the premise (``anchors``: its content words; up to five count), the
    narrator speaks in the asked person through the passage, the passage does not go round in
    circles, few POV/tense slips and clichés, near the word budget."""
    told = narration(text)
    names = list(names)
    person = _PERSON.get(scaffold["pov"])
    voice = 1.0 if person is None else voice_share(told, person, names[:1])
    named = min(5, len(set(content_words(told)) & anchors))
    found = counts(judge(text, scaffold, names))
    slips = min(6, found["pov"] + found["tense"])
    off_length = abs(word_count(text) - target_words) / max(1, target_words)
    return (named + 3 * voice - 4 * looping(text) - 0.5 * slips - 0.5 * found["cliche"]
            - 2 * off_length)


def voice_share(told: str, person: re.Pattern[str], narrator: list[str]) -> float:
    """1 when the narration speaks in the narrator's person, less the share of its sentences
    that name the narrator as a stranger would (a first-person passage where "Oona lifted the
    lid" is someone else's story); 0 when the person never appears."""
    said = [s.text for s in sentences(told)]
    if not said or not person.search(told):
        return 0.0
    first_names = [name.split()[0] for name in narrator if name.strip()]
    named = sum(1 for sentence in said
                if any(re.search(rf"\b{re.escape(name)}\b", sentence) for name in first_names))
    return 1.0 - named / len(said)


LOOP_SHINGLE = 4


def looping(text: str) -> float:
    """Share of the passage's 4-word runs that already appeared earlier in it: 0 for prose
    that moves on, towards 1 for a passage that says the same thing again and again."""
    tokens = word_tokens(text)
    runs = [tuple(tokens[i:i + LOOP_SHINGLE]) for i in range(len(tokens) - LOOP_SHINGLE + 1)]
    if not runs:
        return 0.0
    return 1 - len(set(runs)) / len(runs)
