"""The small instruction grammar the procedural writer understands, and its errors.

An instruction is one or more clauses joined by ``and``, ``then``, commas or semicolons, in any
letter case, with an optional final full stop. Each clause is one of :data:`ACCEPTED_FORMS`::

    change pov to first person and change tense to present
    rename Maren to Ada; shorten to 800 words
    write it in the second person, more dialogue

Anything else raises :class:`UnsupportedInstruction`, whose message lists the accepted forms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from shortstory.pipeline.models import MAX_TARGET_WORDS, MIN_TARGET_WORDS, Pov, Tense

LengthVerb = Literal["shorten", "lengthen", "set"]

ACCEPTED_FORMS: tuple[str, ...] = (
    "change pov to first | close third | second  (or: write it in first person)",
    "change tense to past | present  (or: write it in the present tense)",
    "rename <name> to <new name>",
    "shorten to <N> words | lengthen to <N> words | make it <N> words",
    "more dialogue | less dialogue",
)
"""The clauses :func:`parse_instruction` accepts, for error messages and documentation."""

ACCEPTED_LINE = "; ".join(ACCEPTED_FORMS)
"""The accepted clauses on one line, as error messages quote them."""


class InstructionError(ValueError):
    """An instruction revision cannot be done; ``error_code`` names the kind for the API."""

    error_code = "INVALID_INSTRUCTION"
    field = "instruction"

    def to_dict(self) -> dict[str, object]:
        """JSON-ready details."""
        return {"field": self.field, "problem": str(self)}


class UnsupportedInstruction(InstructionError):
    """The instruction is outside the grammar; the message lists what is accepted."""

    error_code = "UNSUPPORTED_INSTRUCTION"

    def __init__(self, clause: str) -> None:
        self.clause = clause
        super().__init__(
            f"unsupported instruction {clause!r}: the procedural writer accepts, joined by "
            f"'and', commas or semicolons: {ACCEPTED_LINE}"
        )

    def to_dict(self) -> dict[str, object]:
        """JSON-ready details, with the accepted forms as a list."""
        return {"field": self.field, "clause": self.clause, "accepted": list(ACCEPTED_FORMS)}


class InvalidInstruction(InstructionError):
    """The instruction is in the grammar but asks for something impossible or contradictory."""

    error_code = "VALIDATION_ERROR"


class PlanRequired(InstructionError):
    """Instruction revisions re-render from the story's plan, and there is none (hand-edited)."""

    error_code = "PLAN_REQUIRED"
    field = "plan"


@dataclass(frozen=True)
class Instruction:
    """A parsed instruction: every field left ``None`` (or empty) is unchanged."""

    pov: Pov | None = None
    tense: Tense | None = None
    renames: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    target_words: int | None = None
    length_verb: LengthVerb | None = None
    dialogue: Literal["more", "less"] | None = None

    def describe(self) -> str:
        """The instruction in one canonical line (``pov first; tense present``)."""
        parts: list[str] = []
        if self.pov:
            parts.append(f"pov {self.pov.replace('_', ' ')}")
        if self.tense:
            parts.append(f"tense {self.tense}")
        parts.extend(f"rename {old} to {new}" for old, new in self.renames)
        if self.target_words is not None:
            parts.append(f"{self.length_verb or 'set'} to {self.target_words} words")
        if self.dialogue:
            parts.append(f"{self.dialogue} dialogue")
        return "; ".join(parts)


_POV_WORDS = {
    "first": "first", "second": "second", "third": "close_third",
    "close third": "close_third", "close_third": "close_third", "third limited": "close_third",
    "close-third": "close_third",
}  # fmt: skip
_POV_VALUE = r"(?P<pov>first|second|close[ _-]third|third(?: limited)?)(?: person)?"
_TENSE_VALUE = r"(?P<tense>past|present)(?: tense)?"
_NUMBER = r"(?P<n>\d{1,3}(?:,\d{3})+|\d+)"
_WORDS = r"(?: words?)?(?: long)?"

