"""The plot's set-up and its climax.

The turn is set up before it comes: the part of the idea the plan's turn is made of (one of
the cast, the idea's item or its place) is noticed in a middle beat, small and unexplained
(``plant_person`` / ``plant_item`` in ``data/actions/_steps.json``), and recalled right after
the turn names it (``payoff_*``, by the same number). The climax's last scene is the
character's own choice, for the want or against it as the story ends (``choice_<outcome>``)."""

from __future__ import annotations

import re
import zlib

from shortstory.pipeline.plan import Beat, StoryPlan
from shortstory.writers.procedural.actions import ActionStaging, steps_pool
from shortstory.writers.procedural.layout import Unit
from shortstory.writers.procedural.scenes import Scene

PERSON_SLOTS = (("ally", "{A}", ("ally",)), ("blocker", "{B}", ("obstacle", "witness")),
                ("witness", "{W}", ("witness", "obstacle")))
"""The cast slot for each stance, found as the realiser finds it (:mod:`.slots.cast`)."""
SUBJECT = "{X}"
PLOT = "plot"
"""The key of a plant or payoff scene: ``plot:<pool>:<n>``."""


def turn_subject(plan: StoryPlan) -> tuple[str, str] | None:
    """The plant pool and the slot that names what the plan's turn is made of: a cast member
    (``plant_person``, ``{A}``/``{B}``/``{W}``), the idea's item (``plant_item``, ``{item}``) or
    its place when the story is set there (``plant_place``, ``{setting}``); None for a turn
    made of none of them (the genre's catalog turn)."""
    turn = plan.world.turn.lower()
    if not turn or not plan.world.cast:
        return None
    for _, slot, stances in PERSON_SLOTS:
        given = plan.world.member(*stances).name.split()[0].lower()
        if re.search(rf"\b{re.escape(given)}\b", turn):
            return "plant_person", slot
    item = str(plan.world.situation.get("item", "")).lower()
    if item and item in turn:
        return "plant_item", "{item}"
    place = str(plan.world.situation.get("place", "")).lower()
    if place and place in turn and plan.world.setting.lower() == place:
        return "plant_place", "{setting}"
    return None


def plant_beat(idea_beat: int, turn_beat: int) -> int:
    """The beat that sets the turn up: halfway between the idea's event and the turn, and
    never the turn's own beat (-1 when the story has no beat between)."""
    if turn_beat - idea_beat < 1:
        return -1
    return idea_beat + max(1, (turn_beat - idea_beat) // 2) if (
        turn_beat - idea_beat > 1) else idea_beat


def plant_order(plan: StoryPlan, count: int) -> list[int]:
    """The plant templates in the story's order (the seed's first)."""
    start = zlib.crc32(f"{plan.story_request.premise.idea}:{plan.seed}:{plan.genre.id}".encode())
    return [(start + n) % count for n in range(count)]


class PlotStaging(ActionStaging):
    """The composer's set-up (the plant and its payoff) and climax (the choice)."""

    idea_beat: int
    turn_index: int

    def _init_plot(self) -> None:
        last = len(self.plan.outline.beats) - 1
        self.choice_beat = max(last - 1, self.turn_index) if (
            self.plan.outline.beats[last].function == "resolution") else -1
        """The climax: the beat that ends on the character's own choice, the want at stake."""
        self.turn_subject = turn_subject(self.plan)
        self.plant_beat = plant_beat(self.idea_beat, self.turn_index)
        self.planted: int | None = None

    def _choice(self, beat: Beat) -> list[Unit]:
        """The climax's last scene: the character chooses, for the want or against it, as the
        ending will answer; kept by the fit like the idea's event."""
        if beat.index != self.choice_beat or "choice" not in self.action_scenes:
            return []
        unit = self.scene_unit("choice")
        if unit is None:
            return []
        unit.kind = "event"
        return [unit]

    def _plant(self, beat: Beat) -> list[Unit]:
        """What the turn is made of, noticed before it comes (:mod:`.planting`)."""
        if beat.index != self.plant_beat or self.turn_subject is None:
            return []
        pool = self.turn_subject[0]
        lines = steps_pool(pool)
        for n in plant_order(self.plan, len(lines)):
            if (unit := self._subject_scene(pool, n)) is not None:
                self.planted = n
                return [unit]
        return []

    def _payoff(self, head: list[Unit]) -> list[Unit]:
        """``head`` with the plant recalled right after the twist names its subject."""
        if self.planted is None or self.turn_subject is None:
            return head
        at = next((n + 1 for n, u in enumerate(head) if u.kind == "twist"), None)
        pool = self.turn_subject[0].replace("plant", "payoff")
        if at is None or (unit := self._subject_scene(pool, self.planted)) is None:
            return head
        return [*head[:at], unit, *head[at:]]

    def _subject_scene(self, pool: str, n: int) -> Unit | None:
        assert self.turn_subject is not None
        # Not the action's own step: any story's turn is set up, with a family or without.
        scene = Scene(f"{PLOT}:{pool}:{n}", tuple(
            line.replace(SUBJECT, self.turn_subject[1]) for line in steps_pool(pool)[n]), True)
        unit = self._stage(scene, None, "scene")
        if unit is not None:
            self.scenes_told.add(scene.key)
            unit.kind = "event"  # kept by the fit, as the idea's own event is
        return unit
