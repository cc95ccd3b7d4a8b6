"""The local llama.cpp server through the real ``openai`` SDK: what a writer named ``local`` sees.

Non-streamed completions carry text and ``usage``; streamed ones arrive as several chunks; a
``response_format`` with a JSON schema makes even the 135M model answer schema-valid JSON.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import jsonschema_rs
import pytest
from openai import OpenAI

from shortstory.local_llm import MODEL_ALIAS

BEATS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "beats": {
            "type": "array",
            "minItems": 3,
            "maxItems": 3,
            "items": {
                "type": "object",
                "properties": {"summary": {"type": "string", "minLength": 1, "maxLength": 160}},
                "required": ["summary"],
            },
        }
    },
    "required": ["beats"],
}


@pytest.fixture
def client(local_llm_url: str) -> OpenAI:
    """An OpenAI client on the local server (which wants no key), without retries."""
    return OpenAI(base_url=local_llm_url, api_key="no-key", max_retries=0, timeout=120)


def test_models_lists_the_stable_alias(client: OpenAI) -> None:
    assert [model.id for model in client.models.list()] == [MODEL_ALIAS]


def test_chat_completion_returns_text_and_usage(client: OpenAI) -> None:
    response = client.chat.completions.create(
        model=MODEL_ALIAS,
        messages=[{"role": "user", "content": "Write two sentences about a lighthouse keeper."}],
        max_tokens=60,
        temperature=0,
    )
    text = response.choices[0].message.content
    assert text is not None and len(text.split()) >= 3
    assert response.usage is not None
    assert response.usage.prompt_tokens > 0
    assert 0 < response.usage.completion_tokens <= 60
    assert response.usage.total_tokens == (
        response.usage.prompt_tokens + response.usage.completion_tokens
    )


def test_streamed_chat_completion_yields_chunks(client: OpenAI) -> None:
    stream = client.chat.completions.create(
        model=MODEL_ALIAS,
        messages=[{"role": "user", "content": "Describe a harbour at dawn in three sentences."}],
        max_tokens=60,
        temperature=0,
        stream=True,
    )
    pieces = [
        chunk.choices[0].delta.content
        for chunk in stream
        if chunk.choices and chunk.choices[0].delta.content
    ]
    assert len(pieces) >= 5
    assert len("".join(pieces).split()) >= 3


def test_json_schema_response_format_gives_valid_json(client: OpenAI) -> None:
    response = client.chat.completions.create(
        model=MODEL_ALIAS,
        messages=[
            {
                "role": "user",
                "content": "Outline a short story about a lighthouse keeper in three beats. "
                "Answer in JSON: an object with a `beats` array of three objects, each with a "
                "one-sentence `summary`.",
            }
        ],
        max_tokens=300,
        temperature=0,
        response_format={"type": "json_object", "schema": BEATS_SCHEMA},
    )
    text = response.choices[0].message.content
    assert text is not None
    outline = json.loads(text)
    errors = [
        error.message for error in jsonschema_rs.validator_for(BEATS_SCHEMA).iter_errors(outline)
    ]
    assert errors == [], f"{errors}\n{text}"


def test_two_streams_at_once_both_finish(client: OpenAI) -> None:
    """Two workers sharing the server: the second request waits, it does not cut the first."""

    def stream(topic: str) -> str | None:
        answer = client.chat.completions.create(
            model=MODEL_ALIAS, messages=[{"role": "user", "content": f"Describe {topic}."}],
            max_tokens=40, temperature=0, stream=True)
        reason = None
        for chunk in answer:
            if chunk.choices and chunk.choices[0].finish_reason:
                reason = chunk.choices[0].finish_reason
        return reason

    with ThreadPoolExecutor(max_workers=2) as pool:
        reasons = list(pool.map(stream, ["a harbour at dawn", "a bakery at night"]))
    assert all(reason in ("stop", "length") for reason in reasons), reasons
