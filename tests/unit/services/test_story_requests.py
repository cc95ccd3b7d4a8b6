"""One validation of a story request: schema, catalog and writer problems come back together."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from shortstory.errors import ValidationError
from shortstory.services.story_requests import validate_story_request
from shortstory.writers.providers import ProviderConfig, WriterSetup
from shortstory.writers.registry import WriterRegistry

BODY: dict[str, Any] = {
    "premise": {"idea": "A lamp lit by someone else.", "character": {"name": "Maren"}},
    "genre": "mystery",
}


@pytest.fixture()
def writers() -> WriterRegistry:
    groq = ProviderConfig(base_url="https://api.example.test/v1", model="small-1")
    return WriterRegistry(WriterSetup(providers={"groq": groq}))


def _problems(body: Any, writers: WriterRegistry, *, strict: bool = False) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        validate_story_request(body, writers, strict=strict)
    error = caught.value
    problems = {p["field"]: p["problem"] for p in error.details["errors"]}
    assert error.status == 422 and error.message
    return problems


def test_a_good_request_comes_back_validated(writers: WriterRegistry) -> None:
    request = validate_story_request({**BODY, "writer": "groq", "genre": "  mystery "}, writers)
    assert (request.genre, request.writer, request.structure) == ("mystery", "groq", "three-act")


def test_schema_catalog_and_writer_problems_come_back_together(writers: WriterRegistry) -> None:
    body = {**BODY, "genre": " western ", "structure": "hero", "writer": "gpt",
            "target_words": 50}
    problems = _problems(body, writers)
    assert set(problems) == {"target_words", "genre", "structure", "writer"}
    assert "unknown genre 'western'" in problems["genre"]
    assert "procedural" in problems["writer"] and "groq" in problems["writer"]


def test_a_field_the_schema_refuses_is_reported_once(writers: WriterRegistry) -> None:
    problems = _problems({**BODY, "genre": "west\u0007ern", "writer": "x" * 41}, writers)
    assert set(problems) == {"genre", "writer"}
    assert "control characters" in problems["genre"]


def test_catalog_problems_alone_are_refused_too(writers: WriterRegistry) -> None:
    assert set(_problems({**BODY, "structure": "five-act"}, writers)) == {"structure"}


def test_strict_refuses_text_for_a_number_lax_converts_it(writers: WriterRegistry) -> None:
    body = {**BODY, "target_words": "600"}
    assert validate_story_request(body, writers).target_words == 600
    assert set(_problems(body, writers, strict=True)) == {"target_words"}


def test_problems_speak_json_not_our_classes(writers: WriterRegistry) -> None:
    body = copy.deepcopy(BODY)
    body["premise"]["character"] = "Maren"
    problems = _problems(body, writers, strict=True)
    assert problems == {"premise.character": "Input should be an object"}
    assert _problems([1, 2], writers) == {"body": "Input should be an object"}
