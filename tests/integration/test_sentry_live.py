"""Sentry, proven against a local receiver under real Gunicorn: an unexpected error in a worker
and a failing in-process job each arrive as one event with the release, environment, error_id,
request_id or job_id and the user's id — and nothing the operator or the user would not want
sent: no API key, Authorization or Cookie header, no database or Redis password, no provider key,
no premise text, no secret key. (The Celery worker's side: jobs/test_celery_sentry.py.)"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from frame_app import PREFIX
from sentry_harness import (
    COOKIE,
    PREMISE_IDEA,
    assert_nothing_secret,
    assert_release_and_environment,
    failed_job,
    sentry_env,
    start_password_redis,
    user_id,
)
from support.sentry_receiver import SentryReceiver, event_tags


@pytest.fixture
def env(production_env: dict[str, str], receiver: SentryReceiver,
        tmp_path: Path) -> Iterator[dict[str, str]]:
    redis = start_password_redis(tmp_path / "redis")
    yield sentry_env(production_env, receiver, redis)
    redis.stop()


def test_an_unexpected_error_in_a_gunicorn_worker_is_reported_scrubbed(
        gunicorn: Callable[..., Any], env: dict[str, str], receiver: SentryReceiver,
        fresh_api_key: str) -> None:
    server = gunicorn(env, app="frame_app:build()", workers=2)
    request_id = f"sentry-test-{secrets.token_hex(4)}"
    response = requests.post(
        f"{server.base_url}{PREFIX}/crash-quoting-settings",
        json={"premise": {"idea": PREMISE_IDEA}},
        headers={"Authorization": f"Bearer {fresh_api_key}", "Cookie": COOKIE,
                 "X-Request-ID": request_id},
        timeout=30)
    assert response.status_code == 500, response.text
    error_id = response.json()["error_id"]

    event = receiver.wait_for(lambda e: event_tags(e).get("error_id") == error_id)
    tags = event_tags(event)
    assert tags["request_id"] == request_id
    assert_release_and_environment(event)
    assert event["user"] == {"id": user_id(server.base_url, fresh_api_key)}
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    # The Flask integration added the request, without its body or credentials.
    assert event["request"]["url"].endswith("/crash-quoting-settings")
    headers = {k.lower(): v for k, v in event["request"]["headers"].items()}
    assert headers["authorization"] == "[Filtered]" and headers["cookie"] == "[Filtered]"
    message = event["exception"]["values"][-1]["value"]
    assert "[Filtered]@" in message, message  # the URLs' passwords, cut out
    assert_nothing_secret(receiver, env, fresh_api_key)
    assert len([e for e in receiver.events if event_tags(e).get("error_id") == error_id]) == 1


def test_a_failing_in_process_job_is_reported_with_its_job_id(
        gunicorn: Callable[..., Any], env: dict[str, str], receiver: SentryReceiver,
        fresh_api_key: str) -> None:
    server = gunicorn(env, workers=2)
    job = failed_job(server.base_url, fresh_api_key)

    event = receiver.wait_for(lambda e: event_tags(e).get("job_id") == job["id"])
    tags = event_tags(event)
    assert tags["error_id"] == job["error"]["error_id"]
    assert tags["job_kind"] == "generate"
    assert tags["error_code"] == job["error"]["error_code"]
    assert_release_and_environment(event)
    assert event["user"] == {"id": user_id(server.base_url, fresh_api_key)}
    assert_nothing_secret(receiver, env, fresh_api_key)
