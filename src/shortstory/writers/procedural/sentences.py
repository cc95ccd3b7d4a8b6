"""Single sentences: the core units a beat must say and the pools of scene sentences.

What a scene does not carry is said in a sentence: the turn itself, the genre's causal spine
(the suspect, the clue followed from finding to the turn), and, in a long story that has told
all its scenes, sentences of texture from the genre's own pools (``data/genre_scenes/``) and the
lexicon's shared ones. Every sentence passes the repetition guards (:mod:`.guards`) and, while
repairing, the analysis library's judgement.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from random import Random
from typing import Any

from shortstory.analysis.cliches import find_cliches
from shortstory.analysis.pov import lint_pov_tense
from shortstory.analysis.words import count_words
from shortstory.pipeline.plan import Beat, StoryPlan
from shortstory.writers.procedural.guards import Guards
from shortstory.writers.procedural.layout import Unit
from shortstory.writers.procedural.realiser import Realiser, SlotUnavailable
from shortstory.writers.procedural.slots.places import without_at_place
from shortstory.writers.procedural.wording import shortest_form

TEMPLATE_USES = 1
"""How often a scene template may be used in a story, plus one per 2,000 words (the fit may
widen it when a long story runs out of fresh material)."""
MAX_MISSES = 5
# The pattern of scene units a beat cycles through; dialogue level and style adjust it.
CYCLE = ("locate", "sense", "act", "talk", "think", "sense", "act", "talk", "memory")
"""Scene units stay with the protagonist; the cast's own doings ("world") only fill a gap."""
STYLE_CHOICE = {"spare": "shortest", "plain": "any", "lyrical": "longest", "ornate": "longest"}
GENRE_SCENES = Path(__file__).parent / "data" / "genre_scenes"
SHARED_TRIES = 6
OWN_TRIES = 6
"""How many candidates a scene unit tries from the shared pool, and (more) from the genre's own."""
GENRE_RESTING = 0.25
"""The share of the shared pools' resting, applied to a genre's own (smaller) pools."""


@lru_cache(maxsize=16)
def genre_scenes(genre_id: str) -> dict[str, list[str]]:
    """The genre's own scene pools by kind (empty for a genre without a file)."""
    path = GENRE_SCENES / f"{genre_id}.json"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as handle:
        pools: dict[str, list[str]] = json.load(handle)["pools"]
    return pools


