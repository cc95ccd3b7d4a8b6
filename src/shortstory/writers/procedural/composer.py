"""Composing a story: beats of sentence units chosen under guards, then fitted to the length.

Each beat gets its core units (what its function must say: the want, the idea, the turn, the
resolution and theme) and is filled to its word budget from pools of scene units (placing,
sensing, acting, thinking, talking). Every unit passes the guards before it is kept: no sentence
twice, no six-word run a third time (names aside), no cliché by the product's detector. Finally
the whole story is fitted to the target within a small tolerance by adding or dropping pool
units.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from random import Random
from typing import Any

from shortstory.analysis.cliches import find_cliches
from shortstory.analysis.words import count_words, iter_words
from shortstory.pipeline.catalog import Genre
from shortstory.pipeline.plan import Beat, StoryPlan
from shortstory.writers.procedural.realiser import Realiser, SlotUnavailable

NGRAM = 6
MAX_NGRAM_USES = 2
FIT_TOLERANCE = 0.02
TEMPLATE_USES = 2
COMPACT_BELOW = 400
"""Stories shorter than this keep only the core units that carry the premise."""
OPTIONAL_CORE = frozenset({"opening.start", "react", "close", "disturbance.start"})
TAIL_KINDS = frozenset({"outcome", "theme", "close"})

# The pattern of scene units a beat cycles through; dialogue level and style adjust it.
CYCLE = ("locate", "sense", "act", "talk", "think", "sense", "act", "talk", "think")
Group = tuple[str, list[str]]
"""A kind of core unit and its alternative templates."""
STYLE_CHOICE = {"spare": "shortest", "plain": "any", "lyrical": "longest", "ornate": "longest"}


@dataclass
class Unit:
    """One kept piece of prose: a sentence or a short exchange."""

    text: str
    words: int
    core: bool
    spoken: bool
    kind: str


class Guards:
    """What the story has said so far, to refuse repeats."""

    def __init__(self, names: set[str]) -> None:
        self.names = names
        self.sentences: set[str] = set()
        self.ngrams: Counter[tuple[str, ...]] = Counter()

    def _grams(self, text: str) -> list[tuple[str, ...]]:
        tokens = [w.lower for w in iter_words(text)]
        grams = []
        for i in range(len(tokens) - NGRAM + 1):
            gram = tuple(tokens[i : i + NGRAM])
            if not self.names.intersection(gram):
                grams.append(gram)
        return grams

    @staticmethod
    def _sentences(text: str) -> list[str]:
        parts = re.split(r"(?<=[.!?”])\s+", text)
        return [" ".join(w.lower for w in iter_words(p)) for p in parts if count_words(p) >= 3]

    def allows(self, text: str) -> bool:
        """Whether ``text`` repeats nothing beyond the limits and holds no cliché."""
        sentences = self._sentences(text)
        if any(s in self.sentences for s in sentences) or len(set(sentences)) < len(sentences):
            return False
        grams = Counter(self._grams(text))
        if any(self.ngrams[g] + n > MAX_NGRAM_USES for g, n in grams.items()):
            return False
        return not find_cliches(text)

    def keep(self, text: str) -> None:
        """Record ``text`` as said."""
        self.sentences.update(self._sentences(text))
        self.ngrams.update(self._grams(text))

    def forget(self, text: str) -> None:
        """Undo :meth:`keep` for a unit dropped while fitting."""
        self.sentences.difference_update(self._sentences(text))
        self.ngrams.subtract(self._grams(text))


class Composer:
    """Composes the beats of one plan into units."""

    def __init__(self, plan: StoryPlan, genre: Genre, lexicon: dict[str, Any],
                 rng: Random) -> None:
        self.plan = plan
        self.lexicon = lexicon
        self.rng = rng
        self.realiser = Realiser(plan, genre, lexicon, rng)
        names = {plan.character["name"], *(m.name for m in plan.world.cast)}
        self.guards = Guards({w.lower for n in names for w in iter_words(n)})
        self.template_uses: Counter[str] = Counter()
        self.style = plan.scaffold.style
        self.dialogue = plan.scaffold.voice.get("dialogue", "normal")
        functions = [b.function for b in plan.outline.beats]
        self.idea_beat = functions.index("disturbance") if "disturbance" in functions else 0
        self.compact = plan.target_words < COMPACT_BELOW

    # -- units ---------------------------------------------------------------------------------

    def _try(self, template: str, core: bool, kind: str) -> Unit | None:
        state = self.realiser.snapshot()
        try:
            text = self.realiser.fill(template)
        except SlotUnavailable:
            self.realiser.restore(state)
            return None
        if not self.guards.allows(text):
            self.realiser.restore(state)
            return None
        return Unit(text, count_words(text), core, "“" in text, kind)

    def _accept(self, unit: Unit, template: str) -> Unit:
        self.guards.keep(unit.text)
        self.template_uses[template] += 1
        return unit

    def core_unit(self, alternatives: list[str], kind: str) -> Unit | None:
        """The first alternative (in seeded order) that renders and passes the guards.

        A compact story takes the shortest alternative instead.
        """
        order = list(alternatives)
        self.rng.shuffle(order)
        order.sort(key=lambda t: self.template_uses[t])
        if self.compact:
            order.sort(key=len)
        for template in order:
            unit = self._try(template, True, kind)
            if unit is not None:
                return self._accept(unit, template)
        return None

    def pool_unit(self, kind: str, max_words: int | None = None) -> Unit | None:
        """A scene unit of ``kind``; among a few candidates the style picks by length."""
        pool = [t for t in self.lexicon["pools"][kind] if self.template_uses[t] < TEMPLATE_USES]
        self.rng.shuffle(pool)
        pool.sort(key=lambda t: self.template_uses[t])
        found: list[tuple[Unit, str, tuple[Any, ...]]] = []
        for template in pool[:8]:
            before = self.realiser.snapshot()
            unit = self._try(template, False, kind)
            if unit is None or (max_words is not None and unit.words > max_words):
                self.realiser.restore(before)
                continue
            found.append((unit, template, self.realiser.snapshot()))
            self.realiser.restore(before)
            if len(found) == 3 or STYLE_CHOICE[self.style] == "any":
                break
        if not found:
            return None
        if STYLE_CHOICE[self.style] == "shortest":
            found.sort(key=lambda f: f[0].words)
        elif STYLE_CHOICE[self.style] == "longest":
            found.sort(key=lambda f: -f[0].words)
        unit, template, state = found[0]
        self.realiser.restore(state)
        return self._accept(unit, template)

    def _cycle(self, beat: Beat) -> list[str]:
        cycle = list(CYCLE)
        if self.dialogue == "more":
            cycle = [k for k in cycle if k != "think"] + ["talk", "talk"]
        elif self.dialogue == "less":
            cycle = [k for k in cycle if k != "talk"]
        if self.style == "spare":
            cycle.remove("sense")
        shift = beat.index % len(cycle)
        return cycle[shift:] + cycle[:shift]

    # -- beats ---------------------------------------------------------------------------------

    def _core_groups(self, beat: Beat) -> tuple[list[Group], list[Group]]:
        core = self.lexicon["core"]
        spec = core.get(beat.function, {})
        head: list[Group] = [(f"{beat.function}.start", g) for g in spec.get("start", [])]
        tail: list[Group] = []
        if beat.function == "opening":
            head += [("want", g) for g in spec["want"]] + [("name", g) for g in spec["name"]]
        if beat.index == self.idea_beat:
            head += [("idea", g) for g in core["idea"]]
        if beat.function == "turn":
            head += [("react", g) for g in spec["react"]]
        if beat.function == "resolution":
            outcome = f"end_want_{self.plan.world.resolution}"
            tail += [("outcome", g) for g in spec[outcome]]
            tail += [("theme", g) for g in spec["theme"]]
            tail += [("close", g) for g in spec["close"]]
        return head, tail

    def compose_beat(self, beat: Beat) -> list[Unit]:
        """The units of one beat, filled to its budget."""
        self.realiser.set_place(beat.index)
        self.realiser.start_beat()
        head_groups, tail_groups = self._core_groups(beat)
        if self.compact:
            skip = set(OPTIONAL_CORE)
            if self.plan.scaffold.pov == "close_third":
                skip.add("name")  # the narration names them already
            head_groups = [g for g in head_groups if g[0] not in skip]
            tail_groups = [g for g in tail_groups if g[0] not in skip]
        head = [u for kind, g in head_groups if (u := self.core_unit(g, kind))]
        tail = [u for kind, g in tail_groups if (u := self.core_unit(g, kind))]
        used = sum(u.words for u in head + tail)
        middle: list[Unit] = []
        cycle = self._cycle(beat)
        misses = 0
        step = 0
        while used < beat.target_words and misses < len(cycle):
            kind = cycle[step % len(cycle)]
            step += 1
            unit = self.pool_unit(kind)
            if unit is None:
                misses += 1
                continue
            misses = 0
            if used + unit.words > beat.target_words + unit.words // 2:
                self.guards.forget(unit.text)
                break
            middle.append(unit)
            used += unit.words
        return head + middle + tail

    def fit(self, beats: list[list[Unit]], target: int) -> None:
        """Add or drop pool units until the total is within the tolerance of ``target``."""
        tolerance = max(2, int(target * FIT_TOLERANCE))
        total = sum(u.words for units in beats for u in units)
        kinds = ("think", "act", "sense", "locate", "short")
        for _ in range(400):
            gap = target - total
            if abs(gap) <= tolerance:
                return
            if gap < 0:
                removable = [(i, j, u) for i, units in enumerate(beats)
                             for j, u in enumerate(units) if not u.core]
                if not removable:
                    return
                i, j, unit = min(removable, key=lambda r: (abs(-gap - r[2].words), r[0], r[1]))
                self.guards.forget(unit.text)
                del beats[i][j]
                total -= unit.words
            else:
                kind = kinds[_ % len(kinds)] if gap > 8 else "short"
                unit = self.pool_unit(kind, max_words=gap + tolerance)
                if unit is None:
                    unit = self.pool_unit("short", max_words=gap + tolerance)
                    if unit is None:
                        return
                # The beat furthest under its budget takes the unit, before its closing core.
                shortfall = [b.target_words - sum(u.words for u in units)
                             for b, units in zip(self.plan.outline.beats, beats, strict=True)]
                i = max(range(len(beats)), key=lambda k: (shortfall[k], -k))
                beats[i].insert(self._insert_at(beats[i]), unit)
                total += unit.words


    @staticmethod
    def _insert_at(units: list[Unit]) -> int:
        position = len(units)
        while position > 1 and units[position - 1].core and units[position - 1].kind in TAIL_KINDS:
            position -= 1
        return position


def paragraphs(units: list[Unit], rng: Random) -> list[str]:
    """Group a beat's units into paragraphs: speech stands alone, narration runs 2–4 units."""
    out: list[str] = []
    current: list[str] = []
    size = rng.randint(2, 4)
    for unit in units:
        if unit.spoken or "\n\n" in unit.text:
            if current:
                out.append(" ".join(current))
                current = []
            out.append(unit.text)
            continue
        current.append(unit.text)
        if len(current) >= size:
            out.append(" ".join(current))
            current = []
            size = rng.randint(2, 4)
    if current:
        out.append(" ".join(current))
    return out
