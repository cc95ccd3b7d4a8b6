"""Pure rules of the story service: If-Match parsing and the idempotency fingerprint."""

from __future__ import annotations

import pytest

from shortstory.errors import PreconditionRequired
from shortstory.pipeline.models import StoryRequest
from shortstory.services.stories import parse_if_match, request_hash

BODY = {"premise": {"idea": "A lamp lit by someone else.", "character": {"name": "Maren"}},
        "genre": "mystery"}


def test_if_match_is_required() -> None:
    for header in (None, "", "  "):
        with pytest.raises(PreconditionRequired):
            parse_if_match(header)


def test_if_match_accepts_our_etags_weak_forms_lists_and_star() -> None:
    assert parse_if_match('"v3"') == [3]
    assert parse_if_match('W/"v3", "v7"') == [3, 7]
    assert parse_if_match("*") == [None]
    assert parse_if_match('"garbage"') == []


def test_the_fingerprint_ignores_key_order_and_defaults_but_not_content() -> None:
    one = StoryRequest.model_validate(BODY)
    same = StoryRequest.model_validate({"genre": "mystery", "premise": BODY["premise"],
                                        "target_words": 1500})
    other = StoryRequest.model_validate({**BODY, "seed": 1})
    assert request_hash(one) == request_hash(same)
    assert request_hash(one) != request_hash(other)