class Sentences:
    """The composer's sentence room: core units from their alternatives, pool sentences."""

    plan: StoryPlan
    lexicon: dict[str, Any]
    rng: Random
    realiser: Realiser
    guards: Guards
    own_pools: dict[str, list[str]]
    template_uses: Counter[str]
    template_misses: Counter[str]
    template_limit: int
    style: str
    dialogue: str
    after_turn: bool
    strict: bool
    compact: bool
    names: list[str]

    def _try(self, template: str, core: bool, kind: str) -> Unit | None:
        state = self.realiser.snapshot()
        self.realiser.in_core = core
        try:
            text = self.realiser.fill(template)
        except SlotUnavailable:
            self.realiser.restore(state)
            return None
        if not self.guards.allows(text, scene=not core) or (
            core and self.strict and self._flawed(text)
        ):
            self.realiser.restore(state)
            return None
        return Unit(text, count_words(text), core, "“" in text, kind)

    def _flawed(self, text: str) -> bool:
        # The analysis library is the judge: a unit it would flag is not kept.
        scaffold = self.plan.scaffold
        return bool(lint_pov_tense(text, scaffold.pov, scaffold.tense, self.names)
                    or find_cliches(text))

    def _accept(self, unit: Unit, template: str) -> Unit:
        self.guards.keep(unit.text)
        self.realiser.words_told += unit.words
        self.template_uses[template] += 1
        return unit

    def core_unit(self, alternatives: list[str], kind: str) -> Unit | None:
        """The first alternative (in seeded order) that renders and passes the guards.

        A compact story takes the shortest alternative instead.
        """
        order = list(alternatives)
        self.rng.shuffle(order)
        order.sort(key=lambda t: self.template_uses[t])
        # A template marked "~" is a last resort, taken only when every other one fails.
        order.sort(key=lambda t: t.startswith("~"))
        if self.compact:
            order = self._shortest_first(order, kind)
        for template in order:
            unit = self._try(template.removeprefix("~"), True, kind)
            if unit is not None:
                unit.alternatives = tuple(alternatives)
                return self._accept(unit, template)
        return None

    def _shortest_first(self, order: list[str], kind: str) -> list[str]:
        # A compact story's budget is tight, and a template's own length says little (a slot
        # may fill to one word or twelve): render each, and put first the one that came out
        # shortest, with the random state it was rendered from so it renders the same again.
        rendered = []
        for rank, template in enumerate(order):
            state, rng_state = self.realiser.snapshot(), self.rng.getstate()
            unit = self._try(template.removeprefix("~"), True, kind)
            if unit is not None:
                self.realiser.restore(state)
                rendered.append((template.startswith("~"), unit.words, rank, rng_state))
        if not rendered:
            return order
        best = min(rendered)
        self.rng.setstate(best[3])
        rank = best[2]
        return [order[rank], *order[:rank], *order[rank + 1 :]]

    def pool_unit(self, kind: str, max_words: int | None = None) -> Unit | None:
        """A scene unit of ``kind``: the first template in seeded order that renders and passes.

        The genre's own pool is tried first, the shared pool only when none of its candidates
        passes. The style orders the candidates by their rough length: spare prose takes the
        shorter ones first, lyrical and ornate prose the longer ones.
        """
        for pools, own in ((self.own_pools, True), (self.lexicon["pools"], False)):
            if kind not in pools:
                continue
            unit = self._from_pool(pools, kind, max_words, OWN_TRIES if own else SHARED_TRIES)
            if unit is not None:
                unit.own = own
                return unit
        return None

    def _from_pool(self, pools: dict[str, list[str]], kind: str, max_words: int | None,
                   tries: int) -> Unit | None:
        pool = list(pools[kind])
        if self.after_turn and f"{kind}_after" in pools:
            # After the turn the protagonist knows more: what they think and hear shows it.
            pool = pools[f"{kind}_after"] * 2 + pool
        pool = [t for t in pool if self.template_uses[t] < self.template_limit
                and self.template_misses[t] < MAX_MISSES]
        own = pools is self.own_pools
        if self.realiser.places_spent():
            # A sentence that would lose its "at {place}" must still name something of the
            # story, and one used already would come out the same again (until the story has
            # run out of fresh ones): else it waits until the story has room for a place. A
            # line of talk waits too, and so does a genre's own sentence kept whole.
            fresh = self.realiser.place_pace
            pool = [t for t in pool if (stripped := without_at_place(t)) == t
                    or ((not fresh or not self.template_uses[t]) and _ANCHOR.search(stripped))]
        self.rng.shuffle(pool)
        order = STYLE_CHOICE[self.style]
        head = sorted(pool[:tries], key=_rough_length, reverse=order == "longest")
        if order == "any":
            head = pool[:tries]
        head.sort(key=lambda t: self.template_uses[t])
        for template in head:
            before = self.realiser.snapshot()
            self.realiser.place_stripped = False
            # A genre's own sentence that would name nothing of the story without its place
            # keeps it (it counts towards the ration); any other gives it up.
            self.realiser.keep_places = own and not _ANCHOR.search(without_at_place(template))
            unit = self._try(self._with_opener(template, kind), False, kind)
            self.realiser.keep_places = False
            if unit is None:
                # A template the guards keep refusing has said all it can in this story.
                self.template_misses[template] += 1
                continue
            if max_words is not None and unit.words > max_words:
                self.realiser.restore(before)
                continue
            return self._accept(unit, template)
        return None

    def _with_opener(self, template: str, kind: str) -> str:
        # Now and then a sentence opens on a connective instead of its subject, for variety
        # (not a memory: "Later, she had learned…" confuses the time).
        if (kind != "memory" and template.startswith(("{P} ", "{A} ", "{B} ", "{W} "))
                and self.rng.random() < 0.18):
            return f"{self.rng.choice(self.lexicon['openers'])} {template}"
        return template

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


_ANCHOR = re.compile(r"\{(?:[ABW]|obj|thing|item|clue|next_clue|place2?|home|sight|sound|smell|"
                     r"touch|taste|touch_np|obstacle|stakes|quirk|want|contra|Pfull|Psurnamed|idea_noun)"
                     r"[:}_]")
"""Slots that name something of the story, as the repetition guard asks of a scene sentence."""


def _rough_length(template: str) -> int:
    return len(shortest_form(template).split())


