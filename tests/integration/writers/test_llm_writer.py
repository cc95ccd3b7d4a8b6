"""The OpenAI-compatible writer against a real OpenAI-protocol server that injects faults.

The real ``openai`` SDK talks HTTP to :class:`~support.fault_llm.FaultLLMServer` on a loopback
port; nothing in between is mocked. Each test names its own provider, so breaker and budget
state in the shared Redis never leaks between tests.
"""

from __future__ import annotations

import json
import re
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest
from support.fault_llm import FaultLLMServer

from shortstory.analysis.cliches import find_cliches
from shortstory.analysis.pov import lint_pov_tense
from shortstory.analysis.words import count_words
from shortstory.config import load_settings
from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.run import StageEvent, write_story
from shortstory.pipeline.writer_protocol import WriterError, WriterUnavailable
from shortstory.writers.registry import WriterRegistry

IDEA = "A retired astronaut teaches toddlers to swim at the municipal pool."


def _request(words: int = 600, pov: str = "first", tense: str = "past") -> StoryRequest:
    return StoryRequest.model_validate({
        "premise": {"idea": IDEA,
                    "character": {"name": "Wren", "pronouns": "she/her",
                                  "want": "to be useful again"},
                    "theme": "what courage is"},
        "genre": "literary", "scaffold": {"pov": pov, "tense": tense},
        "target_words": words, "seed": 3,
    })


@pytest.fixture
def server() -> Iterator[FaultLLMServer]:
    with FaultLLMServer() as running:
        running.set_prose(person="first", tense="past", name="Wren")
        yield running


def _registry(server: FaultLLMServer, *, redis_url: str | None = None,
              **overrides: Any) -> tuple[WriterRegistry, str]:
    name = f"fault{secrets.token_hex(3)}"
    provider: dict[str, Any] = {"base_url": server.base_url, "model": "fault-llm-1",
                                "timeout_s": 5, "price_in_per_mtok": 1.0,
                                "price_out_per_mtok": 2.0}
    provider.update(overrides.pop("provider", {}))
    settings = load_settings({
        "environment": "test", "WRITERS": json.dumps({name: provider}),
        "WRITER_CHAIN": f"{name},procedural", "redis_url": redis_url, **overrides,
    }, environ={}, dotenv_path=None)
    return WriterRegistry(settings.writer_setup()), name


def _replay(events: list[StageEvent]) -> str:
    """The story as a client following the stream would hold it (resets applied)."""
    beats: dict[int, str] = {}
    for event in events:
        if event.kind == "stage" and event.stage == "fallback":
            beats = {}
        if event.kind != "chunk":
            continue
        beat = int(event.data["beat"])
        beats[beat] = event.text if event.data.get("reset") else beats.get(beat, "") + event.text
    return "\n\n".join(text.strip() for _, text in sorted(beats.items()) if text.strip())


def test_a_story_streams_and_records_the_servers_token_counts(server: FaultLLMServer) -> None:
    registry, name = _registry(server)
    events: list[StageEvent] = []
    result = write_story(_request(), registry.build_chain(name), on_event=events.append)
    assert (result.writer, result.model) == (name, "fault-llm-1")
    assert abs(result.word_count - 600) <= 60
    chunks = [e for e in events if e.kind == "chunk"]
    assert len(chunks) > 20  # streamed, not handed over whole
    assert _replay(events) == result.text
    records = server.requests
    assert result.tokens_in == sum(r.prompt_tokens for r in records)
    assert result.tokens_out == sum(r.completion_tokens for r in records)
    provenance = result.provenance
    assert provenance["prompt_version"] == "v3"
    assert provenance["usage_counted"] == "provider"
    assert provenance["cost_usd"] == pytest.approx(
        (result.tokens_in * 1.0 + result.tokens_out * 2.0) / 1e6, abs=1e-6)
    # The outline was asked with a schema, the beats as prose.
    assert records[0].kind == "json" and records[0].body["response_format"]["type"] == "json_schema"
    assert all(r.kind == "prose" and r.stream for r in records[1:])


def test_two_429s_are_waited_out_as_retry_after_asks(server: FaultLLMServer) -> None:
    registry, name = _registry(server)
    server.inject("rate_limit", times=2, retry_after=1)
    result = write_story(_request(words=300), registry.build_chain(name))
    assert result.writer == name
    first, second, third = server.requests[:3]
    assert [first.status, second.status, third.status] == [429, 429, 200]
    assert second.time - first.time >= 0.95
    assert third.time - second.time >= 0.95


