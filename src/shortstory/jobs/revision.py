"""The revision step of a revise job: revise a text, analyse the result, describe the change.

A thin adapter between the job body and the pure pipeline (:mod:`shortstory.pipeline.revise`)
and analysis (:mod:`shortstory.analysis`): it turns stored JSON (plan, scaffold, character)
back into their types and the results into what a version row records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shortstory.analysis.words import count_words
from shortstory.writers.protocol import Writer, WriterUnavailable


@dataclass(frozen=True)
class RevisedText:
    """What a revision produced, ready to become a version."""

    text: str
    note: str
    writer: str
    model: str
    analysis: dict[str, Any]
    plan: dict[str, Any] | None = None
    tokens_in: int | None = None
    tokens_out: int | None = None
    provenance: dict[str, Any] | None = None


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


def revise_with_model(writers: list[Writer], text: str, mode: str, instruction: str | None,
                      plan: dict[str, Any], *, scaffold: dict[str, Any] | None = None,
                      character: dict[str, Any] | None = None) -> RevisedText:
    """Revise ``text`` with the first of ``writers`` that can be reached (a story a model wrote
    is revised by that model, falling back along the chain).

    :raises WriterError: the last writer failed, or one failed for good.
    """
    from shortstory.pipeline.plan import StoryPlan

    story_plan = StoryPlan.from_dict(plan)
    fallbacks: list[dict[str, str]] = []
    for position, writer in enumerate(writers):
        try:
            result = writer.revise(text, mode, instruction=instruction, plan=story_plan)
        except WriterUnavailable as exc:
            if position == len(writers) - 1:
                raise
            fallbacks.append({"writer": writer.name, "next": writers[position + 1].name,
                              "reason": str(exc)})
            continue
        provenance = writer.provenance()
        if fallbacks:
            provenance["fallbacks"] = fallbacks
        note = f"{mode}: {instruction}" if mode == "instruction" else f"{mode} by {writer.name}"
        return RevisedText(
            text=result.text, note=note[:500], writer=result.writer, model=result.model,
            analysis=_analysis(result.text, scaffold, character), plan=None,
            tokens_in=result.tokens_in or None, tokens_out=result.tokens_out or None,
            provenance=provenance,
        )
    raise ValueError("revise_with_model needs at least one writer")
