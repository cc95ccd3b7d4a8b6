"""Text analysis: the product's judge. Pure Python, no network, no Flask, no SQL.

:func:`analyze` runs everything and returns one :class:`AnalysisReport`; each analyser is also
callable on its own. Importing this package loads no data: the cliché catalogue, the CMU
dictionary and the word-frequency tables are read on first use.
"""

from shortstory.analysis.cliches import ClicheMatch, find_cliches
from shortstory.analysis.input_checks import MAX_WORDS, AnalysisInputError, check_text
from shortstory.analysis.memorability import Dimension, Memorability, score_memorability
from shortstory.analysis.pov import PovTenseIssue, lint_pov_tense
from shortstory.analysis.premise_check import PremiseFlag, check_premise
from shortstory.analysis.readability import LengthStats, Readability, readability
from shortstory.analysis.repetition import (
    OverusedWord,
    RepeatedPhrase,
    RepeatedSentence,
    Repetition,
    find_overused_words,
    find_repeated_phrases,
    find_repeated_sentences,
    find_repetition,
)
from shortstory.analysis.report import AnalysisReport, analyze, preload
from shortstory.analysis.sentences import Span, split_paragraphs, split_sentences
from shortstory.analysis.speakers import (
    DialogueLine,
    attribute_dialogue,
    dialogue_spans,
    narration_spans,
)
from shortstory.analysis.syllables import count_syllables
from shortstory.analysis.voice import SpeakerVoice, VoiceReport, analyze_voice
from shortstory.analysis.words import Word, count_words, iter_words

__all__ = [
    "MAX_WORDS",
    "AnalysisInputError",
    "AnalysisReport",
    "ClicheMatch",
    "DialogueLine",
    "Dimension",
    "LengthStats",
    "Memorability",
    "OverusedWord",
    "PovTenseIssue",
    "PremiseFlag",
    "Readability",
    "RepeatedPhrase",
    "RepeatedSentence",
    "Repetition",
    "Span",
    "SpeakerVoice",
    "VoiceReport",
    "Word",
    "analyze",
    "analyze_voice",
    "attribute_dialogue",
    "check_premise",
    "check_text",
    "count_syllables",
    "count_words",
    "dialogue_spans",
    "find_cliches",
    "find_overused_words",
    "find_repeated_phrases",
    "find_repeated_sentences",
    "find_repetition",
    "iter_words",
    "lint_pov_tense",
    "narration_spans",
    "preload",
    "readability",
    "score_memorability",
    "split_paragraphs",
    "split_sentences",
]