def test_a_401_is_not_retried_and_fails_the_stage(server: FaultLLMServer) -> None:
    registry, name = _registry(server)
    server.inject("unauthorized")
    with pytest.raises(WriterError) as caught:
        write_story(_request(), registry.build(name))
    assert not isinstance(caught.value, WriterUnavailable)
    assert "HTTP 401" in str(caught.value)
    assert len(server.requests) == 1


def test_a_server_that_keeps_failing_falls_back_to_the_next_writer(
        server: FaultLLMServer) -> None:
    registry, name = _registry(server, WRITER_RETRIES="1")
    server.inject("server_error", times=10)
    events: list[StageEvent] = []
    result = write_story(_request(), registry.build_chain(name), on_event=events.append)
    assert result.writer == "procedural"
    assert result.provenance["fallbacks"][0]["writer"] == name
    assert [r.status for r in server.requests] == [500, 500]
    assert _replay(events) == result.text


def test_a_hung_provider_times_out_and_the_chain_goes_on(server: FaultLLMServer) -> None:
    registry, name = _registry(server, WRITER_RETRIES="0", provider={"timeout_s": 0.5})
    server.inject("hang", seconds=5)
    started = time.monotonic()
    result = write_story(_request(), registry.build_chain(name))
    assert result.writer == "procedural"
    assert time.monotonic() - started < 4


def test_a_stream_cut_mid_beat_is_retried_without_doubling_text(server: FaultLLMServer) -> None:
    registry, name = _registry(server)
    server.inject("stream_cut", match="prose", after_chunks=4)
    events: list[StageEvent] = []
    result = write_story(_request(), registry.build_chain(name), on_event=events.append)
    assert result.writer == name
    first_beat = [e for e in events if e.kind == "chunk" and e.data["beat"] == 0]
    cut_at = next(i for i, e in enumerate(first_beat) if e.data.get("reset"))
    assert cut_at == 4 and first_beat[cut_at].text == ""
    partial = "".join(e.text for e in first_beat[:cut_at]).strip()
    assert result.text.count(partial) == 1
    assert _replay(events) == result.text
    statuses = [r.fault for r in server.requests if r.kind == "prose"]
    assert statuses[0] == "stream_cut" and statuses[1] is None


def test_malformed_outline_json_is_asked_again_once(server: FaultLLMServer) -> None:
    registry, name = _registry(server)
    server.inject("malformed_json", match="json")
    result = write_story(_request(words=300), registry.build(name))
    json_requests = [r for r in server.requests if r.kind == "json"]
    assert [r.fault for r in json_requests[:2]] == ["malformed_json", None]
    repair = json_requests[1].body["messages"][-1]["content"]
    assert "could not be used" in repair and "malformed" in repair
    assert result.plan.outline.bible["title"]


def test_malformed_outline_json_twice_fails_cleanly(server: FaultLLMServer) -> None:
    registry, name = _registry(server)
    server.inject("malformed_json", match="json", times=2)
    with pytest.raises(WriterError, match="outline was unusable after a repair request"):
        write_story(_request(words=300), registry.build_chain(name))
    assert len(server.requests) == 2


@pytest.mark.parametrize("fault", ["pov_slip", "tense_slip", "cliche"])
def test_the_judge_finds_slips_and_clichés_and_repair_removes_them(
        server: FaultLLMServer, fault: str) -> None:
    registry, name = _registry(server)
    server.inject(fault, match="prose")
    result = write_story(_request(words=400), registry.build(name))
    judge = result.provenance["judge"]
    kind = {"pov_slip": "pov", "tense_slip": "tense", "cliche": "cliche"}[fault]
    assert judge["raw"][kind] >= 1
    assert judge["after_repair"][kind] < judge["raw"][kind]
    assert judge["repair_requests"] >= 1
    assert not find_cliches(result.text)
    names = [result.plan.character.name]
    slips = [i for i in lint_pov_tense(result.text, "first", "past", names) if i.kind == kind]
    assert len(slips) == judge["after_repair"].get(kind, 0) or kind == "cliche"


def test_a_first_person_story_told_in_the_third_person_is_retold_in_the_first(
        server: FaultLLMServer) -> None:
    registry, name = _registry(server)
    server.inject("third_person", match="prose", times=20)
    events: list[StageEvent] = []
    result = write_story(_request(words=400), registry.build(name), on_event=events.append)
    assert server.requests[1].fault == "third_person"
    judge = result.provenance["judge"]
    assert judge["raw"]["pov"] >= 2
    assert judge["beats_retold_in_person"] == len(result.plan.outline.beats)
    assert judge["after_repair"]["pov"] == 0
    assert not re.search(r"\b(Wren|She|she)\b", result.text)
    assert len(re.findall(r"\bI\b", result.text)) >= 10
    assert not lint_pov_tense(result.text, "first", "past", ["Wren"])
    assert _replay(events) == result.text


