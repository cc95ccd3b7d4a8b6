"""Clue slots: the idea's central object (``{item}``), what is in hand (``{obj}``), the clues
found one by one (``{clue}``, ``{next_clue}``), things already on the page (``{thing}``), and
what stands in the way and is at stake (``{obstacle}``, ``{stakes}``)."""

from __future__ import annotations

from shortstory.pipeline.world import head_phrase
from shortstory.writers.procedural.grammar import is_plural_phrase, narrate_phrase
from shortstory.writers.procedural.slots.state import SlotState, SlotUnavailable
from shortstory.writers.procedural.wording import third_person

KEYS = frozenset({"obj", "thing", "item", "item_it", "clue", "next_clue", "obstacle", "stakes"})
HEARD = {"call": "transcript", "signal": "transcript", "broadcast": "transcript",
         "transmission": "transcript", "voice": "transcript", "warning": "transcript",
         "cry": "transcript", "message": "transcript", "song": "score", "tune": "score",
         "melody": "score", "lullaby": "score", "sound": "notes", "noise": "notes",
         "whisper": "notes", "rumour": "notes", "rumor": "notes", "smell": "notes"}
"""Things only heard: scenes pick up, pocket and hide the idea's object, so a distress call is
held as the page it was written down on ("the transcript of the distress call")."""


class ClueSlots(SlotState):
    """The story's objects, found in order."""

    def _init_clues(self) -> None:
        world = self.plan.world
        self.objects = third_person(world.objects) or list(world.objects)
        self.focus_object = self._focus_object()
        self.clues = [self._clue_phrase(o) for o in self.objects if o != self.focus_object]
        self.clue_index = -1
        """The last clue found (an index into ``clues``); -1 before the first."""

    def clue_slot(self, key: str) -> str:
        """Render an object slot of ``KEYS``."""
        world = self.plan.world
        match key:
            case "obj":
                # What the protagonist has in hand: the last clue found, else the idea's object.
                if self.clue_index >= 0:
                    clue = self.clues[self.clue_index]
                    if not self._fresh(clue):
                        raise SlotUnavailable("obj")
                    return self._ref(clue)
                if self.situation.item and not self.in_core:
                    raise SlotUnavailable("obj")
                return self._ref(self.focus_object)
            case "thing":
                return self._ref(self.rng.choice(self._known_things()))
            case "item":
                return self._ref(self.focus_object)
            case "item_it":
                # The idea's object taken up again: "it", or "them" for "the goats".
                item = self.focus_object
                return "them" if is_plural_phrase(item, head_phrase(item)) else "it"
            case "clue":
                if self.clue_index < 0:
                    raise SlotUnavailable("clue")
                return self._ref(self.clues[self.clue_index])
            case "next_clue":
                if self.clue_index + 1 >= len(self.clues):
                    raise SlotUnavailable("clue")
                self.clue_index += 1
                return self._ref(self.clues[self.clue_index])
            case "obstacle":
                return self._ref(world.obstacle)
            case "stakes":
                return narrate_phrase(world.stakes, self.tense)
        raise KeyError(key)

    def _focus_object(self) -> str:
        item = self.situation.item
        if item:
            carrier = HEARD.get(item.split()[-1])
            return f"the {carrier} of {item}" if carrier else item
        objects = third_person(self.plan.world.objects) or self.plan.world.objects
        return objects[0]

    def _clue_phrase(self, phrase: str) -> str:
        # In present narration "finds an umbrella shared and then given away" reads as a tense
        # slip; such an object is found by its head alone ("an umbrella").
        if self.tense != "present" or not any(
            w.endswith("ed") or w in {"sent", "kept", "made", "left", "held", "bound", "worn"}
            for w in phrase.split()[1:]
        ):
            return phrase
        head = head_phrase(phrase)
        return ("an " if head[:1].lower() in "aeiou" else "a ") + head

    def _fresh(self, phrase: str) -> bool:
        # A scene sentence may name a clue a few times, not in every line (the core may always).
        return self.in_core or self.mentions[phrase] < 2 * self.palette_limit

    def _known_things(self) -> list[str]:
        # Only what the story has put on the page may be picked up, handed over or hidden. The
        # idea's own object may be a lamp or a train: scene templates that weigh and pocket
        # things only take the clues (portable, from the genre's objects) once found.
        found = [c for c in self.clues[: self.clue_index + 1] if self._fresh(c)]
        if self.situation.item:
            if not found:
                raise SlotUnavailable("thing")
            return found
        return [self.focus_object, *found]
