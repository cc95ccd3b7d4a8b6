"""Sentry from a real ``shortstory worker``: a job failing in the Celery worker arrives as an
event with the job's id, error_id and user, the Celery integration's task context, and no secret.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from celery_harness import forget_broker_keys, launch_worker, wait_ready
from live_server import create_api_key
from sentry_harness import (
    assert_nothing_secret,
    assert_release_and_environment,
    failed_job,
    sentry_env,
    start_password_redis,
    user_id,
)
from support.sentry_receiver import SentryReceiver, event_tags


def test_a_failing_celery_job_is_reported_from_the_worker(
        gunicorn: Callable[..., Any], production_env: dict[str, str], jobs_database_url: str,
        receiver: SentryReceiver, tmp_path: Path) -> None:
    # The jobs tests' own database: a worker sweeps every stale job of the database it serves.
    fresh_api_key = create_api_key(jobs_database_url, tmp_path)
    redis = start_password_redis(tmp_path / "redis")
    env = {**sentry_env({**production_env, "DATABASE_URL": jobs_database_url}, receiver, redis),
           "JOB_BACKEND": "celery"}
    worker = launch_worker(env, tmp_path / "worker", f"sentry-{secrets.token_hex(3)}@test",
                           concurrency=1)
    try:
        wait_ready(worker, env["REDIS_URL"], env["JOB_QUEUE_PREFIX"])
        server = gunicorn(env, workers=1)
        job = failed_job(server.base_url, fresh_api_key)
        event = receiver.wait_for(lambda e: event_tags(e).get("job_id") == job["id"])
    finally:
        worker.stop()
        forget_broker_keys(env["REDIS_URL"], env["JOB_QUEUE_PREFIX"])
        redis.stop()
    tags = event_tags(event)
    assert tags["error_id"] == job["error"]["error_id"]
    assert_release_and_environment(event)
    assert event["user"] == {"id": user_id(server.base_url, fresh_api_key)}
    # The Celery integration named the task the job ran in.
    assert "celery" in json.dumps(event.get("extra", {})) + json.dumps(event.get("tags", {})), \
        event
    assert_nothing_secret(receiver, env, fresh_api_key)
