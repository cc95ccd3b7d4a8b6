"""Finishing a composed story: fitting it to its length, judging it, repairing what is flagged.

The fit adds units (a scene when the gap has room for one, else a short scene sentence) to the
beat furthest under its budget, and drops units (pool sentences before scenes) when over; the
analysis library (POV/tense linter, cliché detector) judges the laid-out text, and the flagged
units are dropped or re-rendered. Supporting characters get their full name where the narration
first meets them.
"""

from __future__ import annotations

import re
from collections import Counter
from operator import attrgetter
from typing import TYPE_CHECKING

from shortstory.analysis.cliches import find_cliches, replacement_for
from shortstory.analysis.input_checks import MAX_WORDS
from shortstory.analysis.pov import lint_pov_tense
from shortstory.analysis.pov.lexicon import SPEECH_VERBS
from shortstory.analysis.words import count_words
from shortstory.pipeline.cast_names import is_family
from shortstory.pipeline.situation import Situation
from shortstory.writers.procedural.grammar import is_plural_noun
from shortstory.writers.procedural.layout import Unit, layout

if TYPE_CHECKING:
    from random import Random

    from shortstory.pipeline.plan import CastMember, StoryPlan
    from shortstory.writers.procedural.guards import Guards
    from shortstory.writers.procedural.realiser import Realiser

FIT_TOLERANCE = 0.02
MAX_WIDENING = 14
FIT_STEPS = 2000
SCENE_GAP = 45
"""A gap this wide or wider is filled with a scene before any single sentence."""
TAIL_KINDS = frozenset({"outcome", "theme", "close"})
PLOT_EVENTS = frozenset({"event", "opening", "ending"})
"""Scenes the fit drops last: the idea's own event; the opening and the ending it never drops."""
KEPT_WHOLE = frozenset({"opening", "ending"})

_WORDS_OF = attrgetter("words")


