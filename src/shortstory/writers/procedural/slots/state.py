"""What every slot family shares: the story being realised and the counts a template may undo.

Each family (:mod:`.verbs`, :mod:`.cast`, :mod:`.places`, :mod:`.premise`, :mod:`.dialogue`,
:mod:`.clues`) is a mixin over :class:`SlotState`; the realiser joins them and dispatches each
slot to its family. Every counted use goes through the journal, so a rejected template is undone
by :meth:`SlotState.restore`.
"""

from __future__ import annotations

import re
from collections import Counter
from random import Random
from typing import Any

from shortstory.pipeline.catalog import Genre, Sense
from shortstory.pipeline.plan import CastMember, StoryPlan
from shortstory.pipeline.situation import Situation
from shortstory.pipeline.world import head_phrase
from shortstory.pipeline.world_kinds import premise_words, worlds_of
from shortstory.writers.procedural.grammar import narrate_phrase, narrator_pronouns
from shortstory.writers.procedural.timescale import short_span
from shortstory.writers.procedural.wording import Idiolect

SENSES: tuple[Sense, ...] = ("sight", "sound", "smell", "touch", "taste")
_SENTENCE_END = re.compile(r"[.;!?]")
NAME_EVERY = 4
"""Close third names the protagonist again after this many pronoun mentions."""


class SlotUnavailable(Exception):
    """A slot has nothing left to fill it with; the template must be skipped."""


class SlotState:
    """The story a realiser fills templates for: its plan, genre, lexicon and ``Random``."""

    def __init__(self, plan: StoryPlan, genre: Genre, lexicon: dict[str, Any],
                 rng: Random) -> None:
        self.plan = plan
        self.genre = genre
        self.lexicon = lexicon
        self.rng = rng
        scaffold = plan.scaffold
        self.pov = scaffold.pov
        self.tense = scaffold.tense
        self.name: str = plan.character.name
        self.pronoun_set: str = plan.character.pronouns
        self.pronouns = narrator_pronouns(self.pov, self.pronoun_set)
        self.person = self.pronouns.person
        self.situation = Situation.from_dict(plan.world.situation)
        premise = plan.story_request.premise
        self.worlds = worlds_of(premise.idea, self.situation.place)
        """The kinds of world the story is set in (a space vessel, a desert): what cannot be
        there is never told (``pipeline/data/worlds.json``)."""
        self.world_own = premise_words(premise.idea, premise.character.quirk,
                                       premise.character.want, premise.character.contradiction,
                                       premise.theme)
        """The premise's own words, which fit its world whatever the world excludes."""
        self.short_span = short_span(premise.idea)
        """Whether the idea's clock runs in hours: then the story tells no weeks."""
        self.in_core = False
        self.mentions: Counter[str] = Counter()
        self.idiolect = Idiolect(lexicon.get("idiolect", []), plan.seed)
        self._journal: list[tuple[Any, str]] = []
        """Every counted use since the start, so a rejected template can be undone cheaply."""
        self._slot_at = ("", 0, 0)
        """The template being filled and the span of its slot being filled."""
        # Set by the families' own set-up (declared here so each family may read the others').
        self.since_name = NAME_EVERY
        self.trait_turn = 0
        self.idea_turn = 0
        self.clue_index = -1
        self.ally: CastMember
        self.blocker: CastMember
        self.witness: CastMember
        self.palette_limit: int
        self._after_question = False

    def fill(self, template: str, dialogue: bool = False) -> str:
        """Render ``template`` (the realiser's own)."""
        raise NotImplementedError

    def _ref(self, phrase: str) -> str:
        """A world phrase in full the first time, then by its head ("the ferry token")."""
        seen = self.mentions[phrase]
        self.mentions[phrase] += 1
        self._journal.append((self.mentions, phrase))
        if seen == 0 or (len(phrase.split()) <= 3 and not phrase.startswith(("a ", "an "))):
            return narrate_phrase(phrase, self.tense)
        return "the " + head_phrase(phrase)

    def _context(self) -> str:
        """The template text just before the slot being filled (lower case)."""
        template, start, _ = self._slot_at
        return template[max(0, start - 30):start].lower()

    def _sentence(self) -> tuple[str, str]:
        """The template's text before and after the slot being filled, within its sentence."""
        template, start, end = self._slot_at
        return (_SENTENCE_END.split(template[:start])[-1],
                _SENTENCE_END.split(template[end:], maxsplit=1)[0])

    def snapshot(self) -> tuple[Any, ...]:
        """State a template may change, to restore if it is rejected."""
        return (len(self._journal), self.person, self.since_name, self.trait_turn, self.idea_turn,
                self.clue_index)

    def restore(self, state: tuple[Any, ...]) -> None:
        """Undo the changes made since ``state`` was taken."""
        (length, self.person, self.since_name, self.trait_turn, self.idea_turn,
         self.clue_index) = state
        while len(self._journal) > length:
            store, key = self._journal.pop()
            if isinstance(store, set):
                store.discard(key)
            else:
                store[key] -= 1
