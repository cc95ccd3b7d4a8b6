"""With the broker down, queueing a job answers 503 in the error shape and leaves nothing queued:
a new story is removed again, a revision's job is failed. Readiness fails too, and all of it
recovers when the broker is back on the same address."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from celery_harness import STORY
from flask import Flask
from live_server import RedisServer, start_redis
from sqlalchemy import select

from shortstory.storage.story_models import Job, Story

ERROR_KEYS = {"error_code", "message", "details", "error_id", "request_id", "timestamp"}


def test_enqueue_with_the_broker_down_is_a_503_and_leaves_no_job_queued(
        make_celery_app: Callable[..., Flask], private_redis: RedisServer,
        tmp_path: Path) -> None:
    app = make_celery_app(redis_url=private_redis.url)
    client = app.test_client()
    runtime = app.extensions["shortstory.jobs"]
    database = app.extensions["shortstory.database"]
    # The jobs database is shared by this session's jobs tests: only what this test made counts.
    with database.session_scope() as session:
        before = set(session.scalars(select(Story.id)).all())

    created = client.post("/api/v1/stories", json=STORY)
    assert created.status_code == 202, created.text
    story_id, job_id = created.json["story"]["id"], created.json["job"]["id"]
    runtime.runner("generate", job_id)  # what a worker would do with the message
    assert client.get("/health/ready").status_code == 200

    private_redis.stop()

    refused = client.post("/api/v1/stories", json={**STORY, "seed": 2})
    assert refused.status_code == 503
    body = refused.json
    assert set(body) == ERROR_KEYS
    assert body["error_code"] == "SERVICE_UNAVAILABLE"
    assert body["error_id"] and body["request_id"] == refused.headers["X-Request-ID"]
    assert int(refused.headers["Retry-After"]) > 0

    revision = client.post(f"/api/v1/stories/{story_id}/revisions", json={"mode": "cliches"})
    assert revision.status_code == 503
    assert revision.json["error_code"] == "SERVICE_UNAVAILABLE"

    with database.session_scope() as session:
        stories = set(session.scalars(select(Story.id)).all()) - before
        jobs = session.execute(select(Job.story_id, Job.kind, Job.status)
                               .where(Job.story_id.not_in(before))).all()
    assert stories == {story_id}  # the refused story was removed with its job
    assert sorted((kind, status) for _, kind, status in jobs) == [
        ("generate", "succeeded"), ("revise", "failed")]

    ready = client.get("/health/ready")
    assert ready.status_code == 503
    assert "broker" in ready.json["details"]["failing"]
    assert client.get("/health").json["jobs"]["depth"] is None

    back = start_redis(tmp_path / "redis-back", port=private_redis.port)
    try:
        recovered = client.post("/api/v1/stories", json={**STORY, "seed": 3})
        assert recovered.status_code == 202, recovered.text
        assert client.get(f"/api/v1/jobs/{recovered.json['job']['id']}").json["status"] == "queued"
        assert client.get("/health/ready").status_code == 200
        assert client.get("/health").json["jobs"]["depth"] is not None
    finally:
        back.stop()
