"""Graceful shutdown under real Gunicorn: SIGTERM lets a slow request finish (200) while new
connections are refused, ends open job event streams with a last ``retry:`` hint, lets a job that
can finish within the graceful timeout succeed, gives one that cannot back to the queue (the next
server runs it) — and the master exits 0 each time. No job is ever left ``running``."""

from __future__ import annotations

import json
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests
from frame_app import PREFIX
from polling import poll_intervals
from sqlalchemy import text
from support.fault_llm import FaultLLMServer

from shortstory.config import load_settings
from shortstory.storage.engine import build_engine

STORY: dict[str, Any] = {
    "premise": {"idea": "A ferryman keeps a ledger of passengers who never paid.",
                "character": {"name": "Oskar Lind", "pronouns": "he/him"}},
    "genre": "literary", "target_words": 300, "writer": "slow",
}


@pytest.fixture
def slow_llm() -> Iterator[FaultLLMServer]:
    with FaultLLMServer(chunk_delay_s=0.02, words_per_chunk=2) as server:
        server.set_prose(person="third", tense="past", name="Oskar Lind")
        yield server


def writer_env(llm: FaultLLMServer) -> dict[str, str]:
    writers = {"slow": {"base_url": llm.base_url, "model": "fault-llm-1"}}
    return {"WRITERS": json.dumps(writers), "WRITER_RETRIES": "0", "JOB_BACKEND": "inprocess"}


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def job_row(database_url: str, job_id: str) -> dict[str, Any]:
    engine = build_engine(load_settings({"database_url": database_url}, environ={}))
    try:
        with engine.connect() as connection:
            row = connection.execute(text("SELECT status, attempts FROM jobs WHERE id = :id"),
                                     {"id": job_id}).mappings().one()
            return dict(row)
    finally:
        engine.dispose()


def start_job(base_url: str, key: str) -> str:
    created = requests.post(f"{base_url}/api/v1/stories", json=STORY, headers=auth(key),
                            timeout=30)
    assert created.status_code == 202, created.text
    job_id: str = created.json()["job"]["id"]
    deadline = time.monotonic() + 30
    pauses = poll_intervals()
    while time.monotonic() < deadline:
        job = requests.get(f"{base_url}/api/v1/jobs/{job_id}", headers=auth(key), timeout=10)
        if job.json()["status"] == "running" and job.json().get("progress", 0) > 0:
            return job_id
        time.sleep(next(pauses))
    raise AssertionError(f"job {job_id} never ran: {job.text}")


def wait_status(base_url: str, key: str, job_id: str, timeout: float = 90) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    job: dict[str, Any] = {}
    pauses = poll_intervals()
    while time.monotonic() < deadline:
        job = requests.get(f"{base_url}/api/v1/jobs/{job_id}", headers=auth(key),
                           timeout=10).json()
        if job["status"] in ("succeeded", "failed", "cancelled"):
            return job
        time.sleep(next(pauses))
    raise AssertionError(f"job {job_id} did not finish: {job}")


def test_a_slow_request_in_flight_completes_and_the_master_exits_0(
        gunicorn: Callable[..., Any], production_env: dict[str, str],
        fresh_api_key: str) -> None:
    server = gunicorn({**production_env, "GUNICORN_GRACEFUL_TIMEOUT": "15"},
                      app="frame_app:build()", workers=2)
    with ThreadPoolExecutor(max_workers=1) as pool:
        slow = pool.submit(requests.get, f"{server.base_url}{PREFIX}/slow?seconds=4",
                           headers=auth(fresh_api_key), timeout=30)
        time.sleep(1.5)  # well inside the worker by now
        server.process.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        # No new request is served: the master has closed its listener and the workers accept
        # no more; a connection the kernel still queued is reset when the last worker leaves.
        with pytest.raises(requests.ConnectionError):
            requests.get(f"{server.base_url}/health/live", timeout=20)
        response = slow.result()
    assert response.status_code == 200, response.text
    assert response.json()["slept"] == 4.0
    assert server.process.wait(timeout=30) == 0, server.log()[-3000:]


def test_a_job_that_can_finish_in_the_graceful_timeout_succeeds_before_the_exit(
        gunicorn: Callable[..., Any], production_env: dict[str, str], fresh_api_key: str,
        slow_llm: FaultLLMServer, app_database_url: str) -> None:
    slow_llm.chunk_delay_s = 0.01  # the story takes a few seconds
    server = gunicorn({**production_env, **writer_env(slow_llm),
                       "GUNICORN_GRACEFUL_TIMEOUT": "25"}, workers=1)
    job_id = start_job(server.base_url, fresh_api_key)
    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(timeout=40) == 0, server.log()[-3000:]
    assert job_row(app_database_url, job_id)["status"] == "succeeded", server.log()[-3000:]


def test_streams_end_with_a_retry_hint_and_an_unfinished_job_goes_back_to_the_queue(
        gunicorn: Callable[..., Any], production_env: dict[str, str], fresh_api_key: str,
        slow_llm: FaultLLMServer, app_database_url: str) -> None:
    slow_llm.chunk_delay_s = 0.5  # the story would take minutes
    env = {**production_env, **writer_env(slow_llm), "GUNICORN_GRACEFUL_TIMEOUT": "6"}
    server = gunicorn(env, workers=1)
    job_id = start_job(server.base_url, fresh_api_key)

    lines: list[str] = []
    stream = requests.get(f"{server.base_url}/api/v1/jobs/{job_id}/events",
                          headers=auth(fresh_api_key), stream=True, timeout=30)
    assert stream.status_code == 200

    def read() -> None:
        lines.extend(stream.iter_lines(decode_unicode=True))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    time.sleep(1.0)
    stopped_at = time.monotonic()
    server.process.send_signal(signal.SIGTERM)
    reader.join(timeout=5)
    assert not reader.is_alive(), "the event stream stayed open after SIGTERM"
    assert [line for line in lines if line][-1] == "retry: 1000", lines[-5:]
    assert server.process.wait(timeout=30) == 0, server.log()[-3000:]
    assert time.monotonic() - stopped_at < 6 + 5, "the stop waited past the graceful timeout"

    row = job_row(app_database_url, job_id)
    assert row == {"status": "queued", "attempts": 0}, row  # given back, the attempt not counted

    slow_llm.chunk_delay_s = 0.0
    restarted = gunicorn(env, workers=1)
    job = wait_status(restarted.base_url, fresh_api_key, job_id)
    assert job["status"] == "succeeded", job
