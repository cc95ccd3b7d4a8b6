"""Stories through a real HTTP server: create, read, list, edit, delete — on both backends."""

from __future__ import annotations

import threading
import time
import unicodedata
from typing import Any

import pytest
from api_harness import STORY_BODY, Api, make_users

from shortstory.analysis.words import count_words


def test_create_answers_202_with_queued_story_job_and_location(api: Api) -> None:
    response = api.post("/stories", json=STORY_BODY)
    assert response.status_code == 202
    body = response.json()
    assert body["story"]["status"] in ("queued", "running", "succeeded")
    assert body["job"]["kind"] == "generate"
    assert body["job"]["story_id"] == body["story"]["id"]
    assert response.headers["Location"].endswith(f"/api/v1/stories/{body['story']['id']}")
    api.wait_job(body["job"]["id"])


def test_a_1500_word_story_is_succeeded_with_text_outline_and_analysis_within_2s(api: Api) -> None:
    body = {**STORY_BODY, "target_words": 1500, "seed": 11}
    started = time.monotonic()
    created = api.post("/stories", json=body).json()
    story_id = created["story"]["id"]
    while True:
        story = api.get(f"/stories/{story_id}").json()
        if story["status"] in ("succeeded", "failed") or time.monotonic() - started > 10:
            break
        time.sleep(0.02)
    elapsed = time.monotonic() - started
    assert story["status"] == "succeeded"
    assert elapsed < 2.0, f"took {elapsed:.2f}s"
    assert abs(count_words(story["text"]) - 1500) <= 150
    assert story["word_count"] == count_words(story["text"])
    assert story["outline"] and story["outline"]["beats"]
    assert story["analysis"]["word_count"] == story["word_count"]
    assert story["version"] == 1 and story["title"]
    for key in ("premise", "genre", "structure", "scaffold", "target_words", "writer",
                "created_at", "updated_at"):
        assert key in story


def test_get_has_an_etag_and_if_none_match_gives_304(api: Api, story: dict[str, Any]) -> None:
    first = api.get(f"/stories/{story['id']}")
    etag = first.headers["ETag"]
    again = api.get(f"/stories/{story['id']}", headers={"If-None-Match": etag,
                                                        "Authorization": f"Bearer {api.keys['a']}"})
    assert again.status_code == 304
    assert again.headers["ETag"] == etag
    weak = api.get(f"/stories/{story['id']}", headers={"If-None-Match": f"W/{etag}",
                                                       "Authorization": f"Bearer {api.keys['a']}"})
    assert weak.status_code == 304
    other = api.get(f"/stories/{story['id']}", headers={"If-None-Match": '"v999"',
                                                        "Authorization": f"Bearer {api.keys['a']}"})
    assert other.status_code == 200 and other.json()["id"] == story["id"]


def test_patch_needs_if_match_and_refuses_a_stale_etag(api: Api) -> None:
    story = api.make_story()
    path = f"/stories/{story['id']}"
    etag = api.get(path).headers["ETag"]
    missing = api.patch(path, json={"title": "No precondition"})
    assert missing.status_code == 428
    assert missing.json()["error_code"] == "PRECONDITION_REQUIRED"
    ok = api.patch(path, json={"title": "A New Title", "text": "Short new text."},
                   headers={"If-Match": etag, "Authorization": f"Bearer {api.keys['a']}"})
    assert ok.status_code == 200, ok.text
    assert ok.json()["title"] == "A New Title"
    assert ok.json()["text"] == "Short new text."
    assert ok.json()["version"] == 2
    assert ok.headers["ETag"] != etag
    stale = api.patch(path, json={"title": "Lost update"},
                      headers={"If-Match": etag, "Authorization": f"Bearer {api.keys['a']}"})
    assert stale.status_code == 412
    assert stale.json()["error_code"] == "PRECONDITION_FAILED"
    assert api.get(path).json()["title"] == "A New Title"
    versions = api.get(f"{path}/versions").json()["items"]
    assert [(v["number"], v["source"], v["parent"]) for v in versions] == [
        (1, "draft", None), (2, "edit", 1)]


