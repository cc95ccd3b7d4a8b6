"""A job watched live: its events over Server-Sent Events (resumed after a disconnect), and cancel.

The model writer talks to the fault-injecting OpenAI-protocol server with a delay between
chunks, so a story is still being written while the client reads, disconnects and comes back.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from api_harness import HIGH_LIMITS, STORY_BODY, Api, make_users, start_server
from support.fault_llm import FaultLLMServer

SLOW_STORY = {**STORY_BODY, "writer": "slow", "target_words": 300}


@pytest.fixture(scope="module")
def slow_llm() -> Iterator[FaultLLMServer]:
    with FaultLLMServer(chunk_delay_s=0.02, words_per_chunk=3) as server:
        server.set_prose(person="first", tense="past", name="Maren Holt")
        yield server


@pytest.fixture(scope="module")
def stream_api(postgres_api_database: str, slow_llm: FaultLLMServer) -> Iterator[Api]:
    keys = make_users(postgres_api_database, ("a", "b"))
    writers = {"slow": {"base_url": slow_llm.base_url, "model": "fault-llm-1"}}
    server = start_server({"database_url": postgres_api_database, **HIGH_LIMITS,
                           "WRITERS": json.dumps(writers), "JOB_WORKERS": "1",
                           "WRITER_RETRIES": "0"})
    yield Api(server.url, keys, "postgres")
    server.stop()


def read_events(api: Api, job_id: str, *, last_event_id: str | None = None,
                stop_after_chunks: int | None = None, user: str = "a",
                timeout: float = 60.0) -> list[dict[str, Any]]:
    """Read the job's stream until it ends (or ``stop_after_chunks`` chunks, then hang up)."""
    headers = {"Authorization": f"Bearer {api.keys[user]}", "Accept": "text/event-stream"}
    if last_event_id is not None:
        headers["Last-Event-ID"] = last_event_id
    messages: list[dict[str, Any]] = []
    chunks = 0
    with requests.get(f"{api.base_url}/api/v1/jobs/{job_id}/events", headers=headers,
                      stream=True, timeout=timeout) as response:
        assert response.status_code == 200, response.text
        assert response.headers["Content-Type"].startswith("text/event-stream")
        assert response.headers["Cache-Control"] == "no-cache"
        assert response.headers["X-Accel-Buffering"] == "no"
        fields: dict[str, str] = {}
        for line in response.iter_lines(decode_unicode=True):
            if line:
                name, _, value = line.partition(": ")
                fields[name] = value
                continue
            if "event" in fields:
                messages.append({"id": fields.get("id"), "event": fields["event"],
                                 "data": json.loads(fields["data"])})
                chunks += fields["event"] == "chunk"
                if stop_after_chunks is not None and chunks >= stop_after_chunks:
                    break
            fields = {}
    return messages


def assemble(messages: list[dict[str, Any]], text: str = "") -> str:
    for message in messages:
        if message["event"] == "chunk":
            text += message["data"]["text"]
        elif message["event"] == "rewrite":
            text = text[: message["data"]["at"]] + message["data"]["text"]
    return text


def test_a_client_that_reconnects_assembles_exactly_the_stored_version(stream_api: Api) -> None:
    created = stream_api.post("/stories", json=SLOW_STORY)
    assert created.status_code == 202, created.text
    job_id, story_id = created.json()["job"]["id"], created.json()["story"]["id"]
    first = read_events(stream_api, job_id, stop_after_chunks=5)
    assert stream_api.get(f"/jobs/{job_id}").json()["status"] == "running", "read it live"
    rest = read_events(stream_api, job_id, last_event_id=first[-1]["id"])
    messages = first + rest
    ids = [int(m["id"]) for m in messages]
    assert ids == sorted(set(ids)), "ids increase, nothing replayed twice"
    stages = [m["data"]["stage"] for m in messages if m["event"] == "stage"]
    assert stages[:4] == ["premise", "outline", "scaffold", "draft"] and "analysis" in stages
    assert rest[-1]["event"] == "done" and rest[-1]["data"]["version"] == 1
    story = stream_api.get(f"/stories/{story_id}").json()
    assert assemble(messages) == story["text"]
    progress = [m["data"]["progress"] for m in messages if m["event"] == "progress"]
    assert progress == sorted(progress) and 0 < progress[-1] <= 1
    # A finished job's stream replays everything and ends at once.
    started = time.monotonic()
    replay = read_events(stream_api, job_id)
    assert time.monotonic() - started < 5
    assert replay == messages


def test_cancel_stops_a_running_job_and_a_queued_one_never_runs(stream_api: Api) -> None:
    running = stream_api.post("/stories", json={**SLOW_STORY, "target_words": 1200}).json()
    queued = stream_api.post("/stories", json=SLOW_STORY).json()  # one job worker: it waits
    deadline = time.monotonic() + 20
    while stream_api.get(f"/jobs/{running['job']['id']}").json()["stage"] != "draft":
        assert time.monotonic() < deadline, "the first job never reached its draft"
        time.sleep(0.05)

    gone = stream_api.post(f"/jobs/{queued['job']['id']}/cancel")
    assert gone.status_code == 200, gone.text
    assert gone.json()["status"] == "cancelled"
    assert stream_api.post(f"/jobs/{running['job']['id']}/cancel", user="b").status_code == 404
    stopped = stream_api.post(f"/jobs/{running['job']['id']}/cancel")
    assert stopped.status_code == 200 and stopped.json()["status"] == "cancelled"

    events = read_events(stream_api, running["job"]["id"], timeout=20)
    assert events[-1]["event"] == "cancelled"
    time.sleep(1.0)  # the worker notices at its next write, then takes the queued job's id
    for created in (running, queued):
        story = stream_api.get(f"/stories/{created['story']['id']}").json()
        assert story["status"] == "cancelled" and story["version"] is None, story
        versions = stream_api.get(f"/stories/{created['story']['id']}/versions").json()
        assert versions["items"] == [], "a cancelled job keeps no partial draft"
    assert stream_api.get(f"/jobs/{queued['job']['id']}").json()["attempts"] == 0

    again = stream_api.post(f"/jobs/{running['job']['id']}/cancel")
    assert again.status_code == 409 and again.json()["error_code"] == "CONFLICT"
    created = stream_api.post("/stories", json=STORY_BODY).json()
    assert stream_api.wait_job(created["job"]["id"])["status"] == "succeeded"
    refused = stream_api.post(f"/jobs/{created['job']['id']}/cancel")
    assert refused.status_code == 409 and refused.json()["details"]["status"] == "succeeded"
    assert refused.json()["error_id"]
