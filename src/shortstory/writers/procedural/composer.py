"""Composing a story from scenes: each beat's events as whole passages, then what they leave.

A beat gets its scenes first (:mod:`.scenes`: the opening, the idea's own event, the events that
follow from it, the turn, the crisis, the ending that answers the opening), then the core
sentences a scene does not carry (the turn itself, the genre's causal spine, the protagonist's
trade; :mod:`.sentences`), then, only in a long story that has told all its scenes, sentences
of texture from the pools. The character's habit, contradiction and want are shown once each
where the story opens, turns and ends. A story under ``COMPACT_BELOW`` words is told compactly.
The whole is fitted to its length, judged and repaired in :mod:`.finishing`.
"""

from __future__ import annotations

import zlib
from collections import Counter
from random import Random
from typing import Any

from shortstory.analysis.words import iter_words
from shortstory.pipeline.catalog import Genre
from shortstory.pipeline.plan import Beat, StoryPlan
from shortstory.writers.procedural.action_staging import ActionStaging
from shortstory.writers.procedural.finishing import Finishing
from shortstory.writers.procedural.guards import CAST_ONLY_SHARE, Guards, specific_words
from shortstory.writers.procedural.layout import Unit
from shortstory.writers.procedural.realiser import Realiser
from shortstory.writers.procedural.scenes import STEPS_PER_BEAT
from shortstory.writers.procedural.sentences import (
    GENRE_RESTING,
    GENRE_SCENES,
    MAX_MISSES,
    TEMPLATE_USES,
    Sentences,
    genre_scenes,
)
from shortstory.writers.procedural.wording import Idiolect

__all__ = ["GENRE_SCENES", "Composer"]

COMPACT_BELOW = 400
"""Stories shorter than this keep only the core units that carry the premise."""
OPTIONAL_CORE = frozenset({"opening.start", "react", "close", "disturbance.start", "routine",
                           "goal", "search", "result", "deny", "stakes", "choice", "why",
                           "act", "find", "crisis.start", "twist"})
"""Core kinds a compact story leaves out (it keeps the idea, the suspicion, the turn and end)."""
TINY_BELOW = 200
TINY_OPTIONAL = frozenset({"suspect", "reason", "role"})
SCENES_FIRST = frozenset({"opening", "disturbance"})
"""Beats whose scenes come before their core units (the story opens, the idea happens, the
end answers the opening in a scene of its own)."""
KEPT_WITH_SCENES = frozenset({"twist", "turn.start", "suspect", "goal", "search", "find", "ask",
                              "result", "mend", "act", "role"})
"""Core units a beat keeps beside its scenes: the turn itself and the genre's causal spine
(the suspect, the clue followed from finding to the turn), and the protagonist's trade."""
KEPT_WITH_ACTION = frozenset({"twist", "turn.start", "role"})
"""What a beat keeps beside the scenes of the idea's own action (:mod:`.actions`): the turn
and the trade, not the genre's spine, which would tell a second story (a suspect, a clue
found, a confession) beside the action's steps."""
DROPPED_ALWAYS = frozenset({"name", "character", "theme", "close", "want", "routine"})
"""Core units no story says any more: the name asked aloud, the character sheet as a clause,
the theme spoken, the stock last line."""
UNLIMITED = frozenset({"opening", "disturbance", "resolution"})
"""Beats whose first scene is told whatever their budget (the opening, the idea's event, the
ending): the fit shortens elsewhere."""
MIDDLE_BEATS = frozenset({"complication", "pursuit"})
MIN_SCENE_ROOM = 30
SCENE_SLACK = 25

Group = tuple[str, list[str]]
"""A kind of core unit and its alternative templates."""


