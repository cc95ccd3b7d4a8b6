"""/metrics from a three-worker Gunicorn, each number made to move by the event it counts: jobs
by kind and final state (and in the database by kind), job durations, the in-process queue's
depth, database connections checked out, and the writers' calls, failures, retries, tokens and
breaker state — the same totals whichever worker answers the scrape."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests
from frame_app import PREFIX
from live_server import GunicornServer, wait_for_workers
from prometheus_client.parser import text_string_to_metric_families
from support.fault_llm import FaultLLMServer

WORKERS = 3
STORY: dict[str, Any] = {
    "premise": {"idea": "A clockmaker repairs a clock that runs a day ahead.",
                "character": {"name": "Ada Brandt", "pronouns": "she/her"}},
    "genre": "mystery", "target_words": 150,
}
Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


@pytest.fixture
def llm() -> Iterator[FaultLLMServer]:
    with FaultLLMServer(words_per_chunk=4) as server:
        server.set_prose(person="third", tense="past", name="Ada Brandt")
        yield server


def scrape(server: GunicornServer) -> Samples:
    reply = requests.get(f"{server.base_url}/metrics", headers={"Connection": "close"},
                         timeout=10)
    assert reply.status_code == 200, reply.text
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(reply.text)
            for sample in family.samples}


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def every_scrape(server: GunicornServer, check: Callable[[Samples], None]) -> None:
    """``check`` holds on a scrape from each of several fresh connections (several workers)."""
    for _ in range(2 * WORKERS):
        check(scrape(server))


def wait_until(server: GunicornServer, holds: Callable[[Samples], bool],
               timeout: float = 30) -> Samples:
    deadline = time.monotonic() + timeout
    samples = scrape(server)
    while not holds(samples) and time.monotonic() < deadline:
        time.sleep(0.2)
        samples = scrape(server)
    return samples


def run_story(server: GunicornServer, key: str, writer: str) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {key}"}
    created = requests.post(f"{server.base_url}/api/v1/stories", json={**STORY, "writer": writer},
                            headers=headers, timeout=30)
    assert created.status_code == 202, created.text
    url = f"{server.base_url}/api/v1/jobs/{created.json()['job']['id']}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job: dict[str, Any] = requests.get(url, headers=headers, timeout=10).json()
        if job["status"] not in ("queued", "running"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job did not finish: {job}")


@pytest.fixture
def server(gunicorn: Callable[..., GunicornServer], production_env: dict[str, str],
           llm: FaultLLMServer, fresh_api_key: str) -> GunicornServer:
    limits = {name: "100000 per hour" for name in ("RATELIMIT_GENERATION", "RATELIMIT_REVISION",
                                                   "RATELIMIT_OTHER")}
    limits["RATELIMIT_DEFAULT"] = "100000 per day;100000 per hour"
    env = {**production_env, **limits, "JOB_BACKEND": "inprocess", "JOB_WORKERS": "1",
           "WRITERS": json.dumps({"fault": {"base_url": llm.base_url, "model": "fault-llm-1"}}),
           "WRITER_CHAIN": "fault", "WRITER_RETRIES": "1"}
    started = gunicorn(env, app="frame_app:build()", workers=WORKERS, threads=4)
    wait_for_workers(started, fresh_api_key, WORKERS)
    return started


def test_jobs_and_writers_are_counted_by_kind_state_and_provider(
        server: GunicornServer, llm: FaultLLMServer, fresh_api_key: str) -> None:
    before = scrape(server)
    # Two stories succeed (the procedural writer, then the model), one fails at the model: its
    # first call and its one retry both answer 500.
    assert run_story(server, fresh_api_key, "procedural")["status"] == "succeeded"
    assert run_story(server, fresh_api_key, "fault")["status"] == "succeeded"
    llm.inject("server_error", times=2)
    failed = run_story(server, fresh_api_key, "fault")
    assert failed["status"] == "failed", failed

    def counted(samples: Samples) -> None:
        assert value(samples, "shortstory_jobs_finished_total",
                     kind="generate", state="succeeded") == 2
        assert value(samples, "shortstory_jobs_finished_total",
                     kind="generate", state="failed") == 1
        assert value(samples, "shortstory_job_duration_seconds_count",
                     kind="generate", state="succeeded") == 2
        assert value(samples, "shortstory_job_duration_seconds_sum",
                     kind="generate", state="succeeded") > 0
        for state in ("succeeded", "failed"):
            was = value(before, "shortstory_jobs_by_kind", kind="generate", state=state)
            now = value(samples, "shortstory_jobs_by_kind", kind="generate", state=state)
            assert now - was == (2 if state == "succeeded" else 1), state
        assert value(samples, "shortstory_writer_calls_total", provider="fault") >= 2
        assert value(samples, "shortstory_writer_failures_total", provider="fault") == 2
        assert value(samples, "shortstory_writer_retries_total", provider="fault") == 1
        assert value(samples, "shortstory_writer_tokens_total",
                     provider="fault", direction="out") > 0
        assert value(samples, "shortstory_writer_tokens_total",
                     provider="fault", direction="in") > 0
        assert value(samples, "shortstory_writer_breaker_state",
                     provider="fault", state="closed") == 1
        assert value(samples, "shortstory_writer_breaker_state",
                     provider="fault", state="open") == 0

    every_scrape(server, counted)


def test_the_queue_depth_and_checked_out_connections_follow_the_work(
        server: GunicornServer, llm: FaultLLMServer, fresh_api_key: str) -> None:
    idle = wait_until(server, lambda s: value(s, "shortstory_db_pool_checked_out") == 0)
    assert value(idle, "shortstory_db_pool_checked_out") == 0
    assert value(idle, "shortstory_job_queue_depth", queue="inprocess") == 0

    headers = {"Authorization": f"Bearer {fresh_api_key}"}
    with ThreadPoolExecutor(max_workers=2) as pool:
        holds = [pool.submit(requests.get, f"{server.base_url}{PREFIX}/hold-db?seconds=4",
                             headers=headers, timeout=30) for _ in range(2)]
        held = wait_until(server, lambda s: value(s, "shortstory_db_pool_checked_out") >= 2)
        assert value(held, "shortstory_db_pool_checked_out") >= 2
        assert all(hold.result().status_code == 200 for hold in holds)
    after = wait_until(server, lambda s: value(s, "shortstory_db_pool_checked_out") == 0)
    assert value(after, "shortstory_db_pool_checked_out") == 0

    llm.chunk_delay_s = 0.1  # a story of some seconds
    with ThreadPoolExecutor(max_workers=1) as pool:
        story = pool.submit(run_story, server, fresh_api_key, "fault")
        busy = wait_until(server, lambda s: value(s, "shortstory_job_queue_depth",
                                                  queue="inprocess") == 1)
        assert value(busy, "shortstory_job_queue_depth", queue="inprocess") == 1
        assert story.result()["status"] == "succeeded"

    def drained(samples: Samples) -> None:
        assert value(samples, "shortstory_job_queue_depth", queue="inprocess") == 0

    every_scrape(server, drained)
