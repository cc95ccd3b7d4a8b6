"""Scene units: short passages in which one thing happens, in one place, with its consequence.

A scene is a list of sentence templates in the realiser's language (``{P} {v:lift} {item}``…),
so it inflects for any POV and tense like every other unit. It is written whole, as a writer
would write a small event: the object picked up is the one put down, a question asked gets its
answer or its refusal, a person who comes in is still there or leaves. The story's beats ask for
scenes by the job they do in the plot (``data/scenes/*.json``):

==================  ===========================================================================
pool                what happens
==================  ===========================================================================
``opening``         the protagonist in the idea's world, at its work, wanting something; four
                    kinds of first line (in action, in place, in talk, in memory)
``inciting``        the idea's central event, dramatised (``{told}``, ``{deed}``, ``{item}``)
``middle``          complications that follow from it: a refusal, a cost, a search, a lie
``turn``            what changes what the protagonist understands or wants
``crisis``          the choice the turn forces, and what it costs
``end_resolved``    the want met, answering the opening
``end_refused``     the want let go or changed, answering the opening
                    (the want is said only in these and the opening: a want of six words
                    may be said twice in a story)
==================  ===========================================================================

A genre's own file holds its kinds of complication (clues and a wrong suspect, an obstacle
between two people, dread that escalates, a mishap that mounts…); ``any.json`` holds scenes that
fit every genre, and tells at most ``SHARED_SHARE`` of a story. Each scene is told at most once a
story; how its lines are written (``?``, ``¶``, ``#``) is :mod:`.scene_data`'s.
"""

from __future__ import annotations

import zlib
from random import Random
from typing import TYPE_CHECKING

from shortstory.analysis.words import count_words
from shortstory.pipeline.object_handling import handling
from shortstory.pipeline.setting_fit import fits_scene
from shortstory.pipeline.world_kinds import out_of_world
from shortstory.writers.procedural.layout import Unit, sensed_at
from shortstory.writers.procedural.period import out_of_period
from shortstory.writers.procedural.scene_data import (
    OPTIONAL,
    PARAGRAPH,
    Scene,
    character_lines,
    scene_library,
)
from shortstory.writers.procedural.slots.state import SlotUnavailable

__all__ = ["OPTIONAL", "PARAGRAPH", "Scene", "Staging", "character_lines", "pools_for",
           "scene_library"]

if TYPE_CHECKING:
    from shortstory.pipeline.plan import StoryPlan
    from shortstory.writers.procedural.guards import Guards
    from shortstory.writers.procedural.realiser import Realiser

POOLS_OF = {
    "opening": (("opening",), ("setup",)),
    "disturbance": (("inciting",), ("middle",)),
    "pursuit": (("middle",), ("middle",)),
    "complication": (("middle",), ("middle",)),
    "turn": (("turn",), ("crisis",)),
    "crisis": (("crisis",), ("crisis",)),
}
"""The pools of a beat's first scene and of its later ones: one opening, one inciting event,
one turn a beat, and its other scenes the events that follow from it (the resolution's one
ending scene is by outcome, and no other scene follows it)."""
SHORTEST_FRAMES_BELOW = 200
SPARE_BELOW = 700
"""A story shorter than this tells its scenes without their optional lines."""
"""A story this short says the character's frames in their fewest words."""
GENRE_FIRST = frozenset({"middle", "turn"})
MIXED = frozenset({"opening", "turn", "end_resolved", "end_refused"})
"""Pools whose genre scenes are entered at the seed: two seeds of a premise open, turn and end
differently (different events, not only different words)."""
SHARED_MIDDLE_FROM = 2500
SHARED_SHARE = 0.15
"""The most of a story's length that scenes fitting any premise (``any.json``) may tell: past
it, the genre's own events and the idea's own action carry the story, and sentences of texture
fill what they leave (readers found the same handcart, supper and lost key in every long story,
a third to a half of its words)."""
SCENE_WORDS = 65
"""About how many words a scene tells (the shared scenes' middling length)."""
SHARED_SPARE = 2
"""Shared middle scenes a story may draw beyond those its share has room for (some cannot be
told in it)."""
STEPS_PER_BEAT = 2
"""The idea's own action's middle steps a middle beat tells as it is composed: the steps spread
over the middle beats, with the genre's events between them (the fit may add more)."""
BEAT_OWN = frozenset({"opening", "disturbance", "resolution"})
"""Beats whose first scene is told whatever the shared scenes have told (the opening, the idea's
event, the ending): the story needs them, and the genre may have none that fits."""