class Finishing:
    """The composer's last rooms: fit, judge, repair, introduce the cast."""

    plan: StoryPlan
    rng: Random
    guards: Guards
    realiser: Realiser
    template_limit: int
    template_misses: Counter[str]
    strict: bool
    names: list[str]

    def pool_unit(self, kind: str, max_words: int | None = None) -> Unit | None:
        """A scene sentence of ``kind`` (the composer's)."""
        raise NotImplementedError

    staged: set[int]
    scenes_refused: dict[tuple[str, bool], int]
    """The largest room in which a scene for (function, first of its beat) was refused."""

    def scene_unit(self, function: str, room: int | None = None,
                   first: bool = False) -> Unit | None:
        """A scene for a beat of ``function`` (the composer's)."""
        raise NotImplementedError

    def core_unit(self, alternatives: list[str], kind: str) -> Unit | None:
        """A core unit from ``alternatives`` (the composer's)."""
        raise NotImplementedError

    def fit(self, beats: list[list[Unit]], target: int) -> None:
        """Add or drop pool units until the total is within the tolerance of ``target``."""
        tolerance = max(2, int(target * FIT_TOLERANCE))
        # 7,500 words is a hard ceiling everywhere (the analysis library refuses more).
        # (less a word or two per supporting character, whose full name may still be added).
        ceiling = min(target + tolerance, MAX_WORDS - 2 * len(self.plan.world.cast))
        total = sum(u.words for units in beats for u in units)
        kinds = ("think", "act", "sense", "locate", "world", "memory", "short")
        misses = widened = 0
        self.scenes_refused = {}
        for step in range(FIT_STEPS):
            gap = target - total
            if abs(gap) <= tolerance and total <= ceiling:
                return
            if gap < 0 or total > ceiling:
                # The opening and the ending stay: a story is never fitted by cutting its first
                # or last scene (the opening also shows who the character is).
                removable = [(i, j, u) for i, units in enumerate(beats)
                             for j, u in enumerate(units)
                             if not u.core and u.kind not in KEPT_WHOLE]
                if not removable:
                    return
                # A pool sentence goes before a scene (a scene is an event of the plot), unless
                # only a scene is big enough to close the gap.
                i, j, unit = min(removable, key=lambda r: (
                    r[2].kind in PLOT_EVENTS, bool(r[2].scene) and r[2].words > -gap + tolerance,
                    abs(-gap - r[2].words), r[0], r[1]))
                self.guards.forget(unit.text)
                del beats[i][j]
                total -= unit.words
                self.scenes_refused.clear()
            else:
                kind = kinds[step % len(kinds)] if gap > 8 else "short"
                room = min(gap + tolerance, ceiling - total)
                # The beat furthest under its budget takes the unit, before its closing core.
                shortfall = [b.target_words - sum(map(_WORDS_OF, units))
                             for b, units in zip(self.plan.outline.beats, beats, strict=True)]
                i = max(range(len(beats)), key=lambda k: (shortfall[k], -k))
                if gap >= SCENE_GAP and (placed := self._fitting_scene(beats, room)):
                    i, scene = placed
                    beats[i].insert(self._insert_at(beats[i]), scene)
                    total += scene.words
                    continue
                found = self.pool_unit(kind, max_words=room)
                if found is None:
                    found = self.pool_unit("short", max_words=room)
                if found is None:
                    misses += 1
                    if misses > len(kinds):
                        if widened >= MAX_WIDENING:
                            return
                        # Out of fresh material: let templates and phrases return once more
                        # (the repetition guard still refuses any six-word run a third time).
                        widened += 1
                        misses = 0
                        self.scenes_refused.clear()
                        self.template_limit += 1
                        self.realiser.palette_limit += 1
                        self.template_misses.clear()
                        if widened > MAX_WIDENING // 2:
                            # Last resort for a long story: its cast may carry more sentences,
                            # and its sentences their places up to the story's whole budget
                            # (the length is the promise; so is one "at" a place per 150 words).
                            self.guards.cast_only_share = 1
                            self.realiser.place_pace = False
                    continue
                misses = 0
                unit = found
                beats[i].insert(self._insert_at(beats[i]), unit)
                total += unit.words

    def _fitting_scene(self, beats: list[list[Unit]], room: int) -> tuple[int, Unit] | None:
        # A scene for the beats furthest under budget, middle beats first: a story that runs
        # short gets more events, not more sentences about the same one.
        shortfall = [b.target_words - sum(map(_WORDS_OF, units))
                     for b, units in zip(self.plan.outline.beats, beats, strict=True)]
        order = sorted(range(len(beats)), key=lambda k: (-shortfall[k], k))
        for i in order[:3]:
            beat = self.plan.outline.beats[i]
            asked = (beat.function, i not in self.staged)
            if room <= self.scenes_refused.get(asked, -1):
                # No scene of this kind fitted a room at least as large: none will now, until
                # the story gives words back or the fit widens (a long story asked 600 times).
                continue
            self.realiser.set_place(beat.index)
            unit = self.scene_unit(beat.function, room, first=asked[1])
            if unit is not None:
                self.staged.add(i)
                return i, unit
            self.scenes_refused[asked] = max(room, self.scenes_refused.get(asked, -1))
        return None

    def judge(self, beats: list[list[Unit]]) -> set[tuple[int, int]]:
        """The units the analysis library flags in the laid-out story (beat, position)."""
        text, spans = layout(beats, self.plan.seed)
        scaffold = self.plan.scaffold
        bad = [(i.start, i.end) for i in lint_pov_tense(text, scaffold.pov, scaffold.tense,
                                                        self.names)]
        bad += [(m.start, m.end) for m in find_cliches(text)]
        flagged = set()
        for start, end in bad:
            for key, (u_start, u_end) in spans.items():
                if u_start <= start < u_end or u_start < end <= u_end:
                    flagged.add(key)
        return flagged

    def repair(self, beats: list[list[Unit]], flagged: set[tuple[int, int]]) -> None:
        """Drop flagged scene units; re-render flagged core units from their alternatives."""
        self.strict = True
        for i, j in sorted(flagged, reverse=True):
            unit = beats[i][j]
            self.guards.forget(unit.text)
            if not unit.core:
                del beats[i][j]
                continue
            others = [t for t in unit.alternatives if t]
            replacement = self.core_unit(others, unit.kind) if others else None
            if replacement is not None:
                beats[i][j] = replacement
            else:
                # Every alternative carries the flaw: it is in the user's own words (a cliché
                # in the idea or theme). The premise stage has flagged it; the story replaces it.
                unit.text = _replace_cliches(unit.text)
                unit.words = count_words(unit.text)
                self.guards.keep(unit.text)
        self.strict = False

    def introduce_cast(self, beats: list[list[Unit]]) -> None:
        """Give each supporting character their full name where the narration first names them.

        A unit that introduced someone may have been dropped while fitting; the reader must
        still meet "Marta Halloran" before "Marta".
        """
        names = {m.name.split()[0]: m.name for m in self.plan.world.cast}
        pending = {m.name.split()[0]: self._first_mention(m) for m in self.plan.world.cast
                   if " " in m.name}
        for units in beats:
            for unit in units:
                if not pending:
                    return
                for given, full in list(pending.items()):
                    for match in re.finditer(rf"\b{re.escape(given)}\b", unit.text):
                        before = unit.text[: match.start()]
                        if unit.text.startswith(full, match.start()) or (
                                before + given).lower().endswith(full.lower()):
                            del pending[given]
                            break
                        if before.count("“") > before.count("”"):
                            continue  # inside speech: people say the short name
                        self.guards.forget(unit.text)
                        end = match.end()
                        if unit.text.startswith(names[given], match.start()):
                            end = match.start() + len(names[given])  # the full name, once
                        if _opens_sentence(before, unit.text[end:]):
                            full = full[:1].upper() + full[1:]  # "My daughter Clare…"
                        unit.text = before + full + unit.text[end:]
                        unit.words = count_words(unit.text)
                        self.guards.keep(unit.text)
                        del pending[given]
                        break

    def say_who_they_are(self, beats: list[list[Unit]]) -> None:
        """Where the narration first names one of the idea's people (not in speech, not as an
        owner), say who they are: "Kasimir Arden, the stranger, …", "Benedikt Maddox, one of
        the students, …". Readers met a cast they could not place."""
        pending = self._who_they_are()
        for unit in (unit for units in beats for unit in units):
            for given, who in list(pending.items()):
                for match in re.finditer(rf"\b{re.escape(given)}(?: [A-Z][\w'’-]+)?", unit.text):
                    before, after = unit.text[: match.start()], unit.text[match.end():]
                    if before.count("“") > before.count("”") or re.match(r"['’]s\b", after):
                        continue  # inside speech, or "Kasimir's house"
                    closed = re.match(r"\s*(?:[.,;:!?”)]|$)", after)
                    self.guards.forget(unit.text)
                    unit.text = f"{before}{match.group(0)}, {who}{'' if closed else ','}{after}"
                    unit.words = count_words(unit.text)
                    self.guards.keep(unit.text)
                    del pending[given]
                    break

    def _who_they_are(self) -> dict[str, str]:
        """The idea's people among the cast (not the protagonist's family, named as theirs),
        by given name, with what the idea calls them ("the stranger", "one of the students")."""
        people = Situation.from_dict(self.plan.world.situation).people
        heads = {person.split()[-1].lower() for person in people if person.split()}
        return {member.name.split()[0]: (
                    member.role if member.role.startswith("one of ") else
                    f"one of {member.short_role}" if is_plural_noun(member.role.split()[-1])
                    else member.short_role)
                for member in self.plan.world.cast
                if " " in member.name and not is_family(member.role)
                and member.role.split()[-1].lower() in heads - _MANY
                and member.short_role not in _SAYS_NOTHING and "'s " not in member.role}

    def _first_mention(self, member: CastMember) -> str:
        """How the narration first names someone: in full ("Marta Halloran"), or, for the
        protagonist's own family, as theirs ("my daughter Clare": the family name is theirs)."""
        if not is_family(member.role):
            return member.name
        # "the other sister" (one of "two sisters") is "her sister Hanna", not "her other…"
        kin = re.sub(r"^(?:an?|the)\s+(?:other\s+)?", "", member.short_role)
        # "my widowed father Benedikt", never "my widowed father learning to cook Benedikt":
        # the kin word ends the title; what the role says after it is no part of a name.
        words = kin.split()
        last = next((n for n, word in enumerate(words) if is_family(word)), len(words) - 1)
        kin = " ".join(words[: last + 1])
        return f"{self.realiser.pronouns.possessive} {kin} {member.name.split()[0]}"

    @staticmethod
    def _insert_at(units: list[Unit]) -> int:
        position = len(units)
        while position > 0 and (units[position - 1].kind == "ending" or (
                units[position - 1].core and units[position - 1].kind in TAIL_KINDS)):
            position -= 1
        return position


_MANY = frozenset({"couple", "couples", "family", "families", "pair", "twins", "crowd", "team",
                   "teams", "group", "groups", "class", "choir", "band", "crew", "gang",
                   "audience"})
"""Roles that are several people: one cast member is never "the couple"."""
_SAYS_NOTHING = frozenset({"the man", "the woman", "the girl", "the boy", "the child",
                           "the person"})
"""Roles that would tell the reader nothing ("Thomas Thwaite, the man")."""


def _opens_sentence(before: str, after: str) -> bool:
    """Whether a name between ``before`` and ``after`` opens a sentence: not in a speech tag
    ("“Still at it, Martha,” my husband Tobin called"; "“Who?” my sister Ada asked")."""
    before = before.rstrip()
    if not before or before.endswith((".", "!", "?")):
        return True
    if not before.endswith("”"):
        return False
    said = re.match(r"\s*(\w+)", after)
    tag = said is not None and said.group(1).lower() in SPEECH_VERBS
    return before[:-1].endswith((".", "!", "?")) and not tag


def _replace_cliches(text: str) -> str:
    for match in sorted(find_cliches(text), key=lambda m: m.start, reverse=True):
        text = text[: match.start] + replacement_for(match, text) + text[match.end :]
    return text

