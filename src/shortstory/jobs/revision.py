"""The revision step of a revise job: revise a text, analyse the result, describe the change.

A thin adapter between the job body and the writers: it hands the text and the story's typed
plan to the writers the registry chose for the story
(:meth:`~shortstory.writers.registry.WriterRegistry.build_revisers`), and turns their result into
what a version row records. It names no writer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from shortstory.analysis.report import analyze
from shortstory.pipeline.models import Character, Scaffold
from shortstory.pipeline.plan import StoryPlan
from shortstory.pipeline.writer_protocol import Writer, WriterResult, first_reachable


@dataclass(frozen=True)
class RevisedText:
    """What a revision produced, ready to become a version."""

    text: str
    note: str
    writer: str
    model: str
    analysis: dict[str, Any]
    plan: StoryPlan | None = None
    """The changed plan after an instruction, to store with the story."""
    tokens_in: int | None = None
    tokens_out: int | None = None
    provenance: dict[str, Any] | None = None
    changes: int | None = None
    """How many changes the writer made: its recorded edits, 0 when the text came back the
    same, ``None`` when a writer rewrote the text whole (it counts none)."""

    @property
    def unchanged(self) -> bool:
        """The revision changed nothing: no new version is worth keeping."""
        return self.changes == 0


def revise_story_text(writers: Sequence[Writer], text: str, mode: str, instruction: str | None,
                      plan: StoryPlan | None, *, scaffold: Scaffold | None = None,
                      character: Character | None = None) -> RevisedText:
    """Revise ``text`` by ``mode`` with the first of ``writers`` that can be reached (with the
    story's ``plan``, which instructions need) and analyse the result.

    :raises WriterError: the last writer failed, or one failed for good.
    :raises pipeline.revise.InstructionError: an instruction the procedural writer refuses.
    """
    if not writers:
        raise ValueError("revise_story_text needs at least one writer")

    def attempt(writer: Writer) -> tuple[WriterResult, dict[str, Any]]:
        return (writer.revise(text, mode, instruction=instruction, plan=plan),
                writer.provenance())

    (result, provenance), fallbacks = first_reachable(writers, attempt)
    if fallbacks:
        provenance["fallbacks"] = fallbacks
    revision = result.revision
    changed_plan = revision.plan if revision is not None else None
    changes = len(revision.changes) if revision is not None else None
    if result.text == text and (changed_plan is None or changed_plan == plan):
        changes, changed_plan = 0, None
    if changed_plan is not None:
        # "Write it in first person": the new text is read against the request it now follows.
        scaffold = changed_plan.story_request.scaffold
        character = changed_plan.story_request.premise.character
    return RevisedText(
        text=result.text, note=_note(result, mode, instruction)[:500], writer=result.writer,
        model=result.model,
        analysis=analyze(result.text, scaffold=scaffold,
                         characters=[character] if character else None).to_dict(),
        plan=changed_plan,
        tokens_in=result.tokens_in or None, tokens_out=result.tokens_out or None,
        provenance=provenance, changes=changes,
    )


def _note(result: WriterResult, mode: str, instruction: str | None) -> str:
    if mode == "instruction":
        return f"{mode}: {instruction}"
    if result.revision is not None:
        return f"{mode}: {len(result.revision.changes)} changes"
    return f"{mode} by {result.writer}"
