"""Per-route quotas (429 in our shape with Retry-After at call N+1), the bounded job queue (503
with Retry-After when full) and jobs that can never stay ``running`` — over a real server."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from api_harness import HIGH_LIMITS, STORY_BODY, Api, make_users, start_server
from sqlalchemy import create_engine, text

from shortstory.storage.engine import sqlalchemy_url


@pytest.fixture
def serve(backend_url: str) -> Iterator[Any]:
    """Factory: a server on the backend with the given settings, plus a fresh user ``a``."""
    servers = []

    def start(**settings: Any) -> Api:
        server = start_server({"database_url": backend_url, **HIGH_LIMITS, **settings})
        servers.append(server)
        return Api(server.url, make_users(backend_url, ("a",)), "")

    yield start
    for server in servers:
        server.stop()


def _assert_rate_limited(response: Any) -> None:
    assert response.status_code == 429, response.text
    body = response.json()
    assert body["error_code"] == "RATE_LIMITED"
    assert body["error_id"] and body["request_id"]
    assert int(response.headers["Retry-After"]) >= 1


def test_generation_quota_allows_n_then_429(serve: Any) -> None:
    api = serve(ratelimit_generation="3 per minute")
    for _ in range(3):
        response = api.post("/stories", json={**STORY_BODY, "target_words": 100})
        assert response.status_code == 202
        assert "X-RateLimit-Limit" in response.headers
    _assert_rate_limited(api.post("/stories", json=STORY_BODY))
    # Other routes keep their own quota.
    assert api.get("/stories").status_code == 200


def test_revision_quota_allows_n_then_429(serve: Any) -> None:
    api = serve(ratelimit_revision="2 per hour")
    story = api.make_story(target_words=100)
    for _ in range(2):
        response = api.post(f"/stories/{story['id']}/revisions", json={"mode": "cliches"})
        assert response.status_code == 202
        api.wait_job(response.json()["id"])
    _assert_rate_limited(api.post(f"/stories/{story['id']}/revisions", json={"mode": "cliches"}))


def test_other_quota_allows_n_then_429(serve: Any) -> None:
    api = serve(ratelimit_other="4 per hour")
    for _ in range(4):
        assert api.get("/stories").status_code == 200
    _assert_rate_limited(api.get("/stories"))


def test_global_quota_counts_every_route_on_top_of_route_quotas(serve: Any) -> None:
    api = serve(ratelimit_default="1000 per day;5 per hour")
    assert api.post("/stories", json={**STORY_BODY, "target_words": 100}).status_code == 202
    for _ in range(2):
        assert api.get("/genres").status_code == 200
    for _ in range(2):
        assert api.get("/stories").status_code == 200
    _assert_rate_limited(api.get("/structures"))


def test_a_full_queue_is_503_with_retry_after_and_keeps_nothing(serve: Any,
                                                                backend_url: str) -> None:
    api = serve(job_workers=1, job_queue_size=1)
    big = {**STORY_BODY, "target_words": 7500}
    answers = [api.post("/stories", json={**big, "seed": seed}) for seed in range(4)]
    statuses = [a.status_code for a in answers]
    assert statuses[0] == 202 and 503 in statuses, statuses
    refused = next(a for a in answers if a.status_code == 503)
    assert refused.json()["error_code"] == "SERVICE_UNAVAILABLE"
    # The queue's own hint, not the generation limit's window (Flask-Limiter keeps the larger).
    assert refused.headers["Retry-After"] == "5"
    listed = api.get("/stories", params={"limit": 100}).json()["items"]
    assert len(listed) == statuses.count(202)
    for answer in answers:
        if answer.status_code == 202:
            assert api.wait_job(answer.json()["job"]["id"], timeout=60)["status"] == "succeeded"


def test_a_failing_job_is_failed_with_a_message_and_its_story_too(serve: Any,
                                                                 backend_url: str) -> None:
    api = serve(job_workers=1)
    created = api.post("/stories", json={**STORY_BODY, "target_words": 100}).json()
    api.wait_job(created["job"]["id"])
    engine = create_engine(sqlalchemy_url(backend_url))
    # Corrupt a finished story's stored genre and re-run its job from queued: the task raises.
    with engine.begin() as connection:
        connection.execute(text("UPDATE stories SET genre = 'gone', current_version = NULL "
                                "WHERE id = :i"), {"i": created["story"]["id"]})
        connection.execute(text("DELETE FROM story_versions WHERE story_id = :i"),
                           {"i": created["story"]["id"]})
        connection.execute(text("UPDATE jobs SET status = 'queued' WHERE id = :i"),
                           {"i": created["job"]["id"]})
    engine.dispose()
    runtime = _runtime(api)
    runtime.queue.enqueue("generate", created["job"]["id"])
    job = api.wait_job(created["job"]["id"])
    assert job["status"] == "failed"
    # A bug's own text never reaches the client: the code, a plain message and the id to quote.
    assert job["error"]["error_code"] == "JOB_FAILED"
    assert "gone" not in job["error"]["message"] and len(job["error"]["error_id"]) == 32
    assert api.get(f"/stories/{created['story']['id']}").json()["status"] == "failed"


def test_a_job_left_running_by_a_dead_worker_is_swept_and_completes_once(
        serve: Any, backend_url: str) -> None:
    api = serve()
    created = api.post("/stories", json={**STORY_BODY, "target_words": 100}).json()
    api.wait_job(created["job"]["id"])
    story_id, job_id = created["story"]["id"], created["job"]["id"]
    engine = create_engine(sqlalchemy_url(backend_url))
    with engine.begin() as connection:
        # As if a worker claimed the job and died before finishing: running, stale heartbeat.
        connection.execute(text("UPDATE jobs SET status = 'running', heartbeat_at = "
                                ":old WHERE id = :i"),
                           {"i": job_id, "old": "2000-01-01 00:00:00"})
    outcome = _runtime(api).sweep(stale_after_s=60)
    assert (job_id, "requeued") in outcome
    job = api.wait_job(job_id)
    assert job["status"] == "succeeded" and job["attempts"] == 2
    with engine.connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM story_versions WHERE story_id = :i"),
                                   {"i": story_id}).scalar()
    engine.dispose()
    assert count == 1, "the redelivered job wrote nothing twice"


def _runtime(api: Api) -> Any:
    from api_harness import RUNNING

    return RUNNING[api.base_url].app.extensions["shortstory.jobs"]
