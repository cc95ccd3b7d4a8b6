"""The fault-injecting OpenAI-protocol server, driven by the real ``openai`` SDK (never mocked).

One server serves the module; every test starts from :meth:`FaultLLMServer.reset`. The clients
never retry (``max_retries=0``), so each fault shows as exactly one request and one error.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema_rs
import openai
import pytest
import requests
from support.fault_llm import (
    TEMPLATES,
    VERBS,
    FaultLLMServer,
    RequestRecord,
    count_tokens,
)

FAULT_LLM_SCRIPT = Path(__file__).resolve().parents[1] / "support" / "fault_llm.py"
PRESENT_ONLY = {verb.third for verb in VERBS.values()} - {verb.past for verb in VERBS.values()}
PAST_ONLY = {verb.past for verb in VERBS.values()} - {verb.base for verb in VERBS.values()}

OUTLINE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "title": {"type": "string", "minLength": 5, "maxLength": 60},
        "beats": {
            "type": "array",
            "minItems": 4,
            "maxItems": 6,
            "items": {"$ref": "#/$defs/Beat"},
        },
        "setting": {
            "type": "object",
            "properties": {
                "place": {"type": "string"},
                "season": {"enum": ["spring", "summer", "autumn", "winter"]},
            },
            "required": ["place", "season"],
            "additionalProperties": False,
        },
        "themes": {"type": "array", "items": {"type": "string"}, "maxItems": 2},
    },
    "required": ["title", "beats", "setting", "themes"],
    "additionalProperties": False,
    "$defs": {
        "Beat": {
            "type": "object",
            "properties": {
                "summary": {"type": "string", "minLength": 10, "maxLength": 80},
                "kind": {"type": "string", "enum": ["setup", "turn", "climax", "resolution"]},
                "tension": {"type": "integer", "minimum": 5, "maximum": 9},
                "weight": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
                "optional_note": {"anyOf": [{"type": "string"}, {"type": "null"}]},
            },
            "required": ["summary", "kind", "tension", "weight", "optional_note"],
            "additionalProperties": False,
        }
    },
}


@pytest.fixture(scope="module")
def server() -> Iterator[FaultLLMServer]:
    with FaultLLMServer(words_per_chunk=4) as running:
        yield running


@pytest.fixture(autouse=True)
def clean(server: FaultLLMServer) -> None:
    server.reset()


@pytest.fixture
def client(server: FaultLLMServer) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(base_url=server.base_url, api_key="k", max_retries=0, timeout=5) as sdk:
        yield sdk


def ask(
    client: openai.OpenAI, prompt: str = "Write a scene.", system: str | None = None, **extra: Any
) -> Any:
    messages: list[Any] = [{"role": "system", "content": system}] if system else []
    messages.append({"role": "user", "content": prompt})
    return client.chat.completions.create(model="fault-llm-1", messages=messages, **extra)


def ask_json(client: openai.OpenAI, schema: dict[str, Any] | None = None, **extra: Any) -> Any:
    response_format: dict[str, Any] = (
        {"type": "json_schema", "json_schema": {"name": "outline", "schema": schema}}
        if schema is not None
        else {"type": "json_object"}
    )
    return ask(client, "Outline the story as JSON.", response_format=response_format, **extra)


def content_of(completion: Any) -> str:
    return str(completion.choices[0].message.content)


def words(text: str) -> int:
    return len(text.split())


# -- protocol ----------------------------------------------------------------------------------


def test_models_lists_the_servers_model(client: openai.OpenAI) -> None:
    models = client.models.list()
    assert [model.id for model in models] == ["fault-llm-1"]
    assert models.data[0].owned_by == "fault-llm"


def test_completion_has_usage_by_the_servers_tokenizer_and_the_asked_length(
    server: FaultLLMServer, client: openai.OpenAI
) -> None:
    system = "You write short fiction."
    prompt = "Write about 200 words about a harbour town."
    completion = ask(client, prompt, system=system)
    text = content_of(completion)

    assert completion.object == "chat.completion"
    assert completion.choices[0].finish_reason == "stop"
    assert completion.choices[0].message.role == "assistant"
    assert 190 <= words(text) <= 210
    assert text.endswith(".")
    assert completion.usage is not None
    assert completion.usage.prompt_tokens == count_tokens(system) + count_tokens(prompt)
    assert completion.usage.completion_tokens == count_tokens(text)
    assert completion.usage.total_tokens == (
        completion.usage.prompt_tokens + completion.usage.completion_tokens
    )
    # Default voice: third person, past, "Mara".
    assert "Mara" in text and not re.search(r"\bI\b", text)
    assert not set(text.replace(".", " ").replace(",", " ").split()) & PRESENT_ONLY
    (record,) = server.requests
    assert isinstance(record, RequestRecord)
    assert (record.kind, record.stream, record.fault, record.status) == ("prose", False, None, 200)
    assert record.completion_tokens == completion.usage.completion_tokens
    assert record.body["messages"][1]["content"] == prompt


def test_without_a_words_hint_prose_is_120_words_and_deterministic(client: openai.OpenAI) -> None:
    first = content_of(ask(client, "Write the next scene."))
    assert 114 <= words(first) <= 126
    assert content_of(ask(client, "Write the next scene.")) == first
    assert content_of(ask(client, "Write another scene.")) != first
    assert len(set(TEMPLATES)) >= 40


def test_max_tokens_cuts_the_completion(client: openai.OpenAI) -> None:
    completion = ask(client, "Write about 300 words.", max_tokens=25)
    assert completion.choices[0].finish_reason == "length"
    assert completion.usage.completion_tokens == 25
    assert count_tokens(content_of(completion)) == 25
    capped = ask(client, "Write about 300 words.", max_completion_tokens=10)
    assert count_tokens(content_of(capped)) == 10


def test_voice_from_the_prompt_overrides_the_default(
    server: FaultLLMServer, client: openai.OpenAI
) -> None:
    text = content_of(
        ask(client, "Write about 150 words.", system="POV: first person\nTense: Present")
    )
    assert re.search(r"\bI\b", text)
    assert not re.search(r"\b(Mara|she|She|her)\b", text)
    assert not set(re.findall(r"\w+", text)) & PAST_ONLY

    server.set_prose(person="second", tense="past", name="Ines")
    text = content_of(ask(client, "Write about 150 words."))
    assert re.search(r"\b(You|you)\b", text) and not re.search(r"\b(I|Ines|she|She)\b", text)


def test_streamed_completion_assembles_and_reports_usage(
    server: FaultLLMServer, client: openai.OpenAI
) -> None:
    stream = ask(
        client, "Write about 80 words.", stream=True, stream_options={"include_usage": True}
    )
    chunks = list(stream)
    content_chunks = [chunk for chunk in chunks if chunk.choices]
    text = "".join(chunk.choices[0].delta.content or "" for chunk in content_chunks)

    assert len(content_chunks) > 10
    assert content_chunks[0].choices[0].delta.role == "assistant"
    assert content_chunks[-1].choices[0].finish_reason == "stop"
    assert all(chunk.choices[0].finish_reason is None for chunk in content_chunks[:-1])
    assert 76 <= words(text) <= 84
    usage = chunks[-1].usage
    assert not chunks[-1].choices and usage is not None
    assert usage.completion_tokens == count_tokens(text)
    assert usage.prompt_tokens == count_tokens("Write about 80 words.")
    assert server.requests[-1].stream is True


def test_stream_without_include_usage_has_no_usage_chunk(client: openai.OpenAI) -> None:
    chunks = list(ask(client, stream=True))
    assert all(chunk.choices for chunk in chunks)
    assert all(chunk.usage is None for chunk in chunks)


def test_json_schema_request_returns_a_valid_document(
    server: FaultLLMServer, client: openai.OpenAI
) -> None:
    completion = ask_json(client, OUTLINE_SCHEMA)
    document = json.loads(content_of(completion))

    jsonschema_rs.validate(OUTLINE_SCHEMA, document)
    assert len(document["beats"]) == 4
    assert len(document["themes"]) == 2
    assert document["setting"]["season"] == "spring"
    assert {beat["kind"] for beat in document["beats"]} == {"setup"}
    assert len({beat["summary"] for beat in document["beats"]}) == 4
    assert all(beat["tension"] == 5 for beat in document["beats"])
    assert completion.usage.completion_tokens == count_tokens(content_of(completion))
    assert server.requests[-1].kind == "json"


def test_json_object_with_and_without_a_schema(client: openai.OpenAI) -> None:
    schema = {"type": "object", "properties": {"n": {"type": "integer"}}}
    with_schema = ask(
        client, "JSON please", response_format={"type": "json_object", "schema": schema}
    )
    assert json.loads(content_of(with_schema)) == {"n": 3}
    assert json.loads(content_of(ask_json(client))) == {}


def test_streamed_json_reassembles_to_the_document(client: openai.OpenAI) -> None:
    stream = ask_json(client, OUTLINE_SCHEMA, stream=True)
    text = "".join(chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices)
    jsonschema_rs.validate(OUTLINE_SCHEMA, json.loads(text))


def test_api_key_is_checked_when_configured() -> None:
    with FaultLLMServer(api_key="secret") as guarded:
        for key in ("nope", "secret"):
            with openai.OpenAI(
                base_url=guarded.base_url, api_key=key, max_retries=0, timeout=5
            ) as sdk:
                if key == "secret":
                    assert content_of(ask(sdk))
                    continue
                with pytest.raises(openai.AuthenticationError) as caught:
                    ask(sdk)
                assert caught.value.code == "invalid_api_key"
                assert caught.value.body["type"] == "invalid_request_error"  # type: ignore[index]
        assert [record.status for record in guarded.requests] == [401, 200]


def test_bad_json_body_is_a_400_in_the_openai_shape(server: FaultLLMServer) -> None:
    response = requests.post(
        f"{server.base_url}/chat/completions",
        data=b"{not json",
        headers={"Content-Type": "application/json"},
        timeout=5,
    )
    assert response.status_code == 400
    assert response.json()["error"]["type"] == "invalid_request_error"
    assert server.requests[-1].status == 400


# -- faults ------------------------------------------------------------------------------------


def test_rate_limit_is_a_429_with_retry_after(
    server: FaultLLMServer, client: openai.OpenAI
) -> None:
    server.inject("rate_limit", retry_after=7)
    with pytest.raises(openai.RateLimitError) as caught:
        ask(client)
    assert caught.value.status_code == 429
    assert caught.value.response.headers["Retry-After"] == "7"
    assert caught.value.code == "rate_limit_exceeded"
    assert content_of(ask(client))  # used up
    assert [(r.fault, r.status) for r in server.requests] == [("rate_limit", 429), (None, 200)]


def test_server_error_and_unauthorized(server: FaultLLMServer, client: openai.OpenAI) -> None:
    server.inject("server_error")
    server.inject("unauthorized")
    with pytest.raises(openai.InternalServerError):
        ask(client)
    with pytest.raises(openai.AuthenticationError):
        ask(client)
    assert [r.status for r in server.requests] == [500, 401]


def test_times_queues_several_uses(server: FaultLLMServer, client: openai.OpenAI) -> None:
    server.inject("server_error", times=2)
    for _ in range(2):
        with pytest.raises(openai.InternalServerError):
            ask(client)
    assert content_of(ask(client))


def test_hang_outlasts_the_client_timeout(server: FaultLLMServer, client: openai.OpenAI) -> None:
    server.inject("hang", seconds=5)
    started = time.monotonic()
    with pytest.raises(openai.APITimeoutError):
        ask(client.with_options(timeout=0.5))
    assert time.monotonic() - started < 2
    assert server.requests[-1].fault == "hang"
    assert content_of(ask(client))  # the next request is served while the hung one sleeps


def test_malformed_json_only_breaks_json(server: FaultLLMServer, client: openai.OpenAI) -> None:
    server.inject("malformed_json", times=2)
    with pytest.raises(json.JSONDecodeError):
        json.loads(content_of(ask_json(client, OUTLINE_SCHEMA)))
    prose = content_of(ask(client, "Write about 50 words."))
    assert 47 <= words(prose) <= 53
    assert [r.fault for r in server.requests] == ["malformed_json", "malformed_json"]


def test_stream_cut_breaks_the_stream_mid_way(
    server: FaultLLMServer, client: openai.OpenAI
) -> None:
    server.inject("stream_cut", after_chunks=3)
    received: list[str] = []
    with pytest.raises(openai.APIConnectionError) as caught:
        for chunk in ask(client, "Write about 100 words.", stream=True):
            received.append(chunk.choices[0].delta.content or "")
    # The SDK wraps the transport's error: httpx2.RemoteProtocolError (incomplete chunked read).
    assert type(caught.value.__cause__).__name__ == "RemoteProtocolError"
    assert len(received) == 3
    assert words("".join(received)) == 12


def test_stream_cut_without_streaming_truncates_the_body(
    server: FaultLLMServer, client: openai.OpenAI
) -> None:
    server.inject("stream_cut")
    with pytest.raises(openai.APIConnectionError) as caught:
        ask(client)
    assert type(caught.value.__cause__).__name__ == "RemoteProtocolError"


@pytest.mark.parametrize(
    ("person", "tense", "slipped"),
    [
        ("third", "past", ["I walked to the door and I opened it.", "I stood on the step"]),
        ("first", "past", ["Mara walked to the door and she opened it."]),
        ("second", "present", ["I walk to the door and I open it."]),
    ],
)
def test_pov_slip(
    server: FaultLLMServer, client: openai.OpenAI, person: str, tense: str, slipped: list[str]
) -> None:
    server.set_prose(person=person, tense=tense)
    clean_text = content_of(ask(client, "Write about 120 words."))
    server.inject("pov_slip")
    text = content_of(ask(client, "Write about 120 words."))
    for sentence in slipped:
        assert sentence not in clean_text
        assert sentence in text
    position = text.index(slipped[0]) / len(text)
    assert 0.2 < position < 0.8
    assert 114 <= words(text) <= 126


def test_tense_slip(server: FaultLLMServer, client: openai.OpenAI) -> None:
    server.inject("tense_slip")
    text = content_of(ask(client, "Write about 120 words."))
    assert "Mara walks to the door and she opens it." in text
    assert "Mara stands on the step and she looks along the street." in text
    server.set_prose(person="first", tense="present")
    server.inject("tense_slip")
    assert "I walked to the door and I opened it." in content_of(ask(client))


def test_cliche(server: FaultLLMServer, client: openai.OpenAI) -> None:
    clean_text = content_of(ask(client, "Write about 120 words."))
    server.inject("cliche")
    text = content_of(ask(client, "Write about 120 words."))
    for cliche in ("At the end of the day, it was what it was.", "Her heart skipped a beat."):
        assert cliche not in clean_text and cliche in text
    server.set_prose(person="first", tense="present")
    server.inject("cliche")
    assert "My heart skips a beat." in content_of(ask(client))


def test_short_and_long(server: FaultLLMServer, client: openai.OpenAI) -> None:
    server.inject("short")
    server.inject("long")
    short = content_of(ask(client, "Write about 200 words."))
    long = content_of(ask(client, "Write about 200 words."))
    assert 25 <= words(short) <= 35
    assert 475 <= words(long) <= 525
    server.inject("long")
    capped = ask(client, "Write about 200 words.", max_tokens=300)
    assert capped.usage.completion_tokens == 300
    assert capped.choices[0].finish_reason == "length"


def test_match_json_skips_prose_requests(server: FaultLLMServer, client: openai.OpenAI) -> None:
    server.inject("server_error", match="json")
    server.inject("cliche", match="prose")
    assert "Her heart skipped a beat." in content_of(ask(client))
    assert content_of(ask(client))
    with pytest.raises(openai.InternalServerError):
        ask_json(client, OUTLINE_SCHEMA)
    assert [(r.kind, r.fault) for r in server.requests] == [
        ("prose", "cliche"),
        ("prose", None),
        ("json", "server_error"),
    ]


def test_inject_rejects_unknown_faults_and_parameters(server: FaultLLMServer) -> None:
    with pytest.raises(ValueError):
        server.inject("meteor")
    with pytest.raises(ValueError):
        server.inject("hang", minutes=3)
    with pytest.raises(ValueError):
        server.inject("hang", match="images")


# -- control over HTTP -------------------------------------------------------------------------


def test_control_endpoints_drive_the_server_from_another_client(
    server: FaultLLMServer, client: openai.OpenAI
) -> None:
    control = server.base_url.removesuffix("/v1") + "/_control"
    answer = requests.post(
        f"{control}/fault", json={"fault": "rate_limit", "retry_after": 3, "times": 2}, timeout=5
    )
    assert answer.status_code == 200
    assert requests.post(f"{control}/fault", json={"fault": "meteor"}, timeout=5).status_code == 400
    assert requests.post(f"{control}/prose", json={"person": "first"}, timeout=5).ok

    with pytest.raises(openai.RateLimitError) as caught:
        ask(client)
    assert caught.value.response.headers["retry-after"] == "3"

    log = requests.get(f"{control}/requests", timeout=5).json()
    assert [(entry["fault"], entry["status"]) for entry in log] == [("rate_limit", 429)]
    assert "body" not in log[0]
    assert {"time", "wall_time", "path", "kind", "stream", "prompt_tokens"} <= set(log[0])

    assert requests.post(f"{control}/reset", timeout=5).ok
    assert requests.get(f"{control}/requests", timeout=5).json() == []
    text = content_of(ask(client))  # the second rate_limit use was reset, and the voice too
    assert re.search(r"\b(She|Mara)\b", text) and not re.search(r"\bI\b", text)
    assert len(server.requests) == 1


def test_request_log_counts_requests(server: FaultLLMServer, client: openai.OpenAI) -> None:
    for _ in range(3):
        ask(client)
    ask_json(client, OUTLINE_SCHEMA)
    list(ask(client, stream=True))
    records = server.requests
    assert len(records) == 5
    assert [r.kind for r in records] == ["prose"] * 3 + ["json", "prose"]
    assert all(r.path == "/v1/chat/completions" for r in records)
    assert [r.time for r in records] == sorted(r.time for r in records)
    assert all(abs(r.wall_time - time.time()) < 60 for r in records)


def test_command_line_serves_until_sigterm() -> None:
    command = [sys.executable, str(FAULT_LLM_SCRIPT), "--port", "0", "--api-key", "cli-key"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            base_url = process.stdout.readline().strip()
            assert re.fullmatch(r"http://127\.0\.0\.1:\d+/v1", base_url)
            with openai.OpenAI(
                base_url=base_url, api_key="cli-key", max_retries=0, timeout=5
            ) as cli_client:
                assert [model.id for model in cli_client.models.list()] == ["fault-llm-1"]
        finally:
            process.terminate()
            assert process.wait(timeout=5) == 0
