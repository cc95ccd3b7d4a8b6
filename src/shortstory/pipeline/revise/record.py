"""What a revision produced: the revised text, its mode and every change it made."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from shortstory.analysis.words import count_words
from shortstory.pipeline.revise.edits import Change
from shortstory.pipeline.revise.instructions import Instruction

if TYPE_CHECKING:
    from shortstory.pipeline.plan import StoryPlan

Mode = Literal["cliches", "sharpen", "instruction"]
MODES: tuple[Mode, ...] = ("cliches", "sharpen", "instruction")


@dataclass
class Revision:
    """A revised text and how it came about.

    For ``cliches`` and ``sharpen``, ``changes`` index the text given to
    :func:`~shortstory.pipeline.revise.revise_text`. For ``instruction`` the whole text is
    re-rendered: one change covers it, and ``plan`` is the changed plan to store beside the new
    version.
    """

    text: str
    mode: Mode
    changes: list[Change]
    word_count_before: int
    instruction: Instruction | None = None
    plan: StoryPlan | None = field(default=None, repr=False)

    @cached_property
    def word_count_after(self) -> int:
        """The revised text's words, counted when first asked: a revise job reads them from
        the new version's analysis, which counts them anyway."""
        return count_words(self.text)

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
