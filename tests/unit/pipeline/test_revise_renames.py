"""A rename revision renames everywhere the story keeps the name: the text, and the plan that is
stored beside it (title, world, outline and its beats), applied and replanned once."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from shortstory.pipeline import catalog
from shortstory.pipeline.plan import StoryPlan
from shortstory.pipeline.planning import plan_story
from shortstory.pipeline.revise import by_instruction, revise_text
from shortstory.writers.procedural import ProceduralWriter


def _named(name: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) is not None


@pytest.fixture(scope="module")
def plan() -> StoryPlan:
    # This seed's title calls the protagonist by name ("Maren's Lamp"), and a beat summary
    # names the cast member who brings word.
    request = catalog.template("lamp-lit-by-another").request.model_copy(
        update={"seed": 6, "target_words": 600})
    return plan_story(request)


def test_a_rename_leaves_the_old_names_nowhere_in_the_text_or_the_stored_plan(
        plan: StoryPlan, monkeypatch: pytest.MonkeyPatch) -> None:
    member = plan.world.cast[0].name.split()[0]
    before = json.dumps(plan.to_dict(), ensure_ascii=False)
    assert _named("Maren", plan.title) and _named(member, before)
    assert any(_named(member, beat.summary) for beat in plan.outline.beats)
    calls: Counter[str] = Counter()

    def spy(name: str) -> None:
        real: Callable[..., Any] = getattr(by_instruction, name)

        def counted(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(by_instruction, name, counted)

    spy("replan")
    spy("_apply_renames")
    writer = ProceduralWriter()
    revision = revise_text(writer.render(plan), "instruction",
                           f"rename Maren to Ada and rename {member} to Bodil", plan=plan,
                           render=writer.render)

    assert calls == {"replan": 1, "_apply_renames": 1}
    assert revision.plan is not None
    stored = StoryPlan.from_dict(json.loads(json.dumps(revision.plan.to_dict())))
    kept = json.dumps({"title": stored.title, "world": stored.world.to_dict(),
                       "outline": stored.outline.to_dict()}, ensure_ascii=False)
    for place in (kept, json.dumps(stored.to_dict(), ensure_ascii=False), revision.text):
        assert not _named("Maren", place) and not _named(member, place)
    assert stored.title.startswith("Ada")
    assert any(_named("Bodil", beat.summary) for beat in stored.outline.beats)
    assert _named("Ada", revision.text) and _named("Bodil", revision.text)
    # The plan revised from is a story's earlier version: it keeps its names.
    assert _named("Maren", plan.title) and plan.world.cast[0].name.startswith(member)

