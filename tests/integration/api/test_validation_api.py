"""Validation at the edge: every field problem at once, 400 vs 422, unknown fields, NFC, control
characters — through the real server on both backends."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from api_harness import STORY_BODY, Api


def _problems(response: Any) -> dict[str, str]:
    body = response.json()
    assert body["error_code"] == "VALIDATION_ERROR", body
    for key in ("message", "error_id", "request_id", "timestamp"):
        assert body[key], key
    return {p["field"]: p["problem"] for p in body["details"]["errors"]}


def test_every_field_error_comes_back_at_once_as_422(api: Api) -> None:
    body = {"premise": {"idea": "", "character": {"name": "", "pronouns": "xe/xem"}},
            "target_words": 99, "scaffold": {"pov": "fourth"}}
    response = api.post("/stories", json=body)
    assert response.status_code == 422
    fields = _problems(response)
    for field in ("premise.idea", "premise.character.name", "premise.character.pronouns",
                  "genre", "target_words", "scaffold.pov"):
        assert field in fields, fields


def test_schema_and_catalog_problems_come_back_together(api: Api) -> None:
    body = copy.deepcopy(STORY_BODY)
    body["premise"]["character"]["pronouns"] = "xe/xem"
    body.update({"scaffold": {"pov": "omniscient"}, "genre": "cookery", "writer": "gpt-99",
                 "structure": "five-act"})
    response = api.post("/stories", json=body)
    assert response.status_code == 422
    assert set(_problems(response)) == {"premise.character.pronouns", "scaffold.pov", "genre",
                                        "writer", "structure"}


@pytest.mark.parametrize(("change", "field"), [
    ({"target_words": 7501}, "target_words"),
    ({"target_words": "1500"}, "target_words"),
    ({"seed": -1}, "seed"),
    ({"colour": "blue"}, "colour"),
    ({"genre": "westerns"}, "genre"),
    ({"structure": "five-act"}, "structure"),
    ({"writer": "gpt-99"}, "writer"),
    ({"genre": "mys\u0007tery"}, "genre"),
])
def test_invalid_story_fields_are_422_naming_the_field(api: Api, change: dict[str, Any],
                                                       field: str) -> None:
    response = api.post("/stories", json={**STORY_BODY, **change})
    assert response.status_code == 422, response.text
    assert field in _problems(response)


def test_control_characters_in_nested_text_are_refused(api: Api) -> None:
    body = copy.deepcopy(STORY_BODY)
    body["premise"]["idea"] = "A keeper\x00 of lamps."
    response = api.post("/stories", json=body)
    assert response.status_code == 422
    assert "premise.idea" in _problems(response)


def test_malformed_json_is_400_and_non_json_is_415(api: Api) -> None:
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {api.keys['a']}"}
    broken = api.post("/stories", data=b'{"premise": ', headers=headers)
    assert broken.status_code == 400
    assert broken.json()["error_code"] == "INVALID_JSON"
    text = api.post("/stories", data=b"premise=x",
                    headers={"Content-Type": "text/plain",
                             "Authorization": f"Bearer {api.keys['a']}"})
    assert text.status_code == 415
    assert text.json()["error_code"] == "UNSUPPORTED_MEDIA_TYPE"
    array = api.post("/stories", json=[1, 2])
    assert array.status_code == 422


def test_idempotency_key_must_be_visible_ascii(api: Api) -> None:
    response = api.post("/stories", json=STORY_BODY,
                        headers={"Idempotency-Key": "x" * 201,
                                 "Authorization": f"Bearer {api.keys['a']}"})
    assert response.status_code == 400
    assert "Idempotency-Key" in _problems(response)


def test_patch_needs_something_and_refuses_unknown_fields(api: Api, story: dict[str, Any]) -> None:
    path = f"/stories/{story['id']}"
    headers = {"If-Match": "*", "Authorization": f"Bearer {api.keys['a']}"}
    assert api.patch(path, json={}, headers=headers).status_code == 422
    unknown = api.patch(path, json={"status": "succeeded"}, headers=headers)
    assert unknown.status_code == 422
    assert "status" in _problems(unknown)
    too_long = api.patch(path, json={"text": "word " * 7501}, headers=headers)
    assert too_long.status_code == 422
    assert "text" in _problems(too_long)


def test_feedback_rules(api: Api, story: dict[str, Any]) -> None:
    path = f"/stories/{story['id']}/feedback"
    for body, field in (({"rating": 0, "approved": True}, "rating"),
                        ({"rating": 6, "approved": True}, "rating"),
                        ({"rating": 3, "approved": "yes"}, "approved"),
                        ({"rating": 3, "approved": True, "comment": "x" * 2001}, "comment"),
                        ({"approved": True}, "rating")):
        response = api.post(path, json=body)
        assert response.status_code == 422, body
        assert field in _problems(response)
    missing_version = api.post(path, json={"rating": 3, "approved": True, "version": 99})
    assert missing_version.status_code == 404


def test_revision_rules(api: Api, story: dict[str, Any]) -> None:
    path = f"/stories/{story['id']}/revisions"
    assert api.post(path, json={"mode": "polish"}).status_code == 422
    assert api.post(path, json={"mode": "instruction"}).status_code == 422
    assert api.post(path, json={"mode": "sharpen", "instruction": "x"}).status_code == 422


def test_analysis_refuses_more_than_7500_words(api: Api) -> None:
    response = api.post("/analysis", json={"text": "word " * 7501})
    assert response.status_code == 422
    assert "text" in _problems(response)
    assert api.post("/analysis", json={"text": " \n "}).status_code == 422


def test_diff_query_must_name_two_versions(api: Api, story: dict[str, Any]) -> None:
    path = f"/stories/{story['id']}/diff"
    assert api.get(path).status_code == 400
    assert api.get(path, params={"from": 1, "to": "two"}).status_code == 400
    assert api.get(path, params={"from": 1, "to": 9}).status_code == 404


def test_unknown_story_id_is_404_and_malformed_is_404(api: Api) -> None:
    assert api.get("/stories/00000000-0000-4000-8000-000000000000").status_code == 404
    assert api.get("/stories/not-a-uuid").status_code == 404


@pytest.mark.parametrize("number", ["9223372036854775808", "2147483648", "0", "-1"])
def test_a_version_number_out_of_bounds_is_404_in_our_shape(api: Api, story: dict[str, Any],
                                                            number: str) -> None:
    response = api.get(f"/stories/{story['id']}/versions/{number}")
    assert response.status_code == 404, response.text
    body = response.json()
    assert body["error_code"] == "NOT_FOUND" and body["error_id"]
    assert "traceback" not in body["details"]


def test_length_problems_on_text_speak_of_characters(api: Api, story: dict[str, Any]) -> None:
    body = copy.deepcopy(STORY_BODY)
    body["premise"]["idea"] = "x" * 9999
    body["premise"]["character"]["name"] = ""
    body["premise"]["character"]["traits"] = ["calm"] * 9
    problems = _problems(api.post("/stories", json=body))
    assert problems["premise.idea"] == "String should have at most 1000 characters, not 9999"
    assert problems["premise.character.name"] == "String should not be empty"
    assert "at most 8 items" in problems["premise.character.traits"]
    feedback = api.post(f"/stories/{story['id']}/feedback",
                        json={"rating": 3, "approved": True, "comment": "x" * 2001})
    assert _problems(feedback)["comment"] == \
        "String should have at most 2000 characters, not 2001"
    analysis = _problems(api.post("/analysis", json={"text": ""}))
    assert analysis["text"] == "String should not be empty"
