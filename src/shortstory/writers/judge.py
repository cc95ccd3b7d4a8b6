"""The judge a model's prose passes before it is kept: our own analysis, sentence by sentence.

:func:`judge` finds POV and tense slips and clichés; :func:`flagged_sentences` groups them by the
sentence they sit in, so a repair request names only those sentences; :func:`fix_cliches` is the
last resort for a cliché the model would not let go of (our catalogue's own replacement).
:func:`clean_prose` strips what chat models wrap around prose, and :func:`cut_to_words` trims a
passage at a sentence boundary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from shortstory.analysis.cliches import find_cliches, replacement_for
from shortstory.analysis.pov_tense import lint_pov_tense
from shortstory.analysis.sentences import Span, split_sentences
from shortstory.analysis.words import count_words

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
    findings = [Finding(issue.kind, issue.start, issue.end, issue.text, issue.message)
                for issue in lint_pov_tense(text, scaffold["pov"], scaffold["tense"],
                                            list(names))]
    findings += [Finding("cliche", match.start, match.end, match.text,
                         f"the cliché '{match.phrase}'") for match in find_cliches(text)]
    return sorted(findings, key=lambda finding: (finding.start, finding.kind))


def counts(findings: Iterable[Finding]) -> dict[str, int]:
    """How many findings of each kind."""
    tally = dict.fromkeys(KINDS, 0)
    for finding in findings:
        tally[finding.kind] += 1
    return tally


def flagged_sentences(text: str, findings: list[Finding]) -> list[tuple[Span, list[Finding]]]:
    """The sentences of ``text`` holding findings, each with its findings, in order."""
    groups: list[tuple[Span, list[Finding]]] = []
    for sentence in split_sentences(text):
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
    r"title\s*:.*|-{3,}|\"{3}|'{3}|`{3}.*)\s*$",
    re.IGNORECASE,
)


def clean_prose(text: str) -> str:
    """The prose in a model's answer: wrapper lines (headings, "Here is…:", fences) removed,
    paragraphs separated by one blank line."""
    kept = [line for line in text.replace("\r\n", "\n").split("\n")
            if not _WRAPPER_LINE.match(line)]
    paragraphs = re.split(r"\n\s*\n", "\n".join(kept))
    cleaned = [" ".join(p.split()) for p in paragraphs]
    return "\n\n".join(p for p in cleaned if p)


def cut_to_words(text: str, limit: int) -> str:
    """The longest run of whole sentences from the start of ``text`` within ``limit`` words
    (at least the first sentence); paragraph breaks kept."""
    if count_words(text) <= limit:
        return text
    end = 0
    for sentence in split_sentences(text):
        if end and count_words(text[:sentence.end]) > limit:
            break
        end = sentence.end
    return text[:end].rstrip() if end else text


def sentence_count(text: str) -> int:
    """How many sentences ``text`` holds."""
    return len(split_sentences(text))
