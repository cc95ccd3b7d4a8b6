"""Revision: a story's text made better by one of three modes, every edit recorded.

``cliches`` and ``sharpen`` work on any text, hand-edited or not; ``instruction`` needs the
story's plan and the writer's ``render``. Nothing here imports a writer.

- :mod:`.modes`: :func:`revise_text`, the one call for every mode, and the clichés pass;
- :mod:`.sharpen`: the ``sharpen`` pass and its word lists;
- :mod:`.instructions`: the instruction grammar and its errors;
- :mod:`.by_instruction`: an instruction checked, its renames applied and the plan re-rendered;
- :mod:`.edits`: a recorded change and how changes are applied;
- :mod:`.record`: the :class:`Revision` a call returns.
"""

from shortstory.pipeline.revise.by_instruction import check_instruction
from shortstory.pipeline.revise.edits import Change
from shortstory.pipeline.revise.instructions import (
    ACCEPTED_FORMS,
    Instruction,
    InstructionError,
    InvalidInstruction,
    PlanRequired,
    UnsupportedInstruction,
    parse_instruction,
)
from shortstory.pipeline.revise.modes import cliche_changes, revise_text
from shortstory.pipeline.revise.record import MODES, Mode, Revision

__all__ = [
    "ACCEPTED_FORMS",
    "MODES",
    "Change",
    "Instruction",
    "InstructionError",
    "InvalidInstruction",
    "Mode",
    "PlanRequired",
    "Revision",
    "UnsupportedInstruction",
    "check_instruction",
    "cliche_changes",
    "parse_instruction",
    "revise_text",
]