class Composer(Sentences, ActionStaging, Finishing):
    """Composes the beats of one plan into units."""

    def __init__(self, plan: StoryPlan, genre: Genre, lexicon: dict[str, Any],
                 rng: Random) -> None:
        self.plan = plan
        self.lexicon = lexicon
        # The genre takes part in the seed: one premise told in two genres must not make the
        # same choices among the templates the genres share.
        self.rng = rng = Random(f"{genre.id}:{rng.getrandbits(64)}")
        self.own_pools = genre_scenes(genre.id)
        self.realiser = Realiser(plan, genre, lexicon, rng)
        # Likewise a story's own words and its templates' bracketed choices.
        self.realiser.idiolect = Idiolect(lexicon.get("idiolect", []),
                                          plan.seed * 1009 + zlib.crc32(genre.id.encode()))
        self.names = [plan.character.name, *(m.name for m in plan.world.cast)]
        names = set(self.names)
        self.guards = Guards(
            {w.lower for n in names for w in iter_words(n)},
            specific_words(plan, names),
            tuple(frozenset(w.lower for w in iter_words(m.name)) for m in plan.world.cast),
        )
        self.template_uses: Counter[str] = Counter()
        self.template_misses: Counter[str] = Counter()
        # Each story sets aside part of the scene templates (fewer the longer it is), so two
        # stories of one genre draw on different sentence shapes.
        resting = max(0.0, 0.6 - plan.target_words / 10_000)
        for pool in lexicon["pools"].values():
            for template in pool:
                if rng.random() < resting:
                    self.template_misses[template] = MAX_MISSES
        for pool in self.own_pools.values():
            for template in pool:
                if rng.random() < resting * GENRE_RESTING:
                    self.template_misses[template] = MAX_MISSES
        self.style = plan.scaffold.style
        self.dialogue = plan.scaffold.voice.get("dialogue", "normal")
        functions = [b.function for b in plan.outline.beats]
        self.idea_beat = functions.index("disturbance") if "disturbance" in functions else 0
        self.compact = plan.target_words < COMPACT_BELOW
        if plan.target_words >= 5000:
            # A long story needs more of its cast on the page; it shares a smaller share anyway.
            self.guards.cast_only_share = CAST_ONLY_SHARE // 3
        # The cast are met by name and by what they do in the scene, never by a role tag
        # pasted on (a harbour clerk on a farm); the full name comes first (introduce_cast).
        self.realiser.introduce_cast = False
        self._init_staging(genre.id)
        self.realiser.scenes_only = True
        self.staged: set[int] = set()
        self.dry_kinds: set[str] = set()
        """Pool kinds that gave no sentence while beats were composed."""
        """Beats that have had their first scene (the fit adds only later ones)."""
        self.realiser.ration_places = True
        self.realiser.idiolect.shortest = self.compact
        self.template_limit = TEMPLATE_USES + plan.target_words // 2000
        self.turn_index = next(b.index for b in plan.outline.beats if b.function == "turn")
        self.after_turn = False
        self.strict = False
        """Whether core units are judged one by one (only while repairing)."""

    # -- units ---------------------------------------------------------------------------------

    def _core_groups(self, beat: Beat) -> tuple[list[Group], list[Group]]:
        core = self.lexicon["core"]
        spine = self.lexicon.get("spine", {})
        function = beat.function
        spec = core.get(function, {})
        head: list[Group] = [(f"{function}.start", g) for g in spec.get("start", [])]
        tail: list[Group] = []
        if function == "opening":
            # Someone greets the protagonist before asking what they want.
            if self.plan.scaffold.pov == "close_third":
                head += [("name", g) for g in spec["name"]]
            else:
                # "I" and "you" never say their own full name: someone else must, early on.
                head += [("name", [t if "Pfull" in t or "Psurnamed" in t else "~" + t for t in g])
                         for g in spec["name"]]
            # The idea's protagonist is someone: a cobbler, a monk, a swimming coach.
            head += [("role", g) for g in spec.get("role", [])]
            head += [("want", g) for g in spec["want"]]
            head += [("character", g) for g in spec["character"]]
        if beat.index == self.idea_beat:
            head += [("idea", g) for g in core["idea"]]
            head += list(spine.get("idea", {}).get("tail", []))
        if function == "complication":
            head += [(kind, g) for kind in ("deny", "stakes") for g in spec.get(kind, [])]
        if function == "turn":
            # What the twist is, from the plan's own (each seed draws one of the genre's nine).
            head += [("twist", g) for g in spec.get("twist", [])]
            head += [(kind, g) for kind in ("why", "reason", "react") for g in spec.get(kind, [])]
        if function == "crisis":
            head += [("choice", g) for g in spec.get("choice", [])]
        # The spine: what this beat sets out to do, what it finds, and what that leads to.
        head += list(spine.get(function, {}).get("head", []))
        tail += list(spine.get(function, {}).get("tail", []))
        if function == "resolution":
            outcome = f"end_want_{self.plan.world.resolution}"
            tail += [("theme", g) for g in spec["theme"]]
            tail += [("outcome", g) for g in spec[outcome]]
            tail += [("close", g) for g in spec["close"]]
        return head, tail

    def compose_beat(self, beat: Beat) -> list[Unit]:
        """The units of one beat: its scenes and the core units they leave to say, filled to
        its budget (scenes first, single sentences only when no scene is left that fits)."""
        self.after_turn = beat.index > self.turn_index
        self.realiser.set_place(beat.index)
        self.realiser.start_beat()
        head_groups, tail_groups = self._core_groups(beat)
        if self.compact:
            return self._compact_beat(beat, head_groups, tail_groups)
        scenes_first = beat.function in SCENES_FIRST
        scenes: list[Unit] = []
        if scenes_first:
            scenes = self._scenes(beat, beat.target_words)
        if scenes or not scenes_first:
            # What a scene dramatises is not told again by a sentence of summary; an idea the
            # scene could tell only by its deed ("you carry a sealed box") has its fact said
            # after it ("There was no other way to read it: the streets changed each dawn").
            keep = KEPT_WITH_ACTION if self.action_scenes else KEPT_WITH_SCENES
            if beat.index == self.idea_beat and not self.told_whole:
                head_groups = [g for g in head_groups if g[0] != "idea" or "{detail}" in g[1][0]]
                keep = keep | {"idea"}
            head_groups = [g for g in head_groups if g[0] in keep]
            tail_groups = [g for g in tail_groups if g[0] in keep]
        head = [u for kind, g in head_groups if (u := self.core_unit(g, kind))]
        tail = [u for kind, g in tail_groups if (u := self.core_unit(g, kind))]
        used = sum(u.words for u in head + tail + scenes)
        if not scenes_first:
            scenes = self._scenes(beat, beat.target_words - used)
            used += sum(u.words for u in scenes)
            if not scenes and beat.function != "turn":
                # No scene rendered: the beat's summary sentences say what it must.
                head_groups, tail_groups = self._core_groups(beat)
                head += [u for kind, g in head_groups if kind not in KEPT_WITH_SCENES
                         and kind not in DROPPED_ALWAYS and (u := self.core_unit(g, kind))]
                tail += [u for kind, g in tail_groups if kind not in KEPT_WITH_SCENES
                         and kind not in DROPPED_ALWAYS and (u := self.core_unit(g, kind))]
                used = sum(u.words for u in head + tail)
        middle: list[Unit] = []
        cycle = self._cycle(beat)
        misses = 0
        step = 0
        while used < beat.target_words - MIN_SCENE_ROOM and misses < len(cycle):
            kind = cycle[step % len(cycle)]
            step += 1
            unit = None if kind in self.dry_kinds else self.pool_unit(kind)
            if unit is None:
                # A kind that gave nothing has little left for later beats either: the fit
                # comes back to it, with its widening, once the scenes are placed.
                self.dry_kinds.add(kind)
                misses += 1
                continue
            misses = 0
            if used + unit.words > beat.target_words + unit.words // 2:
                self.guards.forget(unit.text)
                break
            middle.append(unit)
            used += unit.words
        shown = self._character_shown_now(beat)
        if beat.index == self.idea_beat and not self.told_whole:
            # The idea told only by its deed: its own people and things are named after it.
            shown += [u for u in (self.frame_unit("idea_echo"),) if u]
        if scenes_first:
            return scenes + shown + head + middle + tail
        if beat.function == "resolution":
            if not any(u.kind == "ending" for u in scenes):
                # No ending scene could be told: the want is answered in a line of its own.
                shown += [u for u in (self.frame_unit(f"want_{self.plan.world.resolution}"),)
                          if u]
            # The ending scene is the story's last word.
            return head + middle + tail + shown + scenes
        return head + scenes + shown + middle + tail

    def repair(self, beats: list[list[Unit]], flagged: set[tuple[int, int]]) -> None:
        """The finishing's repair; an ending it drops (flagged in its place: "…” I breathe in"
        reads as a speech tag after a line of talk) is told again by the next ending scene,
        or by the want's answer, so that the story still ends on its outcome."""
        dropped = {i for i, j in flagged if beats[i][j].kind == "ending"}
        super().repair(beats, flagged)
        for i in dropped:
            if any(u.kind == "ending" for u in beats[i]):
                continue
            unit = self.scene_unit("resolution", None, first=True) or self.frame_unit(
                f"want_{self.plan.world.resolution}")
            if unit is not None:
                beats[i].append(unit)

    def _character_shown_now(self, beat: Beat) -> list[Unit]:
        """The character's habit (by the end of the opening) and contradiction (by the end of
        the story) said on their own when no scene could carry them."""
        character = self.plan.character
        if beat.index == 0:
            units: list[Unit] = []
            if character.quirk and "quirk" not in self.character_shown:
                units = [u for part in ("quirk", "quirk_state") if (u := self.frame_unit(part))]
                units = units[:1]
                if units:
                    self.character_shown.add("quirk")
                    if units[0].kind == "frame:quirk":
                        self.character_shown.add("name")
            if self.plan.scaffold.pov != "close_third" and "full_name" not in self.character_shown:
                # "I" and "you" never say their own name: the world does, once, in full.
                units += [u for u in (self.frame_unit("name"),) if u]
                self.character_shown |= {"name", "full_name"}
            return units
        last = beat.index == len(self.plan.outline.beats) - 1
        # The contradiction is said on its own, right after the turn's scene (a unit the fit
        # keeps, where a scene may be dropped to meet the length).
        if (beat.function in {"turn", "crisis", "resolution"} or last) and (
                character.contradiction) and "contra" not in self.character_shown:
            units = [u for u in (self.frame_unit("contra"),) if u]
            if units:
                self.character_shown.add("contra")
            return units
        return []

    def _compact_beat(self, beat: Beat, head_groups: list[Group],
                      tail_groups: list[Group]) -> list[Unit]:
        """A story too short for scenes: the idea, the turn and the end in a sentence or two
        each, the want and the habit said where it opens (by someone who knows their name)."""
        skip = set(OPTIONAL_CORE) | DROPPED_ALWAYS
        if self.plan.target_words < TINY_BELOW:
            skip |= TINY_OPTIONAL
        frames = []
        if beat.index == 0:
            frames = [u for part in ("want_open", "quirk") if (u := self.frame_unit(part))]
            if not any(u.kind == "frame:quirk" for u in frames):
                frames += [u for part in ("quirk_state", "name") if (u := self.frame_unit(part))]
        if beat.function == "turn" and self.plan.target_words >= TINY_BELOW:
            frames = [u for u in (self.frame_unit("contra"),) if u]
        head = [u for kind, g in head_groups if kind not in skip and (u := self.core_unit(g, kind))]
        tail = [u for kind, g in tail_groups if kind not in skip and (u := self.core_unit(g, kind))]
        units = frames + head
        used = sum(u.words for u in units + tail)
        cycle = self._cycle(beat)
        misses = step = 0
        while used < beat.target_words and misses < len(cycle):
            unit = self.pool_unit(cycle[step % len(cycle)])
            step += 1
            if unit is None:
                misses += 1
                continue
            if used + unit.words > beat.target_words + unit.words // 2:
                self.guards.forget(unit.text)
                break
            units.append(unit)
            used += unit.words
        return units + tail

    def _scenes(self, beat: Beat, room: int) -> list[Unit]:
        """Scenes for the beat until its room is spent (one at least, if any renders)."""
        found: list[Unit] = []
        used = 0
        if beat.index == self.idea_beat and beat.function != "disturbance":
            # A story too short for a beat of its own for the idea still tells it in a scene:
            # the opening first (if this is the opening), then the inciting event.
            if beat.function == "opening" and (opening := self.scene_unit(
                    "opening", None, first=True)):
                found.append(opening)
                used += opening.words
            inciting = self.scene_unit("disturbance", None, first=True)
            if inciting is not None:
                found.append(inciting)
                used += inciting.words
                self.staged.add(beat.index)
        # Two of the idea's action's steps a middle beat, the genre's events between them.
        self.steps_left = STEPS_PER_BEAT if beat.function in MIDDLE_BEATS else None
        while room - used >= MIN_SCENE_ROOM or not found:
            # A scene may run over the beat's budget by a little; the fit evens the whole.
            first = not found and beat.index not in self.staged
            # The story's ending is told whatever the beat's budget: the fit shortens elsewhere.
            limit = None if first and beat.function in UNLIMITED else (
                max(room - used, 0) + SCENE_SLACK)
            unit = self.scene_unit(beat.function, limit, first=first)
            if unit is None:
                break
            found.append(unit)
            used += unit.words
        self.steps_left = None
        self.staged.add(beat.index)
        return found
