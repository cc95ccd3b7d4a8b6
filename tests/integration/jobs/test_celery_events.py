"""A job watched live on the Celery backend: a real ``shortstory worker`` writes the story through
the model writer (the fault-injecting server, slowed down), its events go to a Redis Stream, and
the web process streams them as Server-Sent Events to a client that hangs up halfway and comes
back with ``Last-Event-ID``."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import redis
from celery_harness import SLOW_STORY, Worker, slow_writer_env
from flask import Flask
from flask.testing import FlaskClient
from support.fault_llm import FaultLLMServer

from shortstory.jobs.events import RedisEventLog


def read_events(client: FlaskClient, job_id: str, *, last_event_id: str | None = None,
                stop_after_chunks: int | None = None) -> list[dict[str, Any]]:
    """Read the job's stream until it ends (or ``stop_after_chunks`` chunks, then hang up)."""
    headers = {"Accept": "text/event-stream"}
    if last_event_id is not None:
        headers["Last-Event-ID"] = last_event_id
    response = client.get(f"/api/v1/jobs/{job_id}/events", headers=headers, buffered=False)
    assert response.status_code == 200, response.text
    assert response.headers["X-Accel-Buffering"] == "no"
    messages: list[dict[str, Any]] = []
    chunks = 0
    pending = ""
    try:
        for piece in response.response:
            pending += piece.decode() if isinstance(piece, bytes) else piece
            while "\n\n" in pending:
                block, pending = pending.split("\n\n", 1)
                fields = dict(line.partition(": ")[::2] for line in block.splitlines()
                              if not line.startswith(":"))
                if "event" not in fields:
                    continue
                messages.append({"id": fields.get("id"), "event": fields["event"],
                                 "data": json.loads(fields["data"])})
                chunks += fields["event"] == "chunk"
                if stop_after_chunks is not None and chunks >= stop_after_chunks:
                    return messages
    finally:
        response.close()
    return messages


def assemble(messages: list[dict[str, Any]]) -> str:
    text = ""
    for message in messages:
        if message["event"] == "chunk":
            text += message["data"]["text"]
        elif message["event"] == "rewrite":
            text = text[: message["data"]["at"]] + message["data"]["text"]
    return text


def test_a_client_that_reconnects_assembles_the_version_a_worker_stored(
        make_celery_app: Callable[..., Flask], start_workers: Callable[..., list[Worker]],
        slow_llm: FaultLLMServer, redis_url: str) -> None:
    start_workers("events", concurrency=1, env=slow_writer_env(slow_llm))
    app = make_celery_app(**slow_writer_env(slow_llm))
    assert isinstance(app.extensions["shortstory.jobs"].events, RedisEventLog)
    client = app.test_client()

    created = client.post("/api/v1/stories", json=SLOW_STORY)
    assert created.status_code == 202, created.text
    job_id, story_id = created.json["job"]["id"], created.json["story"]["id"]
    first = read_events(client, job_id, stop_after_chunks=5)
    assert client.get(f"/api/v1/jobs/{job_id}").json["status"] == "running", "read it live"
    rest = read_events(client, job_id, last_event_id=first[-1]["id"])

    messages = first + rest
    ids = [message["id"] for message in messages]
    assert len(ids) == len(set(ids)), "nothing replayed twice"
    stages = [m["data"]["stage"] for m in messages if m["event"] == "stage"]
    assert stages[:4] == ["premise", "outline", "scaffold", "draft"] and "analysis" in stages
    assert rest[-1]["event"] == "done" and rest[-1]["data"]["version"] == 1
    story = client.get(f"/api/v1/stories/{story_id}").json
    assert story["writer"] == "slow", "the model wrote it, not a fallback"
    assert assemble(messages) == story["text"]

    started = time.monotonic()
    assert read_events(client, job_id) == messages, "a finished job replays everything"
    assert time.monotonic() - started < 5
    # The stream's key expires after the job ends (a day by default), it does not stay for ever.
    client_redis = redis.Redis.from_url(redis_url)
    try:
        ttls = [client_redis.ttl(key) for key in client_redis.scan_iter(match=f"*{job_id}*")]
    finally:
        client_redis.close()
    assert ttls and all(ttl > 0 for ttl in ttls)
