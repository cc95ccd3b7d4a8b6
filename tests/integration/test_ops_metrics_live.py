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
from live_server import (
    GunicornServer,
    create_api_key,
    start_gunicorn,
    wait_for_workers,
)
from live_settings import production_settings
from prometheus_client.parser import text_string_to_metric_families
from support.fault_llm import FaultLLMServer

WORKERS = 3
STORY: dict[str, Any] = {
    "premise": {"idea": "A clockmaker repairs a clock that runs a day ahead.",
                "character": {"name": "Ada Brandt", "pronouns": "she/her"}},
    "genre": "mystery", "target_words": 150,
}
Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


@pytest.fixture(scope="module")
def llm() -> Iterator[FaultLLMServer]:
    """One model server for the module; each test gets it back without faults or delay."""
    with FaultLLMServer(words_per_chunk=4) as server:
        yield server


@pytest.fixture(autouse=True)
def _fresh_llm(llm: FaultLLMServer) -> Iterator[None]:
    llm.reset()
    llm.chunk_delay_s = 0.0
    llm.set_prose(person="third", tense="past", name="Ada Brandt")
    yield


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


@pytest.fixture(scope="module")
def key(app_database_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A user of the module's own: its rate-limit counters start from zero."""
    return create_api_key(app_database_url, tmp_path_factory.mktemp("ops-users"))


@pytest.fixture(scope="module")
def server(app_database_url: str, ratelimit_key_prefix: str, llm: FaultLLMServer, key: str,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[GunicornServer]:
    """One three-worker Gunicorn for the module (booting it is most of a test's time): the tests
    read counters as differences and gauges as they stand, so each is blind to the other's work."""
    limits = {name: "100000 per hour" for name in ("RATELIMIT_GENERATION", "RATELIMIT_REVISION",
                                                   "RATELIMIT_OTHER")}
    limits["RATELIMIT_DEFAULT"] = "100000 per day;100000 per hour"
    env = {**production_settings(app_database_url, ratelimit_key_prefix), **limits,
           "JOB_BACKEND": "inprocess", "JOB_WORKERS": "1",
           "WRITERS": json.dumps({"fault": {"base_url": llm.base_url, "model": "fault-llm-1"}}),
           "WRITER_CHAIN": "fault", "WRITER_RETRIES": "1"}
    log_path = tmp_path_factory.mktemp("ops-metrics") / "server.log"
    started = start_gunicorn(env, log_path, app="frame_app:build()", workers=WORKERS, threads=4)
    try:
        wait_for_workers(started, key, WORKERS)
        yield started
    finally:
        started.stop()


def test_jobs_and_writers_are_counted_by_kind_state_and_provider(
        server: GunicornServer, llm: FaultLLMServer, key: str) -> None:
    before = scrape(server)
    # Two stories succeed (the procedural writer, then the model), one fails at the model: its
    # first call and its one retry both answer 500.
    assert run_story(server, key, "procedural")["status"] == "succeeded"
    assert run_story(server, key, "fault")["status"] == "succeeded"
    llm.inject("server_error", times=2)
    failed = run_story(server, key, "fault")
    assert failed["status"] == "failed", failed

    def counted(samples: Samples) -> None:
        def moved(name: str, **labels: str) -> float:
            return value(samples, name, **labels) - value(before, name, **labels)

        assert moved("shortstory_jobs_finished_total", kind="generate", state="succeeded") == 2
        assert moved("shortstory_jobs_finished_total", kind="generate", state="failed") == 1
        assert moved("shortstory_job_duration_seconds_count",
                     kind="generate", state="succeeded") == 2
        assert moved("shortstory_job_duration_seconds_sum",
                     kind="generate", state="succeeded") > 0
        assert moved("shortstory_jobs_by_kind", kind="generate", state="succeeded") == 2
        assert moved("shortstory_jobs_by_kind", kind="generate", state="failed") == 1
        assert moved("shortstory_writer_calls_total", provider="fault") >= 2
        assert moved("shortstory_writer_failures_total", provider="fault") == 2
        assert moved("shortstory_writer_retries_total", provider="fault") == 1
        assert moved("shortstory_writer_tokens_total", provider="fault", direction="out") > 0
        assert moved("shortstory_writer_tokens_total", provider="fault", direction="in") > 0
        assert value(samples, "shortstory_writer_breaker_state",
                     provider="fault", state="closed") == 1
        assert value(samples, "shortstory_writer_breaker_state",
                     provider="fault", state="open") == 0

    # A job's row reads its final state a moment before its worker counts it: wait for the counts.
    def finished(samples: Samples, state: str) -> float:
        return (value(samples, "shortstory_jobs_finished_total", kind="generate", state=state)
                - value(before, "shortstory_jobs_finished_total", kind="generate", state=state))

    wait_until(server, lambda samples: finished(samples, "succeeded") >= 2
               and finished(samples, "failed") >= 1)
    every_scrape(server, counted)


def test_the_queue_depth_and_checked_out_connections_follow_the_work(
        server: GunicornServer, llm: FaultLLMServer, key: str) -> None:
    idle = wait_until(server, lambda s: value(s, "shortstory_db_pool_checked_out") == 0)
    assert value(idle, "shortstory_db_pool_checked_out") == 0
    assert value(idle, "shortstory_job_queue_depth", queue="inprocess") == 0

    headers = {"Authorization": f"Bearer {key}"}
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
        story = pool.submit(run_story, server, key, "fault")
        busy = wait_until(server, lambda s: value(s, "shortstory_job_queue_depth",
                                                  queue="inprocess") == 1)
        assert value(busy, "shortstory_job_queue_depth", queue="inprocess") == 1
        assert story.result()["status"] == "succeeded"

    def drained(samples: Samples) -> None:
        assert value(samples, "shortstory_job_queue_depth", queue="inprocess") == 0

    # The job's row says "succeeded" a moment before its thread lets go of its place in the queue
    # (the runner writes the row; the pool counts down after it returns): once the depth is 0 on
    # one scrape, it stays 0 on every worker's.
    wait_until(server, lambda s: value(s, "shortstory_job_queue_depth", queue="inprocess") == 0)
    every_scrape(server, drained)
