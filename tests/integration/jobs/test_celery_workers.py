"""The Celery backend end to end: the API queues story jobs on the shared Redis, real
``shortstory worker`` processes run them on PostgreSQL, and a worker killed mid-job loses
nothing."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import psycopg2
from celery_harness import STORY, Worker
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from shortstory.storage.session import Database
from shortstory.storage.story_models import Job, StoryVersion

FINISHED = ("succeeded", "failed", "cancelled")


def database(app: Flask) -> Database:
    return app.extensions["shortstory.database"]  # type: ignore[no-any-return]


def create_story(client: FlaskClient, **changes: Any) -> dict[str, Any]:
    response = client.post("/api/v1/stories", json={**STORY, **changes})
    assert response.status_code == 202, response.text
    return response.json  # type: ignore[return-value]


def wait_finished(app: Flask, job_ids: list[str], timeout: float) -> dict[str, Job]:
    """Poll the job rows until every one has finished; the rows."""
    deadline = time.monotonic() + timeout
    while True:
        with database(app).session_scope() as session:
            jobs = {job.id: job for job in session.scalars(select(Job).where(Job.id.in_(job_ids)))}
            session.expunge_all()
        if all(job.status in FINISHED for job in jobs.values()):
            return jobs
        if time.monotonic() > deadline:
            states = sorted(job.status for job in jobs.values())
            raise AssertionError(f"jobs not finished after {timeout}s: {states}")
        time.sleep(0.2)


def versions_per_story(app: Flask, story_ids: list[str]) -> dict[str, int]:
    with database(app).session_scope() as session:
        rows = session.execute(
            select(StoryVersion.story_id, func.count())
            .where(StoryVersion.story_id.in_(story_ids))
            .group_by(StoryVersion.story_id)
        )
        counts = {str(story_id): int(count) for story_id, count in rows}
    return {story_id: counts.get(story_id, 0) for story_id in story_ids}


def wait_status(client: FlaskClient, job_id: str, status: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while client.get(f"/api/v1/jobs/{job_id}").json["status"] != status:  # type: ignore[index]
        assert time.monotonic() < deadline, f"job {job_id} never reached {status}"
        time.sleep(0.1)


def test_a_hundred_stories_on_two_workers_all_succeed_with_one_version_each(
        make_celery_app: Callable[..., Flask], start_workers: Callable[..., list[Worker]],
        queue_prefix: str) -> None:
    app = make_celery_app()
    client = app.test_client()
    workers = start_workers("a", "b", concurrency=2)

    created = [create_story(client, seed=seed) for seed in range(100)]
    jobs = wait_finished(app, [c["job"]["id"] for c in created], timeout=90)

    assert sorted({job.status for job in jobs.values()}) == ["succeeded"], [
        job.error for job in jobs.values() if job.error]
    counts = versions_per_story(app, [c["story"]["id"] for c in created])
    assert set(counts.values()) == {1}
    assert all(worker.tasks_succeeded() > 0 for worker in workers), "one worker ran nothing"

    health = client.get("/health").json["jobs"]  # type: ignore[index]
    assert health["backend"] == "celery"
    assert health["queues"] == {f"{queue_prefix}generate": 0, f"{queue_prefix}revise": 0}
    assert 0 <= health["worker_heartbeat_age_s"] < 15
    metrics = client.get("/metrics").text
    assert f'shortstory_job_queue_depth{{queue="{queue_prefix}generate"}} 0.0' in metrics
    assert "shortstory_job_worker_heartbeat_age_seconds " in metrics


def test_a_job_whose_worker_is_killed_completes_once_on_the_other_worker(
        make_celery_app: Callable[..., Flask], start_workers: Callable[..., list[Worker]],
        jobs_database_url: str) -> None:
    app = make_celery_app()
    client = app.test_client()
    created = create_story(client, target_words=300)
    job_id, story_id = created["job"]["id"], created["story"]["id"]

    # Holding the story's row keeps the job running (it marks the story running first) until the
    # worker dies: the kill lands mid-job every time, however fast the writer is.
    lock = psycopg2.connect(jobs_database_url)
    try:
        with lock.cursor() as cursor:
            cursor.execute("SELECT id FROM stories WHERE id = %s FOR UPDATE", (story_id,))
        (doomed,) = start_workers("doomed", concurrency=1)
        wait_status(client, job_id, "running", timeout=30)
        (survivor,) = start_workers("survivor", concurrency=1)
        doomed.kill()
        killed_at = time.monotonic()
    finally:
        lock.rollback()
        lock.close()

    job = wait_finished(app, [job_id], timeout=60)[job_id]
    took = time.monotonic() - killed_at
    print(f"\njob finished on the surviving worker {took:.1f}s after the kill")

    assert job.status == "succeeded", job.error
    assert job.attempts == 2
    assert versions_per_story(app, [story_id]) == {story_id: 1}
    assert doomed.tasks_succeeded() == 0
    assert survivor.tasks_succeeded() >= 1
