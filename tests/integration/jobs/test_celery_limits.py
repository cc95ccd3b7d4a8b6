"""A Celery worker's limits and its shutdown: a job that runs past ``JOB_SOFT_TIME_LIMIT`` ends
``failed`` with ``JOB_TIMEOUT`` and keeps no version; SIGTERM lets the running job finish before
the worker exits 0."""

from __future__ import annotations

import time
from collections.abc import Callable

from celery_harness import SLOW_STORY, Worker, slow_writer_env
from flask import Flask
from flask.testing import FlaskClient
from support.fault_llm import FaultLLMServer


def wait_job(client: FlaskClient, job_id: str, *, until: Callable[[dict], bool],
             timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        job = client.get(f"/api/v1/jobs/{job_id}").json
        if until(job):
            return job  # type: ignore[no-any-return]
        assert time.monotonic() < deadline, f"job {job_id} is still {job}"
        time.sleep(0.1)


def test_a_job_past_its_soft_limit_fails_with_job_timeout_and_keeps_no_version(
        make_celery_app: Callable[..., Flask], start_workers: Callable[..., list[Worker]],
        slow_llm: FaultLLMServer) -> None:
    limits = {"JOB_SOFT_TIME_LIMIT": "2", "JOB_HARD_TIME_LIMIT": "30"}
    [worker] = start_workers("limit", concurrency=1, env={**slow_writer_env(slow_llm), **limits})
    client = make_celery_app(**slow_writer_env(slow_llm), **limits).test_client()

    created = client.post("/api/v1/stories", json={**SLOW_STORY, "target_words": 2000}).json
    started = time.monotonic()
    job = wait_job(client, created["job"]["id"], until=lambda job: job["status"] != "running"
                   and job["status"] != "queued", timeout=30)
    assert job["status"] == "failed", job
    assert job["error"]["error_code"] == "JOB_TIMEOUT" and job["error"]["error_id"]
    assert "2 s" in job["error"]["message"]
    assert time.monotonic() - started < 10, "stopped near its limit, not at the story's end"
    story_id = created["story"]["id"]
    assert client.get(f"/api/v1/stories/{story_id}").json["status"] == "failed"
    assert client.get(f"/api/v1/stories/{story_id}/versions").json["items"] == []
    assert worker.process.poll() is None, "the worker lives on"


def test_sigterm_lets_the_running_job_finish_then_the_worker_exits_0(
        make_celery_app: Callable[..., Flask], start_workers: Callable[..., list[Worker]],
        slow_llm: FaultLLMServer) -> None:
    [worker] = start_workers("warm", concurrency=1, env=slow_writer_env(slow_llm))
    client = make_celery_app(**slow_writer_env(slow_llm)).test_client()

    created = client.post("/api/v1/stories", json=SLOW_STORY).json
    job_id = created["job"]["id"]
    wait_job(client, job_id, until=lambda job: job["stage"] == "draft", timeout=30)
    assert worker.stop(timeout=60) == 0
    job = client.get(f"/api/v1/jobs/{job_id}").json
    assert job["status"] == "succeeded" and job["attempts"] == 1, job
    versions = client.get(f"/api/v1/stories/{created['story']['id']}/versions").json["items"]
    assert len(versions) == 1
