"""The POV/tense linter: narration that breaks the story's point of view or tense.

:func:`lint_pov_tense` reads the text once (:mod:`~.clauses`: sentences,
words, speech and italic thought masked out), then applies the person rules
(:mod:`~.person`) and the tense rules
(:mod:`~.verbs`). Both are tuned for precision: published prose told in
its real point of view and tense should produce no issue at all, so anything ambiguous is left
alone. Each issue points at one word of the original text.

``characters`` are the names of the story's characters, the **protagonist first** (the
viewpoint character: "I" in first person, "you" in second). Their names help decide whom a
``she``/``he`` can refer to; the protagonist's own name used as a subject is a slip in first and
second person.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from shortstory.analysis.collection_pause import collection_paused
from shortstory.analysis.pov.clauses import read_sentences, text_keys
from shortstory.analysis.pov.lexicon import FUNCTION_WORDS
from shortstory.analysis.pov.person import person_issues, text_names
from shortstory.analysis.pov.verbs import tense_issues
from shortstory.analysis.reading import Reading
from shortstory.analysis.sentences import Span
from shortstory.analysis.words import iter_words

POVS = ("first", "close_third", "second")
TENSES = ("past", "present")


@dataclass(frozen=True, slots=True)
class PovTenseIssue:
    """One slip: ``text == original[start:end]``; ``kind`` is ``"pov"`` or ``"tense"``."""

    start: int
    end: int
    text: str
    kind: str
    message: str


def lint_pov_tense(
    text: str,
    pov: str,
    tense: str,
    characters: Iterable[str] = (),
    paragraphs: Sequence[Sequence[Span]] | None = None,
    reading: Reading | None = None,
) -> list[PovTenseIssue]:
    """The narration in ``text`` that breaks point of view ``pov`` or tense ``tense``, in order.

    :param pov: ``"first"``, ``"close_third"`` or ``"second"``.
    :param tense: ``"past"`` or ``"present"``.
    :param characters: character names, the protagonist first (see the module docstring).
    :param paragraphs: the sentences of each paragraph, if the caller has split them already
        (:func:`~shortstory.analysis.sentences.paragraph_sentences` over
        :func:`~shortstory.analysis.sentences.split_paragraphs`).
    :param reading: the text's :class:`~shortstory.analysis.reading.Reading`, if the caller
        has one (a full analysis, the writer's judge): its sentences and words are read.
    :raises ValueError: for an unknown ``pov`` or ``tense``.
    """
    if pov not in POVS:
        raise ValueError(f"pov must be one of {', '.join(POVS)}, not {pov!r}")
    if tense not in TENSES:
        raise ValueError(f"tense must be one of {', '.join(TENSES)}, not {tense!r}")
    with collection_paused():  # its thousands of word tuples are none of them cyclic
        return _lint(text, pov, tense, characters, paragraphs, reading)


def _lint(
    text: str,
    pov: str,
    tense: str,
    characters: Iterable[str],
    paragraphs: Sequence[Sequence[Span]] | None,
    reading: Reading | None,
) -> list[PovTenseIssue]:
    """:func:`lint_pov_tense` once its arguments are checked."""
    names = tuple(name for name in characters if name and name.strip())
    protagonist = _name_words(names[:1])
    listed = _name_words(names[1:]) - protagonist
    sentences = read_sentences(text, paragraphs, reading)
    others = listed | text_names(sentences, protagonist)
    subjects = others | protagonist
    issues: dict[tuple[int, str], PovTenseIssue] = {}
    descriptors = _descriptor_words(names[1:])
    keys = text_keys(sentences)  # read by both rules' word filters
    for token, message in person_issues(
        sentences, pov, tense, protagonist, others, descriptors, keys
    ):
        issues.setdefault(
            (token.start, "pov"), PovTenseIssue(token.start, token.end, token.text, "pov", message)
        )
    for token, message in tense_issues(sentences, tense, subjects, pov, keys):
        issues.setdefault(
            (token.start, "tense"),
            PovTenseIssue(token.start, token.end, token.text, "tense", message),
        )
    return sorted(issues.values(), key=lambda issue: (issue.start, issue.kind))


@lru_cache(maxsize=256)
def _name_words(names: tuple[str, ...]) -> frozenset[str]:
    """The capitalised words of ``names``, lower-cased: "the Widow Grey" gives widow, grey
    (a story's cast is read once, however many passages are linted)."""
    return frozenset(
        word.lower for name in names for word in iter_words(name) if word.text[0].isupper()
    )


@lru_cache(maxsize=256)
def _descriptor_words(names: tuple[str, ...]) -> frozenset[str]:
    """The lower-case content words of ``names``: "the ferryman" gives ferryman."""
    return frozenset(
        word.lower
        for name in names
        for word in iter_words(name)
        if word.text.islower() and word.lower not in FUNCTION_WORDS
    )
