"""The revise job's step: one path for every writer, the writer's identity on the version."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from shortstory.jobs.revision import revise_story_text
from shortstory.pipeline import catalog
from shortstory.pipeline.plan import Beat, Outline, StoryPlan
from shortstory.pipeline.run import write_story
from shortstory.pipeline.writer_protocol import TokenUsage, WriterResult, WriterUnavailable
from shortstory.writers.procedural import ProceduralWriter
from shortstory.writers.providers import WriterSetup
from shortstory.writers.registry import WriterRegistry

CLICHED = "All of a sudden the lamp went out. The ferry was very late."


class UnreachableWriter:
    """A writer whose provider never answers."""

    name = "remote"
    model = "remote-1"
    usage = TokenUsage()

    def provenance(self) -> dict[str, Any]:
        return {"prompt_version": "v1"}

    def outline(self, plan: StoryPlan) -> Outline:
        raise WriterUnavailable("breaker open", writer=self.name)

    def draft_beat(self, plan: StoryPlan, beat: Beat) -> Iterator[str]:
        raise WriterUnavailable("breaker open", writer=self.name)

    def revise(self, text: str, mode: str, instruction: str | None = None,
               plan: StoryPlan | None = None) -> WriterResult:
        raise WriterUnavailable("breaker open", writer=self.name)


@pytest.fixture(scope="module")
def drafted() -> Any:
    request = catalog.template("lamp-lit-by-another").request.model_copy(
        update={"seed": 11, "target_words": 400})
    return write_story(request, ProceduralWriter())


def test_the_registry_gives_procedural_stories_the_procedural_writer_alone() -> None:
    registry = WriterRegistry(WriterSetup())
    for name, has_plan in (("procedural", True), ("gone-provider", True), (None, False)):
        revisers = registry.build_revisers(name, has_plan=has_plan)
        assert [writer.name for writer in revisers] == ["procedural"]


def test_a_procedural_revision_records_the_model_its_drafts_record(drafted: Any) -> None:
    revised = revise_story_text([ProceduralWriter()], CLICHED, "cliches", None, None)
    assert (revised.writer, revised.model) == (drafted.writer, drafted.model)
    assert (revised.writer, revised.model) == ("procedural", "procedural-1")
    assert revised.note == "cliches: 1 changes"
    assert revised.plan is None and revised.tokens_in is None


def test_an_instruction_stores_the_changed_plan_and_the_rendered_text(drafted: Any) -> None:
    plan = StoryPlan.from_dict(drafted.plan.to_dict())
    revised = revise_story_text([ProceduralWriter()], drafted.text, "instruction",
                                "change tense to present", plan)
    assert revised.note == "instruction: change tense to present"
    assert revised.plan is not None
    assert revised.plan.story_request.scaffold.tense == "present"
    assert revised.text == ProceduralWriter().render(StoryPlan.from_dict(revised.plan.to_dict()))


def test_an_unreachable_writer_falls_back_and_says_so(drafted: Any) -> None:
    revised = revise_story_text([UnreachableWriter(), ProceduralWriter()], CLICHED, "cliches",
                                None, drafted.plan.to_dict())
    assert revised.writer == "procedural"
    assert revised.provenance is not None
    assert revised.provenance["fallbacks"] == [
        {"writer": "remote", "next": "procedural", "reason": "breaker open"}]
    with pytest.raises(WriterUnavailable):
        revise_story_text([UnreachableWriter()], CLICHED, "cliches", None, None)


def test_a_model_story_with_its_plan_goes_to_its_model_then_the_chain() -> None:
    from shortstory.writers.providers import ProviderConfig

    groq = ProviderConfig(base_url="https://api.example.test/v1", model="small-1")
    registry = WriterRegistry(WriterSetup(providers={"groq": groq}, chain=("groq", "procedural")))
    revisers = registry.build_revisers("groq", has_plan=True)
    assert [(writer.name, writer.model) for writer in revisers] == [
        ("groq", "small-1"), ("procedural", "procedural-1")]
    # Without its plan a model cannot revise: the procedural writer takes what works on any text.
    assert [w.name for w in registry.build_revisers("groq", has_plan=False)] == ["procedural"]


def test_an_instruction_that_changes_pov_is_analysed_in_the_new_pov(drafted: Any) -> None:
    """The story was first person: its close-third rewrite is judged as close third."""
    plan = StoryPlan.from_dict(drafted.plan.to_dict())
    request = plan.story_request
    assert request.scaffold.pov == "first"
    revised = revise_story_text([ProceduralWriter()], drafted.text, "instruction",
                                "write it in third person", plan, scaffold=request.scaffold,
                                character=request.premise.character)
    assert revised.plan is not None
    assert revised.plan.story_request.scaffold.pov == "close_third"
    assert revised.analysis["scaffold"]["pov"] == "close_third"
    assert revised.analysis["pov_tense"] == []
