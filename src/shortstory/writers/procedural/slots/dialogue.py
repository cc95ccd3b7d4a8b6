"""Dialogue slots: a line of a kind (``{q:kind}``, ``{qc:kind}`` ending on a comma for a tag)
and a gesture between lines (``{gesture}``). A line is spoken once per story."""

from __future__ import annotations

from shortstory.writers.procedural.slots.places import PLACE_PHRASE
from shortstory.writers.procedural.slots.state import SlotState, SlotUnavailable

KEYS = frozenset({"q", "qc", "gesture"})


class DialogueSlots(SlotState):
    """What people say, each line once."""

    def places_spent(self, whole: bool = False) -> bool:
        """Whether the story's "at {place}" is spent (:class:`.places.PlaceSlots`)."""
        raise NotImplementedError

    def _init_dialogue(self) -> None:
        self.spoken: set[str] = set()

    def dialogue_slot(self, key: str, arg: str | None) -> str:
        """Render a dialogue slot of ``KEYS``."""
        if key == "gesture":
            return self.fill(self.rng.choice(self.lexicon["gestures"]), dialogue=True)
        if arg is None:
            raise KeyError(key)
        return self._line(arg, comma=key == "qc")

    def _line(self, kind: str, comma: bool) -> str:
        # A line is spoken once per story: people do not repeat themselves word for word.
        lines = [line for line in self.lexicon["lines"][kind] if line not in self.spoken]
        if self.places_spent(whole=self.in_core):
            # "Not at {place}": a line that says the place waits until the story has room.
            lines = [line for line in lines if not PLACE_PHRASE.search(line)]
        if not lines:
            raise SlotUnavailable(kind)
        line = self.rng.choice(lines)
        self.spoken.add(line)
        self._journal.append((self.spoken, line))
        text = self.fill(line, dialogue=True)
        self._after_question = text.endswith("?")
        if comma and text.endswith("."):
            text = text[:-1] + ","
        return text
