"""A plot a reader can follow (issue #15): what happens follows from what happened.

The idea's action is told in steps, the family's own and then the steps of any family
(``_steps.json``), in their order, each caused by the one before; the shared events of any
story come only when every step is told. The climax ends on the character's own choice, for
the want or against it as the ending answers it, and the ending names the want.
"""

from __future__ import annotations

import itertools
from collections import Counter
import re
from random import Random

import pytest
from prose_checks import find_prose_errors
from support.story_inputs import POV_TENSE

from shortstory.analysis.cliches import find_cliches
from shortstory.analysis.pov import lint_pov_tense
from shortstory.pipeline import catalog
from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.planning import plan_story
from shortstory.writers.procedural.actions import STEPS_FILE, families
from shortstory.writers.procedural.composer import Composer
from shortstory.writers.procedural.layout import Unit
from shortstory.writers.procedural.planting import PLOT, SUBJECT, turn_subject
from shortstory.writers.procedural.slots.state import SlotUnavailable
from shortstory.writers.procedural.writer import genre_lexicon

IDEAS = {
    "search": "A schoolteacher searches for a missing pupil in the marshes.",
    "teach": "A retired boxer teaches a class of nervous teenagers to fight at a community hall.",
    "hide": "A grandmother hides a runaway dragon in her greenhouse.",
    "deliver": "A ferryman smuggles refugees across a river patrolled by soldiers.",
}
CHOICE = re.compile(r"\[([^\[\]]*\|[^\[\]]*)\]")
CHARACTER = {"name": "Odile Marsh", "pronouns": "she/her", "want": "to be trusted again"}


def _story(idea: str, words: int, seed: int, genre: str = "literary") -> tuple[Composer,
                                                                                 list[list[Unit]]]:
    plan = plan_story(StoryRequest.model_validate({
        "premise": {"idea": idea, "character": CHARACTER}, "genre": genre,
        "scaffold": {"pov": "close_third", "tense": "past"}, "target_words": words,
        "seed": seed}))
    genre_ = catalog.genre(plan.outline.genre)
    composer = Composer(plan, genre_, genre_lexicon(genre_.id), Random(plan.seed))
    return composer, [composer.compose_beat(beat) for beat in plan.outline.beats]


def _step_number(key: str) -> int:
    return int(key.rsplit(":", 1)[1])


@pytest.mark.parametrize(("family", "genre"), [("search", "mystery"), ("teach", "literary"),
                                               ("hide", "horror")])
def test_a_long_storys_steps_come_in_order_do_not_repeat_and_come_before_any_filler(
        family: str, genre: str) -> None:
    composer, beats = _story(IDEAS[family], 4000, 3, genre)
    middle = [u.scene for b, units in zip(composer.plan.outline.beats, beats, strict=True)
              if b.function in {"disturbance", "complication", "pursuit"}
              for u in units if u.scene]
    # (What sets the turn up is told where its beat falls, steps or no steps left.)
    middle = [s for s in middle if ":plant_" not in s]
    steps = [s for s in middle if s.startswith("act-")]
    assert len(steps) == len(set(steps)), steps
    numbers = [_step_number(s) for s in steps if s.startswith(f"act-{STEPS_FILE}:step")]
    # The steps of any family carry a 4,000-word middle, in their causal order.
    assert len(numbers) >= 15 and numbers == sorted(numbers), steps
    last_step = max(n for n, s in enumerate(middle) if s.startswith("act-"))
    fillers = [s for s in middle[:last_step] if s.startswith("any:")]
    assert not fillers, middle


