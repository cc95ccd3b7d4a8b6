"""The procedural writer behind the Writer protocol: streaming, determinism, failure types."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from unittest.mock import patch

from shortstory.analysis.cliches import find_cliches
from shortstory.analysis.pov import lint_pov_tense
from shortstory.analysis.words import count_words
from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.planning import plan_story
from shortstory.pipeline.writer_protocol import (
    TokenUsage,
    Writer,
    WriterError,
    WriterResult,
    WriterUnavailable,
)
from shortstory.writers.procedural import ProceduralWriter

BODY = {
    "premise": {
        "idea": "A night-shift baker receives orders for bread from an address that burned down.",
        "character": {"name": "Odile Fane", "pronouns": "they/them", "traits": ["wry", "tired"],
                      "quirk": "hums hymns off-key", "contradiction": "mocks luck",
                      "want": "to sleep through one night"},
        "theme": "what we owe the dead",
    },
    "genre": "horror", "structure": "freytag",
    "scaffold": {"pov": "close_third", "tense": "present", "style": "lyrical"},
    "target_words": 900, "seed": 11,
}


def _plan():
    return plan_story(StoryRequest.model_validate(BODY))


def test_draft_beat_streams_the_same_text_render_returns() -> None:
    writer = ProceduralWriter()
    plan = _plan()
    streamed = ["".join(writer.draft_beat(plan, beat)) for beat in plan.outline.beats]
    assert "\n\n".join(streamed) == writer.render(plan)
    chunks = list(writer.draft_beat(plan, plan.outline.beats[0]))
    assert len(chunks) >= 2, "a beat is streamed paragraph by paragraph"


def test_story_keeps_pov_tense_and_has_no_cliche() -> None:
    plan = _plan()
    text = ProceduralWriter().render(plan)
    names = ["Odile Fane", *(member.name for member in plan.world.cast)]
    assert lint_pov_tense(text, "close_third", "present", names) == []
    assert find_cliches(text) == []
    assert abs(count_words(text) - 900) <= 45


def test_text_is_identical_in_another_process_with_another_hash_seed() -> None:
    # str hashes are salted per process; the engine must not depend on them.
    code = (
        "import json,sys; from shortstory.pipeline.models import StoryRequest;"
        "from shortstory.pipeline.planning import plan_story;"
        "from shortstory.writers.procedural import ProceduralWriter;"
        "r = StoryRequest.model_validate(json.loads(sys.argv[1]));"
        "sys.stdout.write(ProceduralWriter().render(plan_story(r)))"
    )
    texts = set()
    for salt in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": salt}
        done = subprocess.run([sys.executable, "-c", code, json.dumps(BODY)], env=env,
                              capture_output=True, text=True, check=True, timeout=120)
        texts.add(done.stdout)
    assert texts == {ProceduralWriter().render(_plan())}


def test_writer_reports_no_tokens_and_satisfies_the_protocol() -> None:
    writer = ProceduralWriter()
    assert isinstance(writer, Writer)
    assert writer.usage == TokenUsage(0, 0)
    assert writer.outline(_plan()).beats == _plan().outline.beats


def test_writer_errors_say_whether_to_fall_back() -> None:
    unavailable = WriterUnavailable("breaker open", writer="openai")
    assert isinstance(unavailable, WriterError)
    assert unavailable.retryable and unavailable.error_code == "WRITER_UNAVAILABLE"
    failed = WriterError("bad request", writer="openai")
    assert not failed.retryable
    result = WriterResult(text="x", writer="procedural", model="procedural-1")
    assert result.to_dict()["tokens_in"] == 0
    assert TokenUsage(1, 2) + TokenUsage(3, 4) == TokenUsage(4, 6)


def test_revise_re_renders_an_instruction_from_the_changed_plan_itself() -> None:
    writer = ProceduralWriter()
    plan = _plan()
    text = writer.render(plan)
    result = writer.revise(text, "instruction", "change tense to past", plan=plan)
    assert (result.writer, result.model) == (writer.name, writer.model)
    assert result.revision is not None and result.revision.plan is not None
    changed = result.revision.plan
    assert changed.story_request.scaffold.tense == "past"
    assert result.text == writer.render(changed)
    assert result.to_dict()["revision"]["plan"]["request"]["scaffold"]["tense"] == "past"


def test_revise_by_edits_records_every_change_and_keeps_the_plan() -> None:
    text = "All of a sudden the lamp went out. The ferry was very late."
    result = ProceduralWriter().revise(text, "cliches")
    assert result.revision is not None and result.revision.plan is None
    assert [change.before for change in result.revision.changes] == ["All of a sudden"]
    assert result.text == result.revision.text and "All of a sudden" not in result.text


def _first_narrated(text: str, given: str) -> int:
    """Where the narration (not speech) first names ``given``, or -1."""
    import re

    for match in re.finditer(rf"\b{re.escape(given)}\b", text):
        before = text[: match.start()]
        if before.count("“") <= before.count("”"):
            return match.start()
    return -1


def test_the_reader_meets_each_supporting_character_by_full_name_first() -> None:
    for seed in range(5):
        plan = plan_story(StoryRequest.model_validate({**BODY, "seed": seed}))
        text = ProceduralWriter().render(plan)
        for member in plan.world.cast:
            at = _first_narrated(text, member.name.split()[0])
            assert at == -1 or text.startswith(member.name, at), (seed, member.name)


def test_the_story_follows_a_clue_from_finding_to_the_turn() -> None:
    # The mystery spine (other genres shape theirs: see test_genre_spines.py), which runs when
    # the idea's action has no family (receiving has one now, and carries the plot instead).
    body = {**BODY, "genre": "mystery", "target_words": 1500}
    plan = plan_story(StoryRequest.model_validate(body))
    with patch("shortstory.writers.procedural.action_staging.read_action", return_value=None):
        text = ProceduralWriter().render(plan)
    situation = plan.world.situation
    assert plan.world.setting == situation["place"] == "the bakery"
    item = situation["item"]
    told = text.index("orders for bread")
    turn = max(text.find(" not " + plan.world.cast[1].name.split()[0]), 0)
    assert item in text[:told + 200] and told < turn


def test_the_story_cache_knows_a_plan_changed_in_place() -> None:
    # The story is rendered once and handed out beat by beat, cached by the plan's fingerprint;
    # a plan changed in place (a revision's new title, a world's new place) is rendered anew.
    from shortstory.pipeline.models import StoryRequest
    from shortstory.pipeline.planning import plan_story
    from shortstory.writers.procedural import ProceduralWriter

    body = {"premise": {"idea": "A ferry cook keeps a ledger of passengers who never disembark.",
                        "character": {"name": "Odile Ferrand", "pronouns": "she/her"}},
            "genre": "mystery", "scaffold": {"pov": "first", "tense": "past"},
            "target_words": 500, "seed": 4}
    plan = plan_story(StoryRequest.model_validate(body))
    writer = ProceduralWriter()
    first = writer.beats(plan)
    assert writer.beats(plan) is first  # the same plan: the cached story
    plan.world.places[0] = "a lighthouse on a sandbank"
    assert writer.beats(plan) is not first