def test_a_plan_that_leaves_the_premise_does_not_steer_the_draft(
        server: FaultLLMServer) -> None:
    registry, name = _registry(server)
    result = write_story(_request(words=300), registry.build(name))
    bible = result.plan.outline.bible
    # The fault server plans stock places and things that have nothing to do with the pool.
    assert bible["setting"] == "" and bible["objects"] == []
    first = server.requests[1].body["messages"][-1]["content"]
    assert f"Begin the story: {IDEA}" in first


def test_of_several_drafts_the_judge_keeps_the_one_in_the_asked_voice(
        server: FaultLLMServer) -> None:
    registry, name = _registry(server, provider={"drafts_per_beat": 2})
    server.inject("pov_slip", match="prose")
    events: list[StageEvent] = []
    result = write_story(_request(words=300), registry.build(name), on_event=events.append)
    drafts = [r for r in server.requests if r.kind == "prose"]
    assert drafts[0].fault == "pov_slip" and drafts[1].fault is None
    assert drafts[0].body["messages"] == drafts[1].body["messages"]
    judge = result.provenance["judge"]
    assert judge["raw"]["pov"] == 0 and judge["repair_requests"] == 0
    assert judge["drafts_set_aside"] == len(result.plan.outline.beats)
    assert not [i for i in lint_pov_tense(result.text, "first", "past", ["Wren"])
                if i.kind == "pov"]
    assert _replay(events) == result.text


@pytest.mark.parametrize(("fault", "counter"), [("short", "continuations"), ("long", "cuts")])
def test_the_length_contract_holds_when_a_beat_misses_its_budget(
        server: FaultLLMServer, fault: str, counter: str) -> None:
    registry, name = _registry(server)
    server.inject(fault, match="prose", times=2)
    result = write_story(_request(words=900), registry.build(name))
    assert result.provenance["judge"][counter] >= 1
    assert abs(count_words(result.text) - 900) <= 90


RESET_S = 8
"""Long enough that a loaded machine cannot pass the cool-down before the fallback is checked."""


def test_an_open_breaker_is_seen_by_another_process_and_closes_after_a_trial(
        server: FaultLLMServer, redis_url: str) -> None:
    registry, name = _registry(server, redis_url=redis_url, WRITER_RETRIES="0",
                               WRITER_BREAKER_FAILURES="5",
                               WRITER_BREAKER_RESET_S=str(RESET_S))
    server.inject("server_error", times=5)
    for _ in range(5):
        with pytest.raises(WriterUnavailable):
            write_story(_request(words=300), registry.build(name))
    opened = time.monotonic()
    assert registry.guard(name).state == "open"
    # Another process, sharing nothing but Redis, refuses without calling the provider.
    probe = (
        "import sys\n"
        "from shortstory.writers.providers import GuardPolicy\n"
        "from shortstory.writers.resilience import GuardFactory\n"
        "g = GuardFactory(GuardPolicy(breaker_reset_s=60), sys.argv[1]).guard(sys.argv[2], 0, 0)\n"
        "print(g.state)\n"
    )
    seen = subprocess.run([sys.executable, "-c", probe, redis_url, name], check=True,
                          capture_output=True, text=True, timeout=60).stdout.strip()
    assert seen == "open"
    calls = len(server.requests)
    fallback = write_story(_request(words=300), registry.build_chain(name))
    assert fallback.writer == "procedural" and len(server.requests) == calls
    time.sleep(max(0.0, RESET_S + 0.2 - (time.monotonic() - opened)))
    trial = write_story(_request(words=300), registry.build_chain(name))
    assert trial.writer == name
    assert registry.guard(name).state == "closed"


def test_writers_never_show_keys(server: FaultLLMServer) -> None:
    settings = load_settings({"environment": "test", "WRITERS": json.dumps(
        {"paid": {"base_url": server.base_url, "model": "m", "api_key_env": "PAID_KEY"}}),
        "WRITER_CHAIN": "paid,procedural"}, environ={"PAID_KEY": "sk-secret-123"},
        dotenv_path=None)
    registry = WriterRegistry(settings.writer_setup())
    shown = json.dumps([registry.describe(), registry.health(), settings.masked()])
    assert "sk-secret-123" not in shown
    assert re.search(r'"name": "paid"', shown)
