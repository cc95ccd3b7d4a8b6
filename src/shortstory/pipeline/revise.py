"""Revision: a story's text made better by one of three modes, every edit recorded.

- ``cliches``: each cliché found by :func:`~shortstory.analysis.cliches.find_cliches` replaced
  by :func:`~shortstory.analysis.cliches.replacement_for` (inflected, case kept);
- ``sharpen``: filler, hedges, weak intensifiers and redundant phrases cut or replaced, the
  length changed by at most 10 % (:mod:`.revise_sharpen`);
- ``instruction``: the small grammar of :mod:`.revise_instructions`: the story's plan changed
  (:func:`~shortstory.pipeline.planning.replan`) and re-rendered by the ``render`` the writer passes
  in (the procedural writer's own).

``cliches`` and ``sharpen`` work on any text, hand-edited or not; ``instruction`` needs the plan
and a ``render``. This module imports no writer.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError

from shortstory.analysis.cliches import find_cliches, replacement_for
from shortstory.analysis.input_checks import check_text
from shortstory.analysis.words import count_words
from shortstory.pipeline.planning import replan
from shortstory.pipeline.revise_edits import Change, apply_changes
from shortstory.pipeline.revise_instructions import (
    ACCEPTED_FORMS,
    Instruction,
    InstructionError,
    InvalidInstruction,
    PlanRequired,
    UnsupportedInstruction,
    parse_instruction,
)
from shortstory.pipeline.revise_sharpen import MAX_CHANGE_RATIO, sharpen_changes

if TYPE_CHECKING:
    from shortstory.pipeline.plan import StoryPlan

__all__ = [
    "ACCEPTED_FORMS",
    "MODES",
    "Change",
    "Instruction",
    "InstructionError",
    "InvalidInstruction",
    "PlanRequired",
    "Revision",
    "UnsupportedInstruction",
    "check_instruction",
    "parse_instruction",
    "revise_text",
]

Mode = Literal["cliches", "sharpen", "instruction"]
MODES: tuple[Mode, ...] = ("cliches", "sharpen", "instruction")


@dataclass
class Revision:
    """A revised text and how it came about.

    For ``cliches`` and ``sharpen``, ``changes`` index the text given to :func:`revise_text`.
    For ``instruction`` the whole text is re-rendered: one change covers it, and ``plan`` is the
    changed plan to store beside the new version.
    """

    text: str
    mode: Mode
    changes: list[Change]
    word_count_before: int
    word_count_after: int
    instruction: Instruction | None = None
    plan: StoryPlan | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The revision as JSON-ready data (the plan included when there is one)."""
        data: dict[str, Any] = {
            "text": self.text,
            "mode": self.mode,
            "changes": [change.to_dict() for change in self.changes],
            "word_count_before": self.word_count_before,
            "word_count_after": self.word_count_after,
        }
        if self.instruction is not None:
            data["instruction"] = self.instruction.describe()
        if self.plan is not None:
            data["plan"] = self.plan.to_dict()
        return data


def revise_text(
    text: str,
    mode: Mode,
    instruction: str | None = None,
    plan: StoryPlan | None = None,
    *,
    render: Callable[[StoryPlan], str] | None = None,
) -> Revision:
    """Revise ``text`` by ``mode``.

    :param render: the writer's rendering of a whole plan into text, which ``instruction``
        revisions need to tell the changed plan again; the other modes do without.
    :raises AnalysisInputError: ``text`` is empty, too long or holds control characters.
    :raises ValueError: ``mode`` is not one of :data:`MODES`, or ``instruction`` without
        ``render``.
    :raises PlanRequired: ``instruction`` mode without the story's plan.
    :raises UnsupportedInstruction: the instruction is outside the grammar.
    :raises InvalidInstruction: the instruction is missing, contradictory or out of range.
    """
    text = check_text(text)
    if mode == "cliches":
        changes = cliche_changes(text)
    elif mode == "sharpen":
        changes = sharpen_changes(text, MAX_CHANGE_RATIO)
    elif mode == "instruction":
        if render is None:
            raise ValueError("instruction revisions re-render the plan: pass the writer's render")
        return _revise_by_instruction(text, instruction, plan, render)
    else:
        raise ValueError(f"unknown revision mode {mode!r}; use one of {', '.join(MODES)}")
    revised = apply_changes(text, changes)
    return Revision(revised, mode, changes, count_words(text), count_words(revised))


def cliche_changes(text: str) -> list[Change]:
    """One change per cliché in ``text``: the match replaced by its fitted suggestion."""
    changes = []
    for match in find_cliches(text):
        replacement = replacement_for(match, text)
        if replacement == match.text:
            continue  # a second source's entry (no suggestion of ours): flagged, not rewritten
        changes.append(Change(match.start, match.end, match.text, replacement,
                              f"cliché: {match.phrase}"))
    return changes


