"""Clue slots: the idea's central object (``{item}``), what is in hand (``{obj}``), the clues
found one by one (``{clue}``, ``{next_clue}``), things already on the page (``{thing}``), and
what stands in the way and is at stake (``{obstacle}``, ``{stakes}``)."""

from __future__ import annotations

from shortstory.pipeline.idea_nature import object_nature
from shortstory.pipeline.object_handling import Handling, handling, may_handle
from shortstory.pipeline.world import head_phrase
from shortstory.writers.procedural.grammar import is_plural_phrase, narrate_phrase
from shortstory.writers.procedural.slots.held import carrier
from shortstory.writers.procedural.slots.state import SlotState, SlotUnavailable
from shortstory.writers.procedural.wording import third_person

KEYS = frozenset({"obj", "thing", "item", "item_it", "clue", "next_clue", "obstacle", "stakes"})


class ClueSlots(SlotState):
    """The story's objects, found in order."""

    def _init_clues(self) -> None:
        world = self.plan.world
        self.objects = third_person(world.objects) or list(world.objects)
        self.focus_object = self._focus_object()
        # The genre's own objects are props written to be handled; the idea's may be anything.
        self.focus_nature = object_nature(self.focus_object, self.situation.corners) if (
            self.situation.item) else "portable"
        self.scene_handling: Handling = ""
        """How the scene being told handles its object (the staging's, for all its lines)."""
        self.line_handling: Handling = ""
        """How the template being filled handles its object."""
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
                return self._ref(self._held_object())
            case "thing":
                return self._ref(self.rng.choice(self._known_things()))
            case "item":
                return self._ref(self._held_object())
            case "item_it":
                # The idea's object taken up again: "it", or "them" for "the goats".
                item = self._held_object()
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

    def handles_in(self, template: str) -> None:
        """Read how ``template`` handles its object, before it is filled (a template with no
        object slot leaves the reading alone: it may be filled inside one that has)."""
        if "{item" in template or "{obj}" in template or "{target" in template:
            self.line_handling = handling((template,))

    def _held_object(self) -> str:
        """The idea's object as this line may name it: itself, or, where the scene picks up,
        pockets or moves what cannot be (a lift, the final, a secret), its carrier ("the key to
        the lift"); a scene that would carry off a horse is not told."""
        how = self.scene_handling or self.line_handling
        if may_handle(self.focus_nature, how):
            return self.focus_object
        held = carrier(self.focus_object, self.focus_nature)
        if held is None:
            raise SlotUnavailable("item")
        return held

    def _focus_object(self) -> str:
        item = self.situation.item
        if item:
            return item
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
