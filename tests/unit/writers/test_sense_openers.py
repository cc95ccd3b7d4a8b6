"""Sensory paragraph openers (issue #15): readers found about one paragraph in five opening on a
palette phrase ("The smell of…", "A sound of…", "Somewhere a bell…") mechanical. A scene's sense
line is told after its first action, and a unit of texture follows its paragraph's first unit;
over a fixed-seed corpus of invented premises at most ``BOUND`` of paragraphs open on one.
"""

from __future__ import annotations

from functools import cache
from random import Random

from texture_checks import corpus_requests, openings, sensory_share

from shortstory.analysis.pov import lint_pov_tense
from shortstory.analysis.words import count_words
from shortstory.pipeline.plan import StoryPlan
from shortstory.pipeline.planning import plan_story
from shortstory.writers.procedural import ProceduralWriter
from shortstory.writers.procedural.layout import Unit, paragraphs, sensed_at

BOUND = 0.08
CORPUS = 36


@cache
def _corpus() -> list[tuple[StoryPlan, str]]:
    out = []
    for request in corpus_requests(CORPUS, seed=16):
        plan = plan_story(request)
        out.append((plan, ProceduralWriter().render(plan)))
    return out


def test_the_check_reads_sensory_openers() -> None:
    plan = _corpus()[0][0]
    phrase = next(iter(plan.world.palette["sound"]))
    text = "\n\n".join([
        "The smell of wet wool, faintly. She went in.",
        "A sound of knocking somewhere below. Then nothing.",
        f"{phrase[0].upper()}{phrase[1:]}, near enough to name. She stopped.",
        "She opened the door and went in. The air smelled of soap.",
        "“Who's there?” she said.",
    ])
    found = openings(text, plan)
    assert [o.sensory for o in found] == [True, True, True, False]


def test_few_paragraphs_open_on_a_sense_line() -> None:
    share, lines = sensory_share(_corpus())
    assert share <= BOUND, (round(share, 3), lines[:10])


def test_the_corpus_keeps_its_length_and_voice() -> None:
    for plan, text in _corpus():
        target, words = plan.target_words, count_words(text)
        assert abs(words - target) <= 0.05 * target, (plan.story_request.premise.idea, words)
        names = [plan.character.name, *(m.name for m in plan.world.cast)]
        assert not lint_pov_tense(text, plan.scaffold.pov, plan.scaffold.tense, names)


def _unit(text: str, kind: str) -> Unit:
    return Unit(text, len(text.split()), False, "“" in text, kind)


def test_a_unit_of_texture_follows_the_first_unit_of_its_paragraph() -> None:
    units = [_unit("The smell of soap.", "sense"), _unit("She went in.", "act"),
             _unit("She sat.", "think"), _unit("“Well?”", "talk"),
             _unit("A sound of bells.", "sense")]
    laid = paragraphs(units, Random(3))
    assert [text for _, text in laid[0][:2]] == ["She went in.", "The smell of soap."]
    # No action left after it, and talk before it: it stands alone (it never joins talk).
    assert laid[-1] == [(4, "A sound of bells.")]
    assert paragraphs(units[:3] + units[4:], Random(3))[-1][-1] == (3, "A sound of bells.")
    assert sum(len(p) for p in laid) == len(units)


def test_a_scenes_sense_line_goes_after_its_first_action() -> None:
    lines = [("{P} {v:open} the hatch.", False), ("{P} {v:look} inside.", False),
             ("¶“{q:ask}”", True)]
    assert sensed_at(lines) == 1
    # Not between two lines that lean on each other ("…and put it back").
    leaning = [("{P} {v:find} {item}.", False), ("{P} {v:pick} it up.", False),
               ("{P} {v:leave}.", False)]
    assert sensed_at(leaning) == 2


def test_a_sense_frames_wording_is_not_a_tic() -> None:
    # Before: "I hear a key turning in a lock, and then nothing." / "…wasps at the fallen
    # grapes, and then nothing." / "…secateurs snipping, and then nothing." in one story: a
    # frame's alternatives were chosen once a story. Now they are taken in turn.
    import json
    import re

    from shortstory.writers.procedural.scene_data import SCENES

    frames = json.loads((SCENES / "any.json").read_text(encoding="utf-8"))["character"]["sense"]
    endings = {re.sub(r"\{[^}]*\}", "", option).strip(" .").split(",")[-1].strip()
               for frame in frames for line in frame for option in line.strip("[]").split("|")}
    endings = {ending for ending in endings if len(ending.split()) >= 2}
    assert len(endings) > 5
    for plan, text in _corpus():
        for ending in endings:
            assert text.count(ending + ".") <= 2, (ending, plan.story_request.premise.idea)
