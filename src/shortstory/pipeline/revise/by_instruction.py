"""The ``instruction`` revision: the story's plan changed by the instruction's grammar
(:func:`~shortstory.pipeline.planning.replan`), renames applied, and the plan told again by the
``render`` the writer passes in.

The instruction is parsed, checked against the text and the plan, and its renames applied once;
:func:`check_instruction` is the same check without the rendering, for a caller that refuses a
bad instruction before it queues the work.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from shortstory.analysis.words import count_words
from shortstory.pipeline.models import field_path
from shortstory.pipeline.planning import replan
from shortstory.pipeline.revise.edits import Change
from shortstory.pipeline.revise.instructions import (
    ACCEPTED_LINE,
    Instruction,
    InvalidInstruction,
    PlanRequired,
    parse_instruction,
)
from shortstory.pipeline.revise.record import Revision

if TYPE_CHECKING:
    from shortstory.pipeline.plan import StoryPlan


@dataclass(frozen=True)
class _Checked:
    """An instruction that holds for its story, with its renames already applied."""

    instruction: Instruction
    plan: StoryPlan
    """A copy of the story's plan with its cast members renamed."""
    protagonist: str | None
    """The protagonist's new name, when the instruction renames them."""
    cast_renames: list[tuple[str, str]]
    """(old, new) for each cast member's name, and each part of it, that changed."""


def check_instruction(
    text: str, instruction: str | None, plan: StoryPlan | None
) -> Instruction:
    """Check an instruction revision before running it (an API can refuse it up front).

    :raises PlanRequired: there is no plan to re-render from.
    :raises UnsupportedInstruction: the instruction is outside the grammar.
    :raises InvalidInstruction: missing, contradictory, a length that goes the wrong way, or a
        rename of somebody who is not in the story.
    """
    return _check(instruction, plan, count_words(text)).instruction


def revise_by_instruction(
    text: str, instruction: str | None, plan: StoryPlan | None, words: int,
    render: Callable[[StoryPlan], str],
) -> Revision:
    """``text`` told again from its plan changed by ``instruction``: one change covering it.

    :param words: how many words ``text`` has (the caller counted them when it checked it).
    :raises InstructionError: as :func:`check_instruction`, or the changed plan is out of range.
    """
    checked = _check(instruction, plan, words)
    revised, new_plan = _replan_and_render(checked, render)
    for old, new in checked.cast_renames:
        revised = _rename_in_text(revised, old, new)
    parsed = checked.instruction
    change = Change(0, len(text), text, revised, f"instruction: {parsed.describe()}")
    return Revision(revised, "instruction", [change], words, instruction=parsed, plan=new_plan)


def _check(instruction: str | None, plan: StoryPlan | None, words: int) -> _Checked:
    if plan is None:
        raise PlanRequired(
            "instruction revisions re-render the story from its plan, and this text has none "
            "(it was edited by hand or the plan was not given); use mode 'cliches' or "
            "'sharpen', or pass the story's plan"
        )
    if instruction is None or not instruction.strip():
        raise InvalidInstruction(
            f"instruction mode needs an instruction; accepted: {ACCEPTED_LINE}")
    parsed = parse_instruction(instruction)
    wanted = parsed.target_words
    if parsed.length_verb == "shorten" and wanted is not None and wanted >= words:
        raise InvalidInstruction(f"cannot shorten to {wanted} words: the story has {words}")
    if parsed.length_verb == "lengthen" and wanted is not None and wanted <= words:
        raise InvalidInstruction(f"cannot lengthen to {wanted} words: the story has {words}")
    new_plan, protagonist, cast_renames = _apply_renames(plan, parsed.renames)
    return _Checked(parsed, new_plan, protagonist, cast_renames)


def _replan_and_render(checked: _Checked,
                       render: Callable[[StoryPlan], str]) -> tuple[str, StoryPlan]:
    parsed = checked.instruction
    options: dict[str, Any] = {
        "pov": parsed.pov, "tense": parsed.tense, "name": checked.protagonist,
        "target_words": parsed.target_words, "dialogue": parsed.dialogue,
    }
    try:
        new_plan = replan(checked.plan, **options)
        return render(new_plan), new_plan
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InvalidInstruction(f"{field_path(first['loc'])}: {first['msg']}") from None


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
    protagonist = plan.story_request.premise.character.name
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
