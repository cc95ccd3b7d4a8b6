"""The pipeline run: premise -> outline -> scaffold -> draft -> analysis, with progress events.

``write_story`` plans the story once (:func:`~shortstory.pipeline.planning.plan_story`) and
drafts it beat by beat through a :class:`~shortstory.pipeline.writer_protocol.Writer`, streaming
each chunk as a :class:`StageEvent`. The pipeline is handed its writers and imports none.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from shortstory.analysis.premise_check import check_premise
from shortstory.analysis.report import analyze
from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.plan import StoryPlan
from shortstory.pipeline.planning import plan_story
from shortstory.pipeline.writer_protocol import BeatReset, Writer, first_reachable

STAGES = ("premise", "outline", "scaffold", "draft", "analysis")


@dataclass(frozen=True, slots=True)
class StageEvent:
    """A progress event: a stage starting, a chunk of draft text, or the end of the run."""

    kind: Literal["stage", "chunk", "done"]
    stage: str
    text: str = ""
    progress: float = 0.0
    """Share of the run done, 0 to 1."""
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The event as JSON-ready data."""
        return asdict(self)


@dataclass
class StoryResult:
    """A drafted story and everything recorded about how it was made."""

    plan: StoryPlan
    text: str
    title: str
    writer: str
    model: str
    tokens_in: int
    tokens_out: int
    word_count: int
    premise_flags: list[dict[str, Any]]
    analysis: dict[str, Any]
    provenance: dict[str, Any] = field(default_factory=dict)
    """How it was written: prompt version, tokens per stage, cost, judge findings, fallbacks."""

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-ready data."""
        data = {k: v for k, v in asdict(self).items() if k != "plan"}
        data["plan"] = self.plan.to_dict()
        return data


def _premise_flags(request: StoryRequest) -> list[dict[str, Any]]:
    premise = request.premise
    flags = check_premise(premise.idea, premise.character, premise.theme or None)
    return [flag.to_dict() for flag in flags]


def _analysis_summary(text: str, plan: StoryPlan) -> dict[str, Any]:
    """What the version records of its analysis; its ``word_count`` is the story's (the
    analysis counts the words once, by the product's one rule)."""
    planned = [str(c.get("name", "")) for c in plan.outline.bible.get("cast", [])]
    cast = planned if plan.outline.bible else [member.name for member in plan.world.cast]
    names = [plan.story_request.premise.character.name, *(name for name in cast if name)]
    full: dict[str, Any] = analyze(text, scaffold=plan.scaffold, characters=names).to_dict()
    summary: dict[str, Any] = {"word_count": full["word_count"]}
    for key in ("memorability", "readability"):
        if key in full:
            summary[key] = full[key]
    summary["cliches"] = len(full.get("cliches", []))
    if "pov_tense" in full and full["pov_tense"] is not None:
        summary["pov_tense_issues"] = len(full["pov_tense"])
    return summary


def write_story(
    request: StoryRequest,
    writers: Writer | Sequence[Writer],
    *,
    seed: int | None = None,
    on_event: Callable[[StageEvent], None] | None = None,
) -> StoryResult:
    """Run the whole pipeline for ``request`` and return the drafted story.

    The story is planned once; ``writers`` are tried in order, each on its own copy of the plan:
    when one cannot be reached (:class:`WriterUnavailable`), a ``fallback`` stage event is sent
    and the story starts again with the next one; the result
    names the writer that wrote it. Events go to ``on_event`` as they happen: ``stage`` when a
    stage starts, ``chunk`` for each piece of draft text (``data["reset"]`` when the chunk
    replaces its beat so far), ``done`` at the end.

    :raises WriterError: the last writer failed, or a writer failed for good.
    """
    emit = on_event or (lambda event: None)
    chain = list(writers) if isinstance(writers, Sequence) else [writers]
    if not chain:
        raise ValueError("write_story needs at least one writer")
    emit(StageEvent("stage", "premise", progress=0.0))
    flags = _premise_flags(request)
    planned = plan_story(request, seed)

    def attempt(writer: Writer) -> StoryResult:
        # A writer changes its plan (its outline, its title): each starts from its own copy.
        plan = planned if writer is chain[-1] else copy.deepcopy(planned)
        return _write_with(writer, plan, emit, flags)

    result, fallbacks = first_reachable(
        chain, attempt,
        on_fallback=lambda step: emit(StageEvent("stage", "fallback", progress=0.05, data=step)))
    if fallbacks:
        result.provenance["fallbacks"] = fallbacks
    emit(StageEvent("done", "done", progress=1.0, data={"word_count": result.word_count}))
    return result


def _write_with(writer: Writer, plan: StoryPlan, emit: Callable[[StageEvent], None],
                flags: list[dict[str, Any]]) -> StoryResult:
    emit(StageEvent("stage", "outline", progress=0.05, data={"writer": writer.name}))
    plan.outline = writer.outline(plan)
    if plan.outline.bible.get("title"):
        plan.title = str(plan.outline.bible["title"])
    emit(StageEvent("stage", "scaffold", progress=0.1, data={"scaffold": plan.scaffold.to_dict()}))
    emit(StageEvent("stage", "draft", progress=0.15))
    total = max(1, plan.outline.target_words)
    done_words = 0
    parts: list[str] = []
    for beat in plan.outline.beats:
        beat_text: list[str] = []
        beat_words = shown_words = 0
        for chunk in writer.draft_beat(plan, beat):
            reset = isinstance(chunk, BeatReset)
            if reset:
                beat_text, beat_words = [], 0
            beat_text.append(str(chunk))
            beat_words += len(chunk.split())
            # The bar moves with the words streamed and never back (a redrafted beat restarts).
            shown_words = max(shown_words, min(beat_words, beat.target_words))
            data: dict[str, Any] = {"beat": beat.index}
            if reset:
                data["reset"] = True
            progress = 0.15 + 0.8 * min(1.0, (done_words + shown_words) / total)
            emit(StageEvent("chunk", "draft", text=str(chunk), progress=round(progress, 4),
                            data=data))
        parts.append("".join(beat_text).strip())
        done_words += beat.target_words
    text = "\n\n".join(part for part in parts if part)
    emit(StageEvent("stage", "analysis", progress=0.95))
    analysis = _analysis_summary(text, plan)
    usage = writer.usage
    return StoryResult(
        plan=plan,
        text=text,
        title=plan.title,
        writer=writer.name,
        model=writer.model,
        tokens_in=usage.tokens_in,
        tokens_out=usage.tokens_out,
        word_count=analysis["word_count"],
        premise_flags=flags,
        analysis=analysis,
        provenance=writer.provenance(),
    )
