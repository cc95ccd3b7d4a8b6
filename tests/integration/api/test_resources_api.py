"""Revisions, versions, diffs, feedback, analysis, catalog and jobs through the real server."""

from __future__ import annotations

from typing import Any

import pytest
from api_harness import STORY_BODY, Api

from shortstory.analysis.words import count_words


def _revise(api: Api, story_id: str, body: dict[str, Any]) -> dict[str, Any]:
    response = api.post(f"/stories/{story_id}/revisions", json=body)
    assert response.status_code == 202, response.text
    assert response.json()["kind"] == "revise"
    return api.wait_job(response.json()["id"])


def test_a_revision_becomes_a_new_version_and_the_diff_shows_it(api: Api) -> None:
    story = api.make_story(target_words=400)
    # Plant filler the sharpen mode removes, as a manual edit (version 2).
    planted = "She was really very tired and just sat down. " + story["text"]
    etag = api.get(f"/stories/{story['id']}").headers["ETag"]
    edited = api.patch(f"/stories/{story['id']}", json={"text": planted},
                       headers={"If-Match": etag, "Authorization": f"Bearer {api.keys['a']}"})
    assert edited.status_code == 200
    job = _revise(api, story["id"], {"mode": "sharpen"})
    assert job["status"] == "succeeded", job
    assert job["version"] == 3
    current = api.get(f"/stories/{story['id']}").json()
    assert current["version"] == 3
    assert "really very" not in current["text"]
    versions = api.get(f"/stories/{story['id']}/versions").json()["items"]
    assert [(v["number"], v["source"], v["parent"]) for v in versions] == [
        (1, "draft", None), (2, "edit", 1), (3, "revision", 2)]
    assert all("text" not in v for v in versions)
    one = api.get(f"/stories/{story['id']}/versions/3").json()
    assert one["text"] == current["text"] and one["note"].startswith("sharpen")
    diff = api.get(f"/stories/{story['id']}/diff", params={"from": 2, "to": 3}).json()
    assert diff["from"] == 2 and diff["to"] == 3
    deleted = " ".join(s["text"] for s in diff["spans"] if s["kind"] == "delete")
    assert "just" in deleted.split()
    for span in diff["spans"]:
        source = planted if span["kind"] == "delete" else current["text"]
        assert source[span["start"]:span["end"]] == span["text"]
    assert diff["deleted_words"] >= 2
    same = api.get(f"/stories/{story['id']}/diff", params={"from": 1, "to": 1}).json()
    assert same["spans"] == []


@pytest.mark.parametrize("mode", ["cliches", "sharpen"])
def test_a_revision_that_changes_nothing_keeps_no_new_version(api: Api, mode: str) -> None:
    story = api.make_story(target_words=300)
    # The first pass takes whatever it finds; the second finds nothing left to change.
    first = _revise(api, story["id"], {"mode": mode})
    assert first["status"] == "succeeded", first
    before = api.get(f"/stories/{story['id']}/versions").json()["items"]
    current = api.get(f"/stories/{story['id']}").json()
    again = _revise(api, story["id"], {"mode": mode})
    assert again["status"] == "succeeded", again
    assert (again["changes"], again["version"]) == (0, current["version"])
    assert api.get(f"/stories/{story['id']}/versions").json()["items"] == before
    after = api.get(f"/stories/{story['id']}").json()
    assert (after["version"], after["text"]) == (current["version"], current["text"])
    events = api.get(f"/jobs/{again['id']}/events").text
    assert '"changes": 0' in events or '"changes":0' in events


def test_an_instruction_revision_rerenders_from_the_plan(api: Api) -> None:
    story = api.make_story(target_words=300)
    job = _revise(api, story["id"], {"mode": "instruction",
                                     "instruction": "change tense to present"})
    assert job["status"] == "succeeded", job
    after = api.get(f"/stories/{story['id']}").json()
    assert after["scaffold"]["tense"] == "present"
    assert after["text"] != story["text"]


def test_an_instruction_outside_the_grammar_is_422(api: Api, story: dict[str, Any]) -> None:
    response = api.post(f"/stories/{story['id']}/revisions",
                        json={"mode": "instruction", "instruction": "make it sing"})
    assert response.status_code == 422
    assert response.json()["details"]["errors"][0]["field"] == "instruction"
    # The code and the list the README promises.
    assert response.json()["error_code"] == "UNSUPPORTED_INSTRUCTION"
    supported = response.json()["details"]["supported"]
    assert "rename <name> to <new name>" in supported and len(supported) >= 5


@pytest.mark.parametrize("instruction", ["rename Nobody Here to Someone",
                                         "lengthen to 100 words"])
def test_an_instruction_the_story_cannot_take_is_422_before_any_job(
        api: Api, story: dict[str, Any], instruction: str) -> None:
    versions_before = api.get(f"/stories/{story['id']}/versions").json()
    response = api.post(f"/stories/{story['id']}/revisions",
                        json={"mode": "instruction", "instruction": instruction})
    assert response.status_code == 422, response.text
    assert response.json()["details"]["errors"][0]["field"] == "instruction"
    assert api.get(f"/stories/{story['id']}/versions").json() == versions_before


