"""Shared pieces of the Sentry tests: a local receiver, settings full of secrets that must never
be sent (a database URL and a Redis URL with passwords, a provider key, a metrics token), a
writer that cannot be reached (so a job fails), and the checks run on what arrived."""

from __future__ import annotations

import json
import secrets
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
from live_server import RedisServer, free_port, redis_server_binary, start_redis
from polling import poll_intervals
from support.sentry_receiver import Event, SentryReceiver

from shortstory import __version__

PREMISE_IDEA = "A cartographer maps a town that moves one street east every night."
COOKIE = "session=cookie-value-never-sent-4d1c"
DB_PASSWORD = "db-pass-never-sent-9b2e"
REDIS_PASSWORD = "redis-pass-never-sent-77aa"
PROVIDER_KEY = "sk-provider-never-sent-51f0"
STORY = {"premise": {"idea": PREMISE_IDEA,
                     "character": {"name": "Ilse Varga", "pronouns": "she/her"}},
         "genre": "mystery", "target_words": 150, "writer": "dead"}


def start_password_redis(workdir: Path) -> RedisServer:
    """A private Redis that requires :data:`REDIS_PASSWORD` (its ``url`` carries it)."""
    if redis_server_binary() is None:
        raise AssertionError("redis-server is not installed (make test installs it)")
    return start_redis(workdir, password=REDIS_PASSWORD)


def with_password(url: str, password: str) -> str:
    """``url`` carrying ``password`` (PostgreSQL here trusts loopback, so it is never checked)."""
    parts = urlsplit(url)
    user = parts.username or "postgres"
    netloc = f"{user}:{password}@{parts.hostname}:{parts.port or 5432}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))


def sentry_env(production_env: dict[str, str], receiver: SentryReceiver,
               redis: RedisServer) -> dict[str, str]:
    """A production deployment reporting to ``receiver``, whose only writer cannot be reached."""
    dead_writer = {"dead": {"base_url": f"http://127.0.0.1:{free_port()}/v1", "model": "gone-1",
                            "api_key_env": "FRAME_PROVIDER_KEY"}}
    return {
        **production_env,
        "DATABASE_URL": with_password(production_env["DATABASE_URL"], DB_PASSWORD),
        "REDIS_URL": redis.url,
        "SENTRY_DSN": receiver.dsn,
        "SENTRY_SAMPLE_RATE": "1.0",
        "METRICS_TOKEN": "metrics-token-never-sent-0c3d",
        "WRITERS": json.dumps(dead_writer),
        "WRITER_CHAIN": "dead",
        "WRITER_RETRIES": "0",
        "FRAME_PROVIDER_KEY": PROVIDER_KEY,
        "JOB_BACKEND": "inprocess",
        "JOB_QUEUE_PREFIX": f"sentry{secrets.token_hex(4)}.",
    }


def assert_nothing_secret(receiver: SentryReceiver, env: dict[str, str], api_key: str) -> None:
    """No secret of ``env``, no API key, cookie or premise in anything the receiver got."""
    sent = receiver.raw_text()
    assert sent, "nothing reached the receiver"
    for name, value in {"API key": api_key, "SECRET_KEY": env["SECRET_KEY"],
                        "database password": DB_PASSWORD, "Redis password": REDIS_PASSWORD,
                        "provider key": PROVIDER_KEY, "premise": PREMISE_IDEA,
                        "cookie": "cookie-value-never-sent", "metrics token": env["METRICS_TOKEN"],
                        }.items():
        assert value not in sent, f"the {name} reached Sentry"


def assert_release_and_environment(event: Event) -> None:
    """The event names this release and the production environment."""
    assert event["release"] == f"shortstory@{__version__}"
    assert event["environment"] == "production"


def user_id(base_url: str, api_key: str) -> str:
    """The id of the key's user, as ``/api/v1/me`` tells it."""
    me = requests.get(f"{base_url}/api/v1/me", headers={"Authorization": f"Bearer {api_key}"},
                      timeout=10)
    assert me.status_code == 200, me.text
    return str(me.json()["id"])


def failed_job(base_url: str, api_key: str, timeout: float = 60.0) -> dict[str, Any]:
    """Create a story with the unreachable writer and wait for its job to fail."""
    headers = {"Authorization": f"Bearer {api_key}"}
    created = requests.post(f"{base_url}/api/v1/stories", json=STORY, headers=headers, timeout=30)
    assert created.status_code == 202, created.text
    job_url = f"{base_url}/api/v1/jobs/{created.json()['job']['id']}"
    deadline = time.monotonic() + timeout
    job: dict[str, Any] = {}
    pauses = poll_intervals()
    while time.monotonic() < deadline:
        job = requests.get(job_url, headers=headers, timeout=10).json()
        if job["status"] in ("succeeded", "failed", "cancelled"):
            assert job["status"] == "failed", job
            return job
        time.sleep(next(pauses))
    raise AssertionError(f"job did not finish in {timeout}s: {job}")