def test_two_concurrent_patches_with_one_etag_exactly_one_wins(api: Api) -> None:
    story = api.make_story()
    path = f"/stories/{story['id']}"
    for round_ in range(5):
        etag = api.get(path).headers["ETag"]
        barrier = threading.Barrier(2)
        statuses: list[int] = []

        def edit(text: str, etag: str = etag, barrier: threading.Barrier = barrier,
                 statuses: list[int] = statuses) -> None:
            barrier.wait()
            response = api.patch(path, json={"text": text},
                                 headers={"If-Match": etag,
                                          "Authorization": f"Bearer {api.keys['a']}"})
            statuses.append(response.status_code)

        threads = [threading.Thread(target=edit, args=(f"Edit {who} round {round_}.",))
                   for who in ("left", "right")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(statuses) == [200, 412], statuses
    versions = api.get(f"{path}/versions").json()["items"]
    assert len(versions) == 1 + 5


def test_delete_removes_the_story_its_versions_jobs_and_feedback(api: Api,
                                                                 backend_url: str) -> None:
    from sqlalchemy import create_engine, text

    from shortstory.storage.engine import sqlalchemy_url

    story = api.make_story()
    assert api.post(f"/stories/{story['id']}/feedback",
                    json={"rating": 4, "approved": True}).status_code == 201
    assert api.delete(f"/stories/{story['id']}").status_code == 204
    assert api.get(f"/stories/{story['id']}").status_code == 404
    assert api.get(f"/stories/{story['id']}/versions").status_code == 404
    assert api.delete(f"/stories/{story['id']}").status_code == 404
    engine = create_engine(sqlalchemy_url(backend_url))
    with engine.connect() as connection:
        for table in ("story_versions", "jobs", "feedback", "stories"):
            column = "id" if table == "stories" else "story_id"
            left = connection.execute(text(f"SELECT count(*) FROM {table} WHERE {column} = :i"),
                                      {"i": story["id"]}).scalar()
            assert left == 0, table
    engine.dispose()


def test_pagination_is_newest_first_without_gaps_or_repeats(api: Api, backend_url: str) -> None:
    api.keys.update(make_users(backend_url, ("pager",)))
    ids = []
    for seed in range(7):
        created = api.post("/stories", json={**STORY_BODY, "seed": seed, "target_words": 100},
                           user="pager").json()
        ids.append(created["story"]["id"])
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": 3}
        if cursor:
            params["cursor"] = cursor
        page = api.get("/stories", params=params, user="pager")
        assert page.status_code == 200, page.text
        data = page.json()
        assert len(data["items"]) <= 3
        seen.extend(item["id"] for item in data["items"])
        pages += 1
        cursor = data["next_cursor"]
        if cursor is None:
            break
    assert seen == list(reversed(ids))
    assert pages == 3
    assert len(api.get("/stories", params={"limit": 100}, user="pager").json()["items"]) == 7
    exact = api.get("/stories", params={"limit": 7}, user="pager").json()
    assert len(exact["items"]) == 7 and exact["next_cursor"] is None
    for bad in ({"limit": 0}, {"limit": 101}, {"limit": "x"}, {"cursor": "not-a-cursor"},
                {"unknown": "1"}):
        response = api.get("/stories", params=bad, user="pager")
        assert response.status_code == 400, (bad, response.text)
        assert response.json()["error_code"] == "VALIDATION_ERROR"


def test_idempotency_key_replays_and_conflicts(api: Api) -> None:
    key = f"key-{time.time_ns()}"
    headers = {"Idempotency-Key": key, "Authorization": f"Bearer {api.keys['a']}"}
    first = api.post("/stories", json=STORY_BODY, headers=headers)
    again = api.post("/stories", json=STORY_BODY, headers=headers)
    assert first.status_code == again.status_code == 202
    assert first.json()["story"]["id"] == again.json()["story"]["id"]
    assert first.json()["job"]["id"] == again.json()["job"]["id"]
    other = api.post("/stories", json={**STORY_BODY, "seed": 99}, headers=headers)
    assert other.status_code == 409
    assert other.json()["error_code"] == "CONFLICT"
    # Another user may use the same key for their own story.
    theirs = api.post("/stories", json=STORY_BODY,
                      headers={"Idempotency-Key": key, "Authorization": f"Bearer {api.keys['b']}"})
    assert theirs.status_code == 202
    assert theirs.json()["story"]["id"] != first.json()["story"]["id"]


def test_concurrent_retries_with_one_idempotency_key_make_one_story(api: Api) -> None:
    key = f"race-{time.time_ns()}"
    headers = {"Idempotency-Key": key, "Authorization": f"Bearer {api.keys['a']}"}
    barrier = threading.Barrier(4)
    results: list[tuple[int, dict[str, Any]]] = []

    def post() -> None:
        barrier.wait()
        response = api.post("/stories", json=STORY_BODY, headers=headers)
        results.append((response.status_code, response.json()))

    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4
    assert {status for status, _ in results} == {202}, results
    assert len({body["story"]["id"] for _, body in results}) == 1


def test_text_is_nfc_normalised_and_html_is_stored_as_text(api: Api) -> None:
    story = api.make_story()
    path = f"/stories/{story['id']}"
    decomposed = unicodedata.normalize("NFD", "Zoë said <script>alert(1)</script> & left.")
    etag = api.get(path).headers["ETag"]
    response = api.patch(path, json={"text": decomposed},
                         headers={"If-Match": etag, "Authorization": f"Bearer {api.keys['a']}"})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    stored = api.get(path).json()["text"]
    assert stored == unicodedata.normalize("NFC", decomposed)
    assert "<script>alert(1)</script>" in stored


@pytest.mark.parametrize("user", ["b"])
def test_another_users_story_is_404_on_every_endpoint(api: Api, story: dict[str, Any],
                                                      user: str) -> None:
    sid = story["id"]
    job_id = api.get(f"/stories/{sid}/versions").json()["items"] and None
    calls = [
        ("GET", f"/stories/{sid}", None),
        ("PATCH", f"/stories/{sid}", {"title": "mine now"}),
        ("DELETE", f"/stories/{sid}", None),
        ("POST", f"/stories/{sid}/revisions", {"mode": "sharpen"}),
        ("GET", f"/stories/{sid}/versions", None),
        ("GET", f"/stories/{sid}/versions/1", None),
        ("GET", f"/stories/{sid}/diff?from=1&to=1", None),
        ("POST", f"/stories/{sid}/feedback", {"rating": 5, "approved": True}),
    ]
    for method, path, body in calls:
        headers = {"If-Match": "*", "Authorization": f"Bearer {api.keys[user]}"}
        response = api.request(method, path, json=body, headers=headers)
        assert response.status_code == 404, (method, path, response.text)
        assert response.json()["error_code"] == "NOT_FOUND"
    assert job_id is None
    listed = api.get("/stories", params={"limit": 100}, user=user).json()["items"]
    assert sid not in {item["id"] for item in listed}
    # And the story is untouched for its owner.
    assert api.get(f"/stories/{sid}").status_code == 200


def test_another_users_job_is_404(api: Api) -> None:
    created = api.post("/stories", json=STORY_BODY).json()
    assert api.get(f"/jobs/{created['job']['id']}", user="b").status_code == 404
    assert api.get(f"/jobs/{created['job']['id']}").status_code == 200
    api.wait_job(created["job"]["id"])