def test_feedback_is_stored_per_version_and_summarised(api: Api, backend_url: str) -> None:
    from api_harness import make_users

    api.keys.update(make_users(backend_url, ("critic",)))
    mystery = api.make_story(user="critic")
    horror = api.make_story(user="critic", genre="horror",
                            scaffold={"pov": "second", "tense": "present"})
    for story, rating, approved in ((mystery, 5, True), (mystery, 3, False), (horror, 2, False)):
        response = api.post(f"/stories/{story['id']}/feedback", user="critic",
                            json={"rating": rating, "approved": approved, "comment": "noted"})
        assert response.status_code == 201, response.text
        assert response.json()["version"] == 1
    summary = api.get("/feedback/summary", user="critic").json()
    assert summary["total"] == 3
    assert summary["average_rating"] == round(10 / 3, 3)
    assert summary["approval_rate"] == round(1 / 3, 3)
    genres = {g["key"]: g for g in summary["by_genre"]}
    assert genres["mystery"]["count"] == 2 and genres["mystery"]["average_rating"] == 4.0
    assert genres["mystery"]["approval_rate"] == 0.5
    assert genres["horror"]["approval_rate"] == 0.0
    scaffolds = {g["key"] for g in summary["by_scaffold"]}
    assert scaffolds == {"first/past", "second/present"}
    assert [g["key"] for g in summary["by_writer"]] == ["procedural"]
    assert summary["by_structure"][0]["count"] == 3
    # Nobody else's feedback leaks into another user's summary.
    assert api.get("/feedback/summary", user="b").json()["total"] == 0


def test_feedback_counts_under_the_scaffold_of_the_version_rated(api: Api,
                                                                 backend_url: str) -> None:
    from api_harness import make_users

    api.keys.update(make_users(backend_url, ("tense-critic",)))
    story = api.make_story(user="tense-critic")  # first person, past tense
    rated = api.post(f"/stories/{story['id']}/feedback", user="tense-critic",
                     json={"rating": 5, "approved": True})
    assert rated.status_code == 201, rated.text
    asked = api.post(f"/stories/{story['id']}/revisions", user="tense-critic",
                     json={"mode": "instruction", "instruction": "change tense to present"})
    job = api.wait_job(asked.json()["id"], user="tense-critic")
    assert job["status"] == "succeeded" and job["version"] == 2, job
    again = api.post(f"/stories/{story['id']}/feedback", user="tense-critic",
                     json={"rating": 1, "approved": False})
    assert again.status_code == 201 and again.json()["version"] == 2
    summary = api.get("/feedback/summary", user="tense-critic").json()
    scaffolds = {g["key"]: (g["count"], g["average_rating"]) for g in summary["by_scaffold"]}
    assert scaffolds == {"first/past": (1, 5.0), "first/present": (1, 1.0)}


def test_analysis_returns_the_whole_report(api: Api) -> None:
    text = ("Maren climbed the stairs, counting aloud. \"Who lit it?\" she asked. "
            "At the end of the day it was what it was.")
    response = api.post("/analysis", json={"text": text,
                                           "character": {"name": "Maren", "pronouns": "she/her"},
                                           "scaffold": {"pov": "close_third", "tense": "past"}})
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["word_count"] == count_words(text)
    for key in ("cliches", "readability", "memorability", "voice"):
        assert key in report, key
    assert report["cliches"], "the planted cliché is found"


def test_catalog_lists_genres_structures_and_templates_that_validate(api: Api) -> None:
    genres = api.get("/genres").json()["items"]
    assert len(genres) >= 9 and all(g["default_tone"] for g in genres)
    structures = api.get("/structures").json()["items"]
    assert len(structures) >= 5
    assert all(sum(b["role"] == "turn" for b in s["beats"]) == 1 for s in structures)
    templates = api.get("/templates").json()["items"]
    assert templates
    response = api.post("/stories", json={**templates[0]["request"], "target_words": 100})
    assert response.status_code == 202, response.text
    api.wait_job(response.json()["job"]["id"])


def test_a_job_reports_kind_status_stage_progress(api: Api) -> None:
    created = api.post("/stories", json={**STORY_BODY, "seed": 3}).json()
    job = api.wait_job(created["job"]["id"])
    assert job["status"] == "succeeded" and job["stage"] == "done" and job["progress"] == 1.0
    assert job["attempts"] == 1 and job["error"] is None and job["version"] == 1
    assert job["started_at"] and job["finished_at"]
    assert api.get("/jobs/00000000-0000-4000-8000-000000000000").status_code == 404


def test_openapi_and_docs_are_served_without_a_key(api: Api) -> None:
    spec = api.get("/openapi.json", user="")
    assert spec.status_code == 200
    assert spec.json()["openapi"] == "3.1.0"
    docs = api.get("/docs", user="")
    assert docs.status_code == 200 and "text/html" in docs.headers["Content-Type"]
    assert "docs/docs.js" in docs.text and "//cdn" not in docs.text
    assert api.get("/docs/docs.js", user="").status_code == 200