def test_every_step_has_its_variant_or_none_and_variant_groups_are_in_range() -> None:
    pools = families()[STEPS_FILE]
    steps, variants = pools["step"], pools["step_variant"]
    assert len(variants) <= len(steps) and len(steps) >= 18
    assert {"choice_resolved", "choice_refused"} <= set(pools)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_the_climax_ends_on_the_characters_choice_and_the_ending_names_the_want(
        seed: int) -> None:
    family = sorted(IDEAS)[seed % len(IDEAS)]
    composer, beats = _story(IDEAS[family], 1500 + 500 * seed, seed)
    plan = composer.plan
    climax = beats[composer.choice_beat]
    assert composer.choice_beat < len(beats) - 1
    # The want at stake by the character's own choice, for or against as the story ends.
    assert climax[-1].scene.startswith(f"act-{STEPS_FILE}:choice_{plan.world.resolution}:"), [
        u.scene or u.kind for u in climax]
    ending = " ".join(u.text for u in beats[-1])
    assert "trusted again" in ending, ending


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6, 7, 8])
def test_what_the_turn_is_made_of_is_planted_before_it_and_recalled_after_it(seed: int) -> None:
    family = sorted(IDEAS)[seed % len(IDEAS)]
    genre = ["mystery", "humour", "historical", "thriller"][seed % 4]
    composer, beats = _story(IDEAS[family], 2500, seed, genre)
    subject = turn_subject(composer.plan)
    if subject is None:
        pytest.skip("the genre's catalog turn")
    pool, slot = subject
    plan = composer.plan
    named = str(plan.world.situation["item"]) if slot == "{item}" else str(
        plan.world.situation["place"]) if slot == "{setting}" else {
        "{A}": plan.world.member("ally"), "{B}": plan.world.member("obstacle", "witness"),
        "{W}": plan.world.member("witness", "obstacle")}[slot].name.split()[0]
    head = named.split()[-1].lower()
    planted = [(i, u) for i, units in enumerate(beats) for u in units
               if u.scene.startswith(f"{PLOT}:{pool}:")]
    assert len(planted) == 1, [u.scene for units in beats for u in units]
    at, plant = planted[0]
    assert 0 < at < composer.turn_index and head in plant.text.lower(), (at, plant.text)
    turn = beats[composer.turn_index]
    twist = next(n for n, u in enumerate(turn) if u.kind == "twist")
    payoff = turn[twist + 1]
    # The twist names the subject; the payoff, right after it, recalls the plant by number.
    assert head in turn[twist].text.lower(), turn[twist].text
    assert payoff.scene == plant.scene.replace(":plant_", ":payoff_"), payoff.scene


@pytest.mark.parametrize(("pov", "tense"), POV_TENSE)
def test_every_plant_and_payoff_realises_cleanly_in_every_pov_and_tense(pov: str,
                                                                        tense: str) -> None:
    plan = plan_story(StoryRequest.model_validate({
        "premise": {"idea": IDEAS["hide"], "character": CHARACTER}, "genre": "literary",
        "scaffold": {"pov": pov, "tense": tense}, "target_words": 1500, "seed": 1}))
    genre = catalog.genre(plan.outline.genre)
    composer = Composer(plan, genre, genre_lexicon(genre.id), Random(plan.seed))
    problems = []
    told: Counter[tuple[str, str]] = Counter()
    for pool, slot in (("person", "{A}"), ("item", "{item}"), ("place", "{setting}")):
        for kind, turn in itertools.product(("plant", "payoff"), range(3)):
            for template in families()[STEPS_FILE][f"{kind}_{pool}"]:
                lines = [(CHOICE.sub(lambda m, n=turn: m.group(1).split("|")[n % len(
                    m.group(1).split("|"))], line.removeprefix("?").replace(SUBJECT, slot)),
                          False) for line in template]
                state = composer.realiser.snapshot()
                try:
                    text = composer._render(lines)
                except SlotUnavailable:
                    continue  # a line that would move the dragon about like a parcel
                finally:
                    composer.realiser.restore(state)
                told[pool, kind] += 1
                found = [i.text for i in lint_pov_tense(text, pov, tense, composer.names)]
                found += [c.text for c in find_cliches(text)]
                found += [hit for hits in find_prose_errors(text).values() for hit in hits]
                if found or "{" in text or "[" in text:
                    problems.append((pool, kind, text, found))
    assert not problems, problems[:5]
    assert len(told) == 6, f"a plant or payoff pool refuses every line: {sorted(told)}"
