"""One story from its plan: compose → fit → judge → repair, then lay out into paragraphs.

The composer picks each beat's units, the fit brings the whole to its length, the analysis
library judges it (POV/tense, clichés) and the flagged units are repaired, a few rounds at most;
the supporting cast gets their full names where the narration first meets them.
"""

from __future__ import annotations

from random import Random

from shortstory.pipeline.plan import StoryPlan
from shortstory.writers.procedural.composer import Composer
from shortstory.writers.procedural.grounding import Grounding
from shortstory.writers.procedural.layout import Unit, paragraphs
from shortstory.writers.procedural.lexicons import genre_lexicon

JUDGE_ROUNDS = 4
"""How many times the story is judged by the analysis library and repaired."""


def compose_story(plan: StoryPlan) -> list[list[Unit]]:
    """The units of every beat of ``plan``: composed, fitted, judged and repaired."""
    genre = plan.genre
    composer = Composer(plan, genre, genre_lexicon(genre.id), Random(plan.seed))
    units = [composer.compose_beat(beat) for beat in plan.outline.beats]
    composer.fit(units, plan.target_words)
    # The idea's place and one of its people or things are told in narration, whatever the
    # scenes named; the fit makes room for the line.
    grounding = Grounding(composer)
    grounding.ground(units, plan.target_words)
    for _ in range(JUDGE_ROUNDS):
        flagged = composer.judge(units)
        if not flagged:
            break
        composer.repair(units, flagged)
        composer.fit(units, plan.target_words)
    # What the repair dropped may have named the idea's place or people.
    grounding.ground(units, plan.target_words)
    composer.introduce_cast(units)
    composer.say_who_they_are(units)
    return units


def render_beats(plan: StoryPlan) -> list[list[str]]:
    """The paragraphs of every beat of ``plan``, as text."""
    units = compose_story(plan)
    layout = Random(plan.seed + 1)
    return [[" ".join(text for _, text in paragraph)
             for paragraph in paragraphs(beat_units, layout)] for beat_units in units]
