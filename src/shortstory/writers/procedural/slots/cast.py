"""Cast slots: the protagonist (``{P}`` and its forms), the supporting cast (``{A}``, ``{B}``,
``{W}``), introduced by their role the first time and by their given name after, and a group
that includes the protagonist (``{Gs}`` and its forms)."""

from __future__ import annotations

import re

from shortstory.pipeline.cast_names import called, is_family, possessive, pronoun
from shortstory.pipeline.plan import CastMember
from shortstory.writers.procedural.grammar import THIRD, narrate_phrase
from shortstory.writers.procedural.slots.state import NAME_EVERY, SlotState, SlotUnavailable

KEYS = frozenset({"P", "Po", "Pp", "Pr", "Pn", "Pfull", "Psurnamed",
                  "A", "Ai", "B", "Bi", "W", "Wi", "Ar", "Br", "An", "Bn", "Wn", "Ap", "Bp", "Wp",
                  "As", "Bs", "Ws", "Ao", "Bo", "Wo", "Gs", "Go", "Gp", "Gr"})

GROUP = {
    "first": {"Gs": "we", "Go": "us", "Gp": "our", "Gr": "ourselves"},
    "second": {"Gs": "you", "Go": "you", "Gp": "your", "Gr": "yourselves"},
}
GROUP_THIRD = {"Gs": "they", "Go": "them", "Gp": "their", "Gr": "themselves"}
"""A group the protagonist belongs to ("{A} and {P}", "{P} and the stranger"): the narrator is
never one of "them" ("neither of them knew" of Lionel and me reads as two other people), so the
group is "we" in first person and "you" in second; its verbs are plural (``{vp:…}``)."""


class CastSlots(SlotState):
    """Who is named, how, and which person the verbs after them take."""

    def _init_cast(self) -> None:
        world = self.plan.world
        self.ally = world.member("ally")
        self.blocker = world.member("obstacle", "witness")
        # With no witness, the one in the way saw it: never the ally, who must stay apart.
        self.witness = world.member("witness", "obstacle")
        self.introduced: set[str] = set()
        self.introduce_cast = True
        self._named_in_fill = False
        self._flags: set[str] = set()

    def cast_slot(self, key: str, dialogue: bool) -> str:
        """Render a cast slot of ``KEYS``."""
        match key:
            case "P":
                return self._protagonist()
            case "Po":
                return self.pronouns.object
            case "Pp":
                return self.pronouns.possessive
            case "Pr":
                return self.pronouns.reflexive
            case "Pn":
                return called(self.name)
            case "Pfull":
                if " " not in self.name.strip() and "{Pn}" in self._slot_at[0]:
                    # "Everyone called me Odile; only the post still called me Odile"
                    raise SlotUnavailable("Pfull")
                return self.name
            case "Psurnamed":
                if " " not in self.name.strip():
                    # A line about the full name ("surname and all", "only when cross") says
                    # nothing of a name of one word.
                    raise SlotUnavailable("Psurnamed")
                return self.name
            case "A" | "Ai":
                return called(self.ally.name) if dialogue else self._cast(self.ally)
            case "B" | "Bi":
                return called(self.blocker.name) if dialogue else self._cast(self.blocker)
            case "W" | "Wi":
                return called(self.witness.name) if dialogue else self._cast(self.witness)
            case "An":
                return called(self.ally.name)
            case "Bn":
                return called(self.blocker.name)
            case "Wn":
                return called(self.witness.name)
            case "Ap":
                # "Beatriz put down her fork", never "…down Beatriz's fork"
                return possessive(self.ally.name, self.ally.role)
            case "Bp":
                return possessive(self.blocker.name, self.blocker.role)
            case "Wp":
                return possessive(self.witness.name, self.witness.role)
            case "As" | "Bs" | "Ws" | "Ao" | "Bo" | "Wo":
                # "Marta said that she would come again", never "…that Marta would…"
                return self._pronoun(key)
            case "Ar":
                return self.ally.short_role
            case "Br":
                return self.blocker.short_role
            case "Gs" | "Go" | "Gp" | "Gr":
                return GROUP.get(self.pov, GROUP_THIRD)[key]
        raise KeyError(key)

    @property
    def full_name_used(self) -> bool:
        """Whether the narration has named the protagonist in full (once is enough)."""
        return "full_name" in self._flags

    @full_name_used.setter
    def full_name_used(self, value: bool) -> None:
        if value:
            self._flags.add("full_name")
        else:
            self._flags.discard("full_name")

    def _pronoun(self, key: str) -> str:
        """``{As}`` "she"/"he", ``{Ao}`` "her"/"him" (and the same for ``B``, ``W``); the given
        name when the member's sex is unknown, as "they" would not agree with ``{v3:…}``."""
        member = {"A": self.ally, "B": self.blocker, "W": self.witness}[key[0]]
        case = "subject" if key[1] == "s" else "object"
        return pronoun(member.name, member.role, case) or called(member.name)

    def _cast(self, member: CastMember) -> str:
        # Cast slots leave the verb person alone: templates give their verbs ``v3``. After the
        # full name once, a supporting character goes by their given name.
        if member.name in self.introduced:
            return called(member.name)
        if not self.introduce_cast:
            self.introduced.add(member.name)
            self._journal.append((self.introduced, member.name))
            return member.name
        self.introduced.add(member.name)
        self._journal.append((self.introduced, member.name))
        if is_family(member.role):
            # "Clare, my daughter,": family is introduced as the protagonist's own, by the
            # given name (the family name is the protagonist's).
            kin = re.sub(r"^(?:an?|the)\s+", "", self._role(member))
            return f"{called(member.name)}, {self.pronouns.possessive} {kin},"
        return f"{member.name}, {self._role(member)},"

    def _role(self, member: CastMember) -> str:
        # A role whose participle reads as a verb ("an inspector sent from…") is introduced
        # by its short handle instead, so the introduction never looks like a tense slip.
        role = narrate_phrase(member.role, self.tense)
        # The catalog's roles speak of the protagonist as "them" ("an old friend who owes them
        # money"): in the story they are "me", "you" or "her".
        role = re.sub(r"\bthem\b", self.pronouns.object, role)
        role = re.sub(r"\btheir\b", self.pronouns.possessive, role)
        if self.tense == "present" and any(
            w.endswith("ed") or w in {"sent", "kept", "made", "left", "held", "bound", "born"}
            for w in role.split()[1:]
        ):
            return member.short_role.replace("the ", "a ", 1)
        return role

    def start_beat(self) -> None:
        """Close third names the protagonist at the start of each beat."""
        self.since_name = NAME_EVERY

    def _protagonist(self) -> str:
        if self.pov != "close_third":
            self.person = self.pronouns.person
            return self.pronouns.subject
        first_in_fill = not self._named_in_fill
        self._named_in_fill = True  # only a sentence's first mention may be the name
        if self.since_name >= NAME_EVERY and first_in_fill:
            self.since_name = 0
            self.person = THIRD
            if self.full_name_used:
                return called(self.name)
            self.full_name_used = True
            self._journal.append((self._flags, "full_name"))
            return self.name
        self.since_name += 1
        self.person = self.pronouns.person
        return self.pronouns.subject
