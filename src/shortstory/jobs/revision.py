"""The revision step of a revise job: revise a text, analyse the result, describe the change.

A thin adapter between the job body and the pure pipeline (:mod:`shortstory.pipeline.revise`)
and analysis (:mod:`shortstory.analysis`): it turns stored JSON (plan, scaffold, character)
back into their types and the results into what a version row records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shortstory.analysis.words import count_words


@dataclass(frozen=True)
class RevisedText:
    """What a revision produced, ready to become a version."""

    text: str
    note: str
    writer: str
    model: str
    analysis: dict[str, Any]
    plan: dict[str, Any] | None = None


def _analysis(text: str, scaffold: dict[str, Any] | None,
              character: dict[str, Any] | None) -> dict[str, Any]:
    try:
        from shortstory.analysis import analyze
    except ImportError:  # the analysis library ships alongside; degrade to the word count
        return {"word_count": count_words(text)}
    from shortstory.pipeline.models import Scaffold

    report = analyze(
        text,
        scaffold=Scaffold.model_validate(scaffold) if scaffold else None,
        characters=[character] if character else None,
    )
    return report.to_dict()


def revise_story_text(text: str, mode: str, instruction: str | None,
                      plan: dict[str, Any] | None, *, scaffold: dict[str, Any] | None = None,
                      character: dict[str, Any] | None = None) -> RevisedText:
    """Revise ``text`` by ``mode`` (with the story's ``plan`` for instructions) and analyse it.

    :raises pipeline.revise.UnsupportedInstruction: an instruction outside the grammar.
    """
    from shortstory.pipeline.plan import StoryPlan
    from shortstory.pipeline.revise import revise_text

    story_plan = StoryPlan.from_dict(plan) if plan else None
    revision = revise_text(text, mode, instruction=instruction, plan=story_plan)  # type: ignore[arg-type]
    changes = len(getattr(revision, "changes", []) or [])
    note = f"{mode}: {instruction}" if mode == "instruction" else f"{mode}: {changes} changes"
    return RevisedText(
        text=revision.text,
        note=note[:500],
        writer="procedural",
        model="procedural",
        analysis=_analysis(revision.text, scaffold, character),
        plan=revision.plan.to_dict() if revision.plan is not None else None,
    )