def pools_for(function: str, resolution: str, first: bool) -> tuple[str, ...]:
    """The pools a beat of ``function`` draws its first (or a later) scene from."""
    if function == "resolution":
        return (f"end_{resolution}",) if first else ()
    first_pools, later = POOLS_OF.get(function, (("middle",), ("middle",)))
    return first_pools if first else later


def _in_turn(line: str, turn: int) -> str:
    """The ``turn``-th alternative of a line that is one bracketed choice, else the line."""
    if line.startswith("[") and line.endswith("]") and line.count("[") == 1:
        options = line[1:-1].split("|")
        return options[turn % len(options)]
    return line


class Staging:
    """The composer's scene room: picks a beat's scenes in seeded order and renders them whole."""

    plan: StoryPlan
    rng: Random
    guards: Guards
    realiser: Realiser
    strict: bool

    def _init_staging(self, genre_id: str) -> None:
        self.genre_id = genre_id
        self.scene_own, self.scene_shared = scene_library(genre_id)
        self.scenes_told: set[str] = set()
        """Scenes told, or found unable to be told, in this story."""
        self.character_shown: set[str] = set()
        self.told_whole = True
        """Whether the inciting scene told the idea whole (else by its deed)."""
        self.scene_needs: dict[str, int] = {}
        """Scenes too long for the room they were tried in, with the fewest words they took."""
        self._scene_order: dict[str, list[Scene]] = {}
        self.steps_left: int | None = None
        """The action's middle steps the beat being composed may still tell (None: any)."""
        self.shared_words = 0
        """Words told by shared scenes (``any.json``), held to ``SHARED_SHARE`` of the story."""
        middle = sorted(self.scene_shared.get("middle", ()), key=lambda scene: scene.key)
        premise = f"{self.plan.story_request.premise.idea}:{self.plan.seed}:{genre_id}"
        Random(zlib.crc32(premise.encode("utf-8"))).shuffle(middle)
        allowed = int(SHARED_SHARE * self.plan.target_words / SCENE_WORDS) + SHARED_SPARE
        self.shared_middle = frozenset(scene.key for scene in middle[:allowed])
        """The shared middle scenes this story may tell, drawn at its premise and seed: two
        stories share a few of them, never the same run (whatever order they are asked in)."""

    def _flawed(self, text: str) -> bool:
        """Whether the analysis library would flag ``text`` (the composer's)."""
        raise NotImplementedError

    def _candidates(self, function: str, first: bool) -> list[Scene]:
        found: list[Scene] = []
        for pool in pools_for(function, self.plan.world.resolution, first):
            key = f"{pool}:{first}"
            if key not in self._scene_order:
                own = list(self.scene_own.get(pool, ()))
                shared = list(self.scene_shared.get(pool, ()))
                if (pool in GENRE_FIRST or not first) and (
                        self.plan.target_words < SHARED_MIDDLE_FROM):
                    # A story of ordinary length takes its middle events from its genre (a
                    # wrong suspect, an obstacle between two people, dread that mounts); the
                    # genre-neutral ones are for long stories that need more events.
                    shared = []
                self.rng.shuffle(own)
                self.rng.shuffle(shared)
                # The genre's own kinds of event come first; a shared scene now and then.
                order = own + shared
                if pool in MIXED:
                    # One order per premise and genre, entered at the seed: the next seed
                    # starts one scene further on, so two seeds never open alike.
                    premise = f"{self.plan.story_request.premise.idea}:{pool}:{self.genre_id}"
                    order = sorted(own or shared, key=lambda scene: scene.key)
                    Random(zlib.crc32(premise.encode("utf-8"))).shuffle(order)
                    start = self.plan.seed % len(order)
                    order = order[start:] + order[:start]
                    if own:
                        # When the seed's own scene cannot be told, a shared one in the
                        # story's own order stands in before the genre's others.
                        order = [order[0], *shared, *order[1:]]
                elif own and shared and not first and self.rng.random() < 0.35:
                    order = [shared[0], *own, *shared[1:]]
                self._scene_order[key] = order
            found += self._scene_order[key]
        return found

    def scene_unit(self, function: str, room: int | None = None,
                   first: bool = False) -> Unit | None:
        """The first scene of the beat's pools (in seeded order) that renders within ``room``
        words and passes the guards; None when every one is told or fails. A beat's ``first``
        scene is its own kind (the opening, the inciting event, the turn, the ending)."""
        kind = "ending" if function == "resolution" else "opening" if (
            function == "opening" and first) else (
            "event" if function == "disturbance" and first else "scene")
        capped = not (first and function in BEAT_OWN) and (
            self.shared_words >= SHARED_SHARE * self.plan.target_words)
        for scene in self._candidates(function, first):
            if scene.key in self.scenes_told or (
                    room is not None and self.scene_needs.get(scene.key, 0) > room) or (
                    not scene.own and (capped or (
                        ":middle:" in scene.key and scene.key not in self.shared_middle))):
                continue
            step = scene.key.startswith("act-") and ":middle:" in scene.key
            if step and self.steps_left is not None and self.steps_left <= 0:
                continue
            if not self.presumable(scene):
                self.scenes_told.add(scene.key)  # never in this story
                continue
            extra = self._character_line(function, first)
            unit = None
            for lines in (extra, self._fallback_line(function, first)):
                # A scene that shows the character is kept like a plot event.
                unit = self._stage(scene, room, kind, lines) if lines else None
                if unit is not None:
                    # Every opening frame has their name said by someone who knows them.
                    self.character_shown |= {"quirk", "name"}
                    break
            if unit is None:
                unit = self._stage(scene, room, kind)
            if unit is not None:
                self.scenes_told.add(scene.key)
                if not scene.own:
                    self.shared_words += unit.words
                if step and self.steps_left is not None:
                    self.steps_left -= 1
                return unit
        return None

    def presumable(self, scene: Scene) -> bool:
        """Whether the story's year, world and place could hold what ``scene`` presumes."""
        realiser = self.realiser
        for thing in scene.needs:
            if out_of_period(thing, self.genre_id, realiser.premise_words,
                             self.plan.world.year) or out_of_world(
                    thing, realiser.worlds, realiser.world_own) or (
                    realiser.own_place and not fits_scene(thing, realiser.own_place)):
                return False
        return True

    def _character_line(self, function: str, first: bool) -> list[tuple[str, bool]]:
        # The habit is seen in the opening, the contradiction when the turn tests it: once
        # each, joined to the scene, in one of a few frames (the seed's).
        if not first:
            return []
        if function == "opening" and "quirk" not in self.character_shown:
            return self._frame("quirk")
        return []

    def _sense_line(self) -> list[tuple[str, bool]]:
        frames = character_lines()["sense"]
        turn = self.plan.seed + len(self.scenes_told)
        # A frame's alternatives are taken in turn, not one for the whole story (a template's
        # choice): "…, and then nothing" three times in a story is a tic.
        return [(_in_turn(line, turn // len(frames)), False)
                for line in frames[turn % len(frames)]]

    def _fallback_line(self, function: str, first: bool) -> list[tuple[str, bool]]:
        # A standing habit ("keeps a pebble in each pocket") is no deed: it is told as what
        # they do, with their name said by someone who knows them.
        if first and function == "opening" and "quirk" not in self.character_shown:
            if not self.plan.character.quirk:
                return self._frame("name")
            return self._frame("quirk_state") + self._frame("name")
        return []

    def _frame(self, part: str, turn: int = 0) -> list[tuple[str, bool]]:
        frames = character_lines()[part]
        chosen = self.plan.seed + zlib.crc32(self.genre_id.encode()) + turn
        frame = frames[chosen % len(frames)]
        if self.plan.target_words < SHORTEST_FRAMES_BELOW:
            frame = min(frames, key=lambda lines: sum(len(line.split()) for line in lines))
        return [(line.removeprefix(PARAGRAPH), line.startswith(PARAGRAPH)) for line in frame]

    def frame_unit(self, part: str) -> Unit | None:
        """One of the character's frames told on its own (a story too short for scenes)."""
        if part.startswith("want") and not self.plan.character.want:
            return None
        frames = character_lines()[part]
        for turn in range(len(frames)):
            # The seed's frame first, the others if it cannot be said here (a door needs a
            # room to be the door of).
            state = self.realiser.snapshot()
            try:
                text = self._render(self._frame(part, turn))
            except SlotUnavailable:
                self.realiser.restore(state)
                continue
            if self.guards.allows(text) and not self._flawed(text):
                break
            self.realiser.restore(state)
        else:
            return None
        self.guards.keep(text)
        words = count_words(text)
        self.realiser.words_told += words
        # Core: a compact story's fit drops its filler, never these.
        return Unit(text, words, True, "“" in text, f"frame:{part}")

    def _want_lines(self, scene: Scene, function: str,
                    lines: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
        """``lines`` with the want said where the story opens and answered where it ends, if
        the scene does not say it itself."""
        if function not in {"opening", "resolution"} or not self.plan.character.want or (
                any("{want" in line for line in scene.lines)):
            return lines
        if function == "opening":
            return lines + self._frame("want_open")
        # The ending's last line stays last: the want is answered just before it.
        frame = self._frame(f"want_{self.plan.world.resolution}")
        return lines[:-1] + frame + lines[-1:]

    def _stage(self, scene: Scene, room: int | None, kind: str,
               extra: list[tuple[str, bool]] | None = None) -> Unit | None:
        pool = scene.key.split(":")[1]
        # A beat's first scene is sensed where it happens: a line of the place's own palette
        # sets it (left out when the palette is spent).
        sensed = kind in {"opening", "event", "ending"} or pool in {"turn", "crisis"}
        # A short story's scenes leave out their optional lines from the start.
        for optional in (True, False) if self.plan.target_words >= SPARE_BELOW else (False,):
            for sense in ((True, False) if sensed else (False,)):
                state = self.realiser.snapshot()
                lines = self._lines(scene, pool, kind, optional, sense, extra)
                try:
                    text = self._told_or_deed(lines, state)
                except SlotUnavailable:
                    self.realiser.restore(state)
                    if sense:
                        continue
                    if not extra:
                        self.scenes_told.add(scene.key)  # it cannot be told in this story
                    return None  # (with a character line: tried again without it)
                break
            words = count_words(text)
            if room is not None and words > room:
                self.realiser.restore(state)
                # It may fit a roomier gap later; until then it is not rendered again.
                self.scene_needs[scene.key] = min(words, self.scene_needs.get(scene.key, words))
                continue
            # A scene is an event of the plot: it is judged before it is kept, never dropped
            # whole by the repair afterwards.
            if not self.guards.allows(text) or self._flawed(text):
                self.realiser.restore(state)
                self.scenes_told.add(scene.key)  # judged wrong here: not tried again
                return None
            self.guards.keep(text)
            self.realiser.words_told += words
            return Unit(text, words, False, True, kind, own=scene.own, scene=scene.key)
        return None

    def _lines(self, scene: Scene, pool: str, kind: str, optional: bool, sense: bool,
               extra: list[tuple[str, bool]] | None) -> list[tuple[str, bool]]:
        lines = scene.template(optional)
        if pool == "opening" or kind == "ending":
            lines = self._want_lines(scene, "opening" if pool == "opening" else "resolution",
                                     lines)
        if sense:
            # After the scene's first action, never first in its paragraph (a paragraph that
            # opens on a smell reads as a device) nor between two lines that lean on each other.
            at = sensed_at(lines)
            lines = lines[:at] + self._sense_line() + lines[at:]
        if extra:
            # In an ending the character line comes before the last line, which stays last.
            lines = lines[:-1] + extra + lines[-1:] if kind == "ending" else lines + extra
        return lines

    def _told_or_deed(self, lines: list[tuple[str, bool]], state: tuple[object, ...]) -> str:
        """The scene with the idea told whole, or by its deed when the whole cannot be told:
        it would slip out of the story's tense ("an address that burned down" in a present
        story) or keep a run of the idea's own words."""
        if not any("{told}" in line for line, _ in lines):
            return self._render(lines)
        try:
            text = self._render(lines)
            if not self._flawed(text):
                self.told_whole = True
                return text
        except SlotUnavailable:
            pass
        self.realiser.restore(state)
        self.told_whole = False
        return self._render([(line.replace("{told}", "{deed}"), paragraph)
                             for line, paragraph in lines])

    def _render(self, lines: list[tuple[str, bool]]) -> str:
        realiser = self.realiser
        realiser.in_core = True
        realiser.idiolect.swap_words = False
        realiser.keep_places = True  # a scene names its place once, and means it
        # What one line does to the object, the scene does to it: "it" in a later line is the
        # thing the first line found.
        realiser.scene_handling = handling(tuple(line for line, _ in lines))
        text = ""
        try:
            for line, paragraph in lines:
                filled = realiser.fill(line)
                text += ("\n\n" if paragraph else " ") + filled if text else filled
        finally:
            realiser.idiolect.swap_words = True
            realiser.keep_places = False
            realiser.scene_handling = ""
        return text