def check_instruction(
    text: str, instruction: str | None, plan: StoryPlan | None
) -> Instruction:
    """Check an instruction revision before running it (an API can refuse it up front).

    :raises PlanRequired: there is no plan to re-render from.
    :raises UnsupportedInstruction: the instruction is outside the grammar.
    :raises InvalidInstruction: missing, contradictory, a length that goes the wrong way, or a
        rename of somebody who is not in the story.
    """
    if plan is None:
        raise PlanRequired(
            "instruction revisions re-render the story from its plan, and this text has none "
            "(it was edited by hand or the plan was not given); use mode 'cliches' or "
            "'sharpen', or pass the story's plan"
        )
    if instruction is None or not instruction.strip():
        raise InvalidInstruction("instruction mode needs an instruction; accepted: "
                                 + "; ".join(ACCEPTED_FORMS))
    parsed = parse_instruction(instruction)
    current = count_words(text)
    wanted = parsed.target_words
    if parsed.length_verb == "shorten" and wanted is not None and wanted >= current:
        raise InvalidInstruction(f"cannot shorten to {wanted} words: the story has {current}")
    if parsed.length_verb == "lengthen" and wanted is not None and wanted <= current:
        raise InvalidInstruction(f"cannot lengthen to {wanted} words: the story has {current}")
    _apply_renames(plan, parsed.renames)
    return parsed


def _revise_by_instruction(
    text: str, instruction: str | None, plan: StoryPlan | None,
    render: Callable[[StoryPlan], str],
) -> Revision:
    parsed = check_instruction(text, instruction, plan)
    assert plan is not None  # check_instruction refuses a missing plan
    new_plan, new_name, cast_renames = _apply_renames(plan, parsed.renames)
    revised, new_plan = _replan_and_render(new_plan, parsed, new_name, render)
    for old, new in cast_renames:
        revised = _rename_in_text(revised, old, new)
    change = Change(0, len(text), text, revised, f"instruction: {parsed.describe()}")
    return Revision(revised, "instruction", [change], count_words(text), count_words(revised),
                    instruction=parsed, plan=new_plan)


def _replan_and_render(plan: StoryPlan, parsed: Instruction, name: str | None,
                       render: Callable[[StoryPlan], str]) -> tuple[str, StoryPlan]:
    options: dict[str, Any] = {
        "pov": parsed.pov, "tense": parsed.tense, "name": name,
        "target_words": parsed.target_words, "dialogue": parsed.dialogue,
    }
    try:
        new_plan = replan(plan, **options)
        return render(new_plan), new_plan
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InvalidInstruction(f"{where}: {first['msg']}") from None


def _name_parts(full: str, old: str, new: str) -> str | None:
    """The full name after renaming ``old`` (the full name, or its first or last part)."""
    parts = full.split()
    wanted = old.casefold()
    if full.casefold() == wanted:
        return new
    if parts and parts[0].casefold() == wanted:
        return " ".join([new, *parts[1:]])
    if len(parts) > 1 and parts[-1].casefold() == wanted:
        return " ".join([*parts[:-1], new])
    return None


def _apply_renames(
    plan: StoryPlan, renames: tuple[tuple[str, str], ...]
) -> tuple[StoryPlan, str | None, list[tuple[str, str]]]:
    """A copy of ``plan`` with cast members renamed; the protagonist's new name; cast renames."""
    new_plan = copy.deepcopy(plan)
    protagonist = str(plan.character["name"])
    new_name: str | None = None
    cast_renames: list[tuple[str, str]] = []
    for old, new in renames:
        renamed = _name_parts(new_name or protagonist, old, new)
        if renamed is not None:
            new_name = renamed
            continue
        for member in new_plan.world.cast:
            renamed = _name_parts(member.name, old, new)
            if renamed is not None:
                cast_renames.extend(_part_pairs(member.name, renamed))
                member.name = renamed
                break
        else:
            names = [protagonist, *(member.name for member in plan.world.cast)]
            raise InvalidInstruction(
                f"rename {old} to {new}: nobody in this story is called {old!r}; "
                f"the characters are {', '.join(names)}"
            )
    return new_plan, new_name, cast_renames


def _part_pairs(old: str, new: str) -> list[tuple[str, str]]:
    # The full name first, then each part that changed, so "Agnes Vane" and a bare "Vane"
    # are both found.
    pairs = [(old, new)]
    old_parts, new_parts = old.split(), new.split()
    if old_parts[:1] != new_parts[:1]:
        pairs.append((old_parts[0], new_parts[0]))
    if len(old_parts) > 1 and len(new_parts) > 1 and old_parts[-1] != new_parts[-1]:
        pairs.append((old_parts[-1], new_parts[-1]))
    return pairs


def _rename_in_text(text: str, old: str, new: str) -> str:
    pattern = re.compile(rf"(?<![\w'’-]){re.escape(old)}(?![\w-])")
    return pattern.sub(new, text)