_CLAUSES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        ("pov", rf"(?:change|switch|set) (?:the )?(?:pov|point of view|narration|perspective|"
                rf"person) to (?:the )?{_POV_VALUE}"),
        ("pov", rf"(?:write|tell|rewrite|narrate|make) it in (?:the )?{_POV_VALUE}"),
        ("pov", rf"(?:use|make it) (?:the )?{_POV_VALUE}"),
        ("tense", rf"(?:change|switch|set) (?:the )?tense to (?:the )?{_TENSE_VALUE}"),
        ("tense", rf"(?:write|tell|rewrite|narrate|make) it in (?:the )?{_TENSE_VALUE}"),
        ("tense", rf"(?:use|make it) (?:the )?{_TENSE_VALUE}"),
        ("rename", r"rename (?P<old>.+?) (?:to|as) (?P<new>.+)"),
        ("shorten", rf"(?:shorten|cut|trim) (?:it |the story )?(?:down )?to {_NUMBER}{_WORDS}"),
        ("lengthen", rf"(?:lengthen|expand|extend) (?:it |the story )?to {_NUMBER}{_WORDS}"),
        ("set", rf"make (?:it|the story) {_NUMBER}{_WORDS}"),
        ("dialogue", r"(?:(?:add|use|write|with) )?(?P<amount>more|less|fewer lines of) dialogue"),
    )
)  # fmt: skip

_SEPARATORS = re.compile(r"\s*(?:;|,(?!\d{3}\b)|\band then\b|\bthen\b|\band\b)\s*", re.IGNORECASE)


def split_clauses(instruction: str) -> list[str]:
    """The clauses of ``instruction``: split on and/then/commas/semicolons, spaces normalised."""
    text = " ".join(instruction.split()).strip().rstrip(".!").strip()
    return [clause for clause in _SEPARATORS.split(text) if clause]


def parse_instruction(instruction: str) -> Instruction:
    """Parse ``instruction`` by the grammar of :data:`ACCEPTED_FORMS`.

    :raises UnsupportedInstruction: a clause (or the whole instruction) is outside the grammar.
    :raises InvalidInstruction: a length out of range, or two clauses that contradict.
    """
    clauses = split_clauses(instruction)
    if not clauses:
        raise UnsupportedInstruction(instruction)
    values: dict[str, object] = {}
    renames: list[tuple[str, str]] = []
    for clause in clauses:
        kind, match = _match_clause(clause)
        if kind == "rename":
            old, new = match["old"].strip(" '\""), match["new"].strip(" '\"")
            if not old or not new:
                raise UnsupportedInstruction(clause)
            renames.append((old, new))
            continue
        if kind == "pov":
            _put(values, "pov", _POV_WORDS[match["pov"].lower().replace("-", " ")], clause)
        elif kind == "tense":
            _put(values, "tense", match["tense"].lower(), clause)
        elif kind == "dialogue":
            _put(values, "dialogue", "more" if match["amount"].lower() == "more" else "less",
                 clause)
        else:
            words = int(match["n"].replace(",", ""))
            if not MIN_TARGET_WORDS <= words <= MAX_TARGET_WORDS:
                raise InvalidInstruction(
                    f"{clause!r}: the length must be between {MIN_TARGET_WORDS} and "
                    f"{MAX_TARGET_WORDS} words"
                )
            _put(values, "target_words", words, clause)
            values["length_verb"] = kind
    return Instruction(renames=tuple(renames), **values)  # type: ignore[arg-type]


def _match_clause(clause: str) -> tuple[str, re.Match[str]]:
    for kind, pattern in _CLAUSES:
        match = pattern.fullmatch(clause)
        if match:
            return kind, match
    raise UnsupportedInstruction(clause)


def _put(values: dict[str, object], key: str, value: object, clause: str) -> None:
    if key in values and values[key] != value:
        raise InvalidInstruction(f"{clause!r} contradicts an earlier clause about {key}")
    values[key] = value
