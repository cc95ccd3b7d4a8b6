"""The one entry point: :func:`analyze` runs every analyser and returns one JSON-ready report.

Each analyser is also callable on its own (see :mod:`shortstory.analysis`); ``analyze`` only
validates the input once, reads the text once (:mod:`.reading`: paragraphs, sentences, words
and speech, shared by every pass) and shares the clichés and the voice report with the
memorability score, so the whole pass costs little more than its parts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

from shortstory.analysis.cliches import ClicheMatch, find_cliches
from shortstory.analysis.collection_pause import collection_paused
from shortstory.analysis.input_checks import (
    AnalysisInputError,
    check_characters,
    check_word_count,
)
from shortstory.analysis.memorability import Memorability, score_memorability
from shortstory.analysis.pov import POVS, TENSES, PovTenseIssue, lint_pov_tense
from shortstory.analysis.readability import Readability, readability
from shortstory.analysis.reading import read_text
from shortstory.analysis.repetition import Repetition, find_repetition
from shortstory.analysis.voice import VoiceReport, analyze_voice, character_refs


@dataclass(frozen=True, slots=True)
class AnalysisReport:
    """Everything the analysers say about one text; every offset indexes the original text.

    ``pov_tense`` and ``scaffold`` are None when no scaffold was given.
    """

    word_count: int
    readability: Readability
    cliches: list[ClicheMatch]
    repetition: Repetition
    voice: VoiceReport
    memorability: Memorability
    pov_tense: list[PovTenseIssue] | None = None
    scaffold: dict[str, str] | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form (plain dicts, lists, strings and numbers)."""
        return {
            "word_count": self.word_count,
            "readability": self.readability.to_dict(),
            "cliches": [_cliche_dict(match) for match in self.cliches],
            "repetition": self.repetition.to_dict(),
            "pov_tense": None
            if self.pov_tense is None
            else [asdict(issue) for issue in self.pov_tense],
            "scaffold": self.scaffold,
            "voice": self.voice.to_dict(),
            "memorability": self.memorability.to_dict(),
        }


def _cliche_dict(match: ClicheMatch) -> dict[str, object]:
    data = asdict(match)
    data["suggestions"] = list(match.suggestions)
    data["slots"] = list(data["slots"])
    return data


def _scaffold_choice(scaffold: object, name: str, allowed: tuple[str, ...]) -> str:
    value = scaffold.get(name) if isinstance(scaffold, Mapping) else getattr(scaffold, name, None)
    if value not in allowed:
        raise AnalysisInputError(
            f"scaffold.{name}", f"must be one of {', '.join(allowed)}, not {value!r}"
        )
    return str(value)


def analyze(
    text: str | bytes,
    scaffold: object | None = None,
    characters: Iterable[object] | None = None,
) -> AnalysisReport:
    """Analyse ``text``: words, readability, clichés, repetition, POV/tense, voice, memorability.

    :param scaffold: any object with ``.pov`` and ``.tense`` (or a mapping with those keys);
        when given, narration that breaks them is reported in ``pov_tense``.
    :param characters: names, or objects/mappings with ``name`` (and ``pronouns``), the
        protagonist first. They help attribute dialogue and keep names out of repetition.
    :raises AnalysisInputError: for empty text, text over 7,500 words, bytes that are not
        UTF-8, control characters, or a scaffold with an unknown POV or tense.
    """
    text = check_characters(text)
    with collection_paused():  # nothing it makes is cyclic (:mod:`.collection_pause`)
        return _analyze(text, scaffold, characters)


def _analyze(
    text: str, scaffold: object | None, characters: Iterable[object] | None
) -> AnalysisReport:
    """:func:`analyze` of a checked text."""
    choice: dict[str, str] | None = None
    if scaffold is not None:
        choice = {
            "pov": _scaffold_choice(scaffold, "pov", POVS),
            "tense": _scaffold_choice(scaffold, "tense", TENSES),
        }
    refs = character_refs(characters)
    names = [ref.name for ref in refs]
    # The text read once (paragraphs, sentences, words, speech), shared by every pass.
    reading = read_text(text)
    sentences, table = reading.sentences, reading.table
    # The table holds every word (the sentences cover the whole text): the one count needed.
    check_word_count(len(table))
    cliches = find_cliches(text, reading=reading)
    voice = analyze_voice(text, refs, reading=reading)
    return AnalysisReport(
        word_count=len(table),  # the same rule's words: the sentences cover the whole text
        readability=readability(text, sentences, table),
        cliches=cliches,
        repetition=find_repetition(text, names, sentences, table),
        voice=voice,
        memorability=score_memorability(text, cliches, voice, sentences, table),
        pov_tense=None
        if choice is None
        else lint_pov_tense(text, choice["pov"], choice["tense"], names, reading=reading),
        scaffold=choice,
    )


def preload() -> None:
    """Load every table the analysers read on first use, now: the CMU dictionary, wordfreq's
    list, the cliché matcher and the premise patterns (about 1–2 s and 90 MB, once a process).

    Call it at a server's start-up or in a worker's post-fork hook so that the first request
    does not pay for it; without it, everything still loads lazily.
    """
    from shortstory.analysis.premise_check import premise_patterns
    from shortstory.analysis.syllables import count_syllables
    from shortstory.analysis.vocabulary import zipf

    count_syllables("preload")
    zipf("preload")
    premise_patterns()
    analyze("A keeper climbed the stairs. “Late,” said Tom.", {"pov": "close_third",
                                                             "tense": "past"})
