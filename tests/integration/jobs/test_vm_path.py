"""DEPLOYMENT.md's VM path, followed on loopback: a checkout with a filled ``.env`` (env.example
with real values), ``start_production.sh`` and ``shortstory worker`` started as the systemd units
start them (the ``.env`` as their environment, the checkout as working directory) against
PostgreSQL and Redis; migrations run, ready answers 200, a story is generated with an API key by
the worker, both stop with SIGTERM and exit 0. Then the whole log of both is read: one JSON object
per line (Gunicorn's own lines, the migration's, Celery's too) with timestamp, level, logger and
event; requests with their request_id and user, errors with their error_id, the job's lines with
its job_id — and never the API key, the secret key or the database password."""

from __future__ import annotations

import json
import re
import secrets
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from celery_harness import forget_broker_keys, launch_worker, wait_ready
from live_server import REPO_ROOT, create_api_key, start_gunicorn
from polling import poll_intervals
from sqlalchemy.engine import make_url

from shortstory.storage.scratch import scratch_database

DB_PASSWORD = "vm-db-password-never-logged-3a9f"
STORY = {"premise": {"idea": "A bell-ringer hears a bell nobody rings.",
                     "character": {"name": "Edda Kvist", "pronouns": "she/her"}},
         "genre": "mystery", "target_words": 150, "writer": "procedural"}


def filled_env_file(example: str, values: dict[str, str]) -> str:
    """env.example with each ``KEY=`` line of ``values`` given its value (others kept)."""
    lines = []
    for line in example.splitlines():
        key = line.split("=", 1)[0]
        if re.fullmatch(r"[A-Z_][A-Z0-9_]*", key) and "=" in line and key in values:
            line = f"{key}={values[key]}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def read_env_file(text: str) -> dict[str, str]:
    """What systemd's ``EnvironmentFile=`` makes of it (``KEY=value`` lines, comments skipped)."""
    return dict(line.split("=", 1) for line in text.splitlines()
                if line and not line.startswith("#") and "=" in line)


@pytest.fixture
def vm_database(database_url: str) -> Iterator[str]:
    """An empty database (start_production.sh migrates it), reached with a password in its URL
    (PostgreSQL here trusts loopback, so the password is carried but never checked)."""
    with scratch_database(database_url, "shortstory_vm") as url:
        with_password = make_url(url).set(password=DB_PASSWORD)
        yield with_password.render_as_string(hide_password=False)


def test_the_vm_path_serves_a_story_and_logs_json_without_secrets(
        vm_database: str, redis_url: str, tmp_path: Path) -> None:
    checkout = tmp_path / "app"
    checkout.mkdir()
    for name in ("start_production.sh", "gunicorn_config.py"):
        shutil.copy2(REPO_ROOT / name, checkout / name)
    prefix = f"vm{secrets.token_hex(4)}."
    secret_key = secrets.token_urlsafe(48)
    env_text = filled_env_file((REPO_ROOT / "env.example").read_text(encoding="utf-8"), {
        "SECRET_KEY": secret_key, "DATABASE_URL": vm_database, "REDIS_URL": redis_url,
        "RATELIMIT_KEY_PREFIX": prefix, "JOB_QUEUE_PREFIX": prefix, "HOST": "127.0.0.1",
        "WEB_CONCURRENCY": "2", "TRUSTED_PROXIES": "0", "GUNICORN_CONTROL_SOCKET": "off",
    })
    (checkout / ".env").write_text(env_text, encoding="utf-8")
    env = read_env_file(env_text)

    server = start_gunicorn(env, checkout / "web.log", command=[str(checkout /
                                                                  "start_production.sh")],
                            ready_path="/health/ready", workers=2)
    worker = launch_worker(env, checkout, f"{prefix}vm@localhost", concurrency=1)
    web_exit = worker_exit = None
    try:
        wait_ready(worker, redis_url, prefix)
        ready = requests.get(f"{server.base_url}/health/ready", timeout=10)
        assert ready.status_code == 200, ready.text
        api_key = create_api_key(vm_database, tmp_path)
        headers = {"Authorization": f"Bearer {api_key}"}
        created = requests.post(f"{server.base_url}/api/v1/stories", json=STORY,
                                headers=headers, timeout=30)
        assert created.status_code == 202, created.text
        job_url = f"{server.base_url}/api/v1/jobs/{created.json()['job']['id']}"
        job: dict[str, Any] = {}
        deadline = time.monotonic() + 90
        pauses = poll_intervals()
        while time.monotonic() < deadline:
            job = requests.get(job_url, headers=headers, timeout=10).json()
            if job["status"] not in ("queued", "running"):
                break
            time.sleep(next(pauses))
        assert job["status"] == "succeeded", job
        story = requests.get(f"{server.base_url}/api/v1/stories/{job['story_id']}",
                             headers=headers, timeout=10).json()
        assert story["status"] == "succeeded" and story["text"], story
        refused = requests.post(f"{server.base_url}/api/v1/stories", json={"genre": "x"},
                                headers=headers, timeout=30)
        assert refused.status_code == 422, refused.text
    finally:
        web_exit = server.stop()
        worker_exit = worker.stop()
        forget_broker_keys(redis_url, prefix)
    assert web_exit == 0, server.log()[-3000:]
    assert worker_exit == 0, worker.log()[-3000:]

    for name, text in (("web", server.log()), ("worker", worker.log())):
        for secret, what in ((api_key, "API key"), (secret_key, "SECRET_KEY"),
                             (DB_PASSWORD, "database password")):
            assert secret not in text, f"the {what} is in the {name} log"
    web = json_lines("web", server.log())
    work = json_lines("worker", worker.log())
    job_id = job["id"]
    requests_logged = [r for r in web if r["event"] == "request" and r.get("path", "").startswith(
        "/api/v1/stories")]
    assert requests_logged and all(r.get("request_id") and r.get("user") for r in requests_logged)
    assert any(r.get("error_id") == refused.json()["error_id"] for r in web), "no error_id line"
    assert any(r.get("logger", "").startswith("gunicorn") for r in web), "Gunicorn's lines?"
    assert any(r["event"] == "database_migrated" for r in web), "the migration's line?"
    job_lines = [r for r in work if r.get("job_id") == job_id]
    assert job_lines and all(r.get("user") for r in job_lines), work[-5:]


def json_lines(name: str, text: str) -> list[dict[str, Any]]:
    """Every line of a log as a JSON object with timestamp, level, logger and event."""
    records = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            raise AssertionError(f"{name} log line {number} is not JSON: {line!r}") from None
        assert isinstance(record, dict), line
        missing = {"timestamp", "level", "logger", "event"} - set(record)
        assert not missing, f"{name} log line {number} lacks {missing}: {line}"
        records.append(record)
    assert records, f"the {name} log is empty"
    return records

