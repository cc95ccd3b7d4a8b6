"""``POST /analysis/premise``: the premise flags a writer sees before generating."""

from __future__ import annotations

from api_harness import Api


def test_a_generic_premise_is_flagged_field_by_field_with_suggestions(api: Api) -> None:
    idea = "A chosen one wakes up with amnesia and it was all a dream."
    response = api.post("/analysis/premise", json={
        "idea": idea,
        "character": {"traits": ["brave", "mysterious stranger"]},
        "theme": "love conquers all",
    })
    assert response.status_code == 200, response.text
    flags = response.json()["flags"]
    by_id = {flag["id"]: flag for flag in flags}
    assert {"chosen-one", "all-a-dream"} <= set(by_id)
    chosen = by_id["chosen-one"]
    assert chosen["field"] == "idea" and chosen["kind"] == "generic_idea"
    assert idea[chosen["start"]:chosen["end"]] == chosen["text"]
    assert all(flag["suggestion"] for flag in flags)
    fields = {flag["field"] for flag in flags}
    assert "theme" in fields, flags
    assert any(field.startswith("character.traits[") for field in fields), flags


def test_a_distinct_premise_gets_no_flags_and_needs_no_name_yet(api: Api) -> None:
    response = api.post("/analysis/premise", json={
        "idea": "A lighthouse keeper finds the lamp lit every night by someone else.",
    })
    assert response.status_code == 200, response.text
    assert response.json() == {"flags": []}


def test_a_bad_premise_is_a_422_naming_every_field(api: Api) -> None:
    response = api.post("/analysis/premise", json={
        "idea": "", "character": {"pronouns": "it/its"}, "colour": "red"})
    assert response.status_code == 422
    body = response.json()
    assert body["error_code"] == "VALIDATION_ERROR" and body["error_id"]
    fields = {problem["field"] for problem in body["details"]["errors"]}
    assert fields == {"idea", "character.pronouns", "colour"}


def test_premise_flags_need_a_valid_key(api: Api) -> None:
    response = api.post("/analysis/premise", json={"idea": "x"},
                        headers={"Authorization": "Bearer wrong"})
    assert response.status_code == 401
    assert response.json()["error_code"] == "UNAUTHORIZED"
