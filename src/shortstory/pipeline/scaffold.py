"""The scaffold stage: POV, tense, tone and style resolved, and the character's voice markers.

Voice markers tell a writer how the protagonist sounds when they speak: a speech habit, a
signature word, how long their sentences run. They are chosen from the traits and the seed, and
stored with the plan so that a re-render keeps the same voice.
"""

from __future__ import annotations

from random import Random
from typing import Any

from shortstory.pipeline.catalog import Genre
from shortstory.pipeline.models import Character, Scaffold
from shortstory.pipeline.plan import ScaffoldPlan

SPEECH_HABITS = (
    "answers a question with a question",
    "clips sentences short",
    "corrects small details",
    "trails off mid-thought",
    "names things exactly",
    "jokes when cornered",
)

SENTENCE_LENGTHS = {"spare": "short", "plain": "medium", "lyrical": "long", "ornate": "long"}

_HABIT_BY_TRAIT = {
    "methodical": "names things exactly",
    "precise": "corrects small details",
    "shy": "trails off mid-thought",
    "lonely": "trails off mid-thought",
    "stubborn": "clips sentences short",
    "blunt": "clips sentences short",
    "curious": "answers a question with a question",
    "wry": "jokes when cornered",
    "funny": "jokes when cornered",
}


def voice_markers(character: Character, style: str, rng: Random) -> dict[str, Any]:
    """The protagonist's voice: speech habit, signature word, sentence length, quirk."""
    traits = [t.lower() for t in character.traits]
    habit = next((_HABIT_BY_TRAIT[t] for t in traits if t in _HABIT_BY_TRAIT), None)
    return {
        "speech_habit": habit or rng.choice(SPEECH_HABITS),
        "signature": rng.choice(["Right", "Well", "Look", "Fine", "Listen", "All right"]),
        "sentence_length": SENTENCE_LENGTHS[style],
        "quirk": character.quirk,
        "contradiction": character.contradiction,
    }


def build_scaffold(scaffold: Scaffold, character: Character, genre: Genre,
                   rng: Random) -> ScaffoldPlan:
    """Resolve the request's scaffold (an empty tone takes the genre's default)."""
    return ScaffoldPlan(
        pov=scaffold.pov,
        tense=scaffold.tense,
        tone=scaffold.tone or genre.default_tone,
        style=scaffold.style,
        voice=voice_markers(character, scaffold.style, rng),
    )
