"""The staging of a story whose idea has an action (:mod:`.actions`): the family's scenes first
in each beat, among the events that fit any story; and of a story whose idea sets a deadline
("before the new bridge opens") but names no doing the families know: the genre's scenes, with
the days counted down among them and the crisis on the day."""

from __future__ import annotations

import zlib
from random import Random

from shortstory.pipeline.situation import Situation
from shortstory.writers.procedural.action_reading import Action, read_action
from shortstory.writers.procedural.actions import CARRIED, CLOCK_FILE, action_pools
from shortstory.writers.procedural.scenes import Scene, Staging, pools_for
from shortstory.writers.procedural.slots.state import SlotUnavailable


class ActionStaging(Staging):
    """Staging whose inciting event, middle, turn and ending are the idea's action first."""

    def _init_staging(self, genre_id: str) -> None:
        super()._init_staging(genre_id)
        situation = Situation.from_dict(self.plan.world.situation)
        self.action = read_action(situation, self.plan.story_request.premise.idea)
        self.action_scenes: dict[str, list[Scene]] = {}
        self.clock_scenes: dict[str, list[Scene]] = {}
        want = bool(self.plan.character.want)
        if self.action is not None:
            self.action_scenes = action_pools(self.action, situation, want, self.plan.seed,
                                              genre_id, self._tellable())
        elif situation.clock:
            self.clock_scenes = action_pools(Action(CLOCK_FILE, "wait"), situation, want,
                                             self.plan.seed, genre_id, tellable=False)

    def _tellable(self) -> bool:
        """Whether the idea can be said in a line of this story, whole or by its deed (an idea
        the reader could not split, "Two sisters are forced to share…", cannot)."""
        state = self.realiser.snapshot()
        try:
            for slot in ("{told}", "{deed}"):
                try:
                    self.realiser.fill(slot)
                    return True
                except SlotUnavailable:
                    continue
            return False
        finally:
            self.realiser.restore(state)

    def _candidates(self, function: str, first: bool) -> list[Scene]:
        found = super()._candidates(function, first)
        pools = pools_for(function, self.plan.world.resolution, first)
        if not self.action_scenes:
            # The deadline's days among the genre's events, two of those to one of these.
            clock = [scene for pool in pools for scene in self.clock_scenes.get(pool, ())]
            return (_interleave(found, clock) if "middle" in pools else clock + found) if (
                clock) else found
        own = [scene for pool in pools for scene in self.action_scenes.get(pool, ())]
        dialogue = self.plan.scaffold.voice.get("dialogue", "normal")
        if dialogue == "more":
            # The scaffold's dialogue level chooses among the family's scenes: those with talk
            # first for "more" (the order otherwise kept), none for "less".
            own.sort(key=lambda scene: not _talks(scene))
        elif dialogue == "less":
            own = [scene for scene in own if not _talks(scene)]
        if own and CARRIED & set(pools):
            # The action carries the plot: the genre's own events (a clue found, a wrong
            # suspect, a late confession) would tell a second story between its steps. When
            # its steps are spent, the events that fit any story follow them, and the genre's
            # only after those (a long story's last resort before sentences of texture).
            shared = [scene for pool in pools for scene in self.scene_shared.get(pool, ())]
            genre = [scene for scene in found if scene.own]
            found = [scene for scene in found if not scene.own]
            extra = sorted((s for s in shared if s not in found), key=lambda s: s.key)
            # In the story's own order: stories of one family do not share their fillers.
            idea = self.plan.story_request.premise.idea
            Random(zlib.crc32(f"{idea}:{self.plan.seed}".encode())).shuffle(extra)
            # Those about the idea's own thing first: readers found the same handcart, supper
            # and borrowed key in stories of bees, ferries and courtrooms.
            extra.sort(key=lambda scene: not scene.names_the_idea)
            found += extra
            if "middle" in pools:
                # Two of the action's steps, then one event of any story: the steps spread
                # over the middle beats and mount there, rather than all told in the first.
                own = _interleave(own, found)
                found = [s for s in found if s not in own]
            found += genre
        return own + found


def _interleave(steps: list[Scene], others: list[Scene]) -> list[Scene]:
    """``steps`` two at a time, one of ``others`` after each two, the rest of ``others`` last."""
    out: list[Scene] = []
    rest = list(others)
    for n, step in enumerate(steps):
        out.append(step)
        if n % 2 == 1 and rest:
            out.append(rest.pop(0))
    return out + rest


def _talks(scene: Scene) -> bool:
    return any("“" in line for line in scene.lines)
