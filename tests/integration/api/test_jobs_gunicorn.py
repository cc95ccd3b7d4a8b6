"""Jobs under ``make run``'s defaults: real Gunicorn, several workers, in-process jobs, SQLite.

A client's event stream may reach another worker than the one writing the story, and a worker
killed with SIGKILL loses nothing: its siblings sweep its jobs back by themselves (heartbeats
stop, the stale jobs are requeued), with no request to the service needed.
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest
from api_harness import HIGH_LIMITS, STORY_BODY, Api, make_users
from sqlalchemy import create_engine, text
from support.fault_llm import FaultLLMServer
from test_job_events_api import assemble, read_events

from shortstory.storage.migrate import upgrade


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'run.sqlite3'}"
    upgrade(url)
    return url


@pytest.fixture(scope="module")
def slow_llm() -> Iterator[FaultLLMServer]:
    with FaultLLMServer(chunk_delay_s=0.03, words_per_chunk=3) as server:
        server.set_prose(person="first", tense="past", name="Maren Holt")
        yield server


def run_env(sqlite_url: str, **extra: str) -> dict[str, str]:
    """What ``make run`` serves with: development settings, SQLite, jobs in-process."""
    limits = {name.upper(): value for name, value in HIGH_LIMITS.items()}
    return {"SHORTSTORY_ENV": "development", "DATABASE_URL": sqlite_url, "LOG_LEVEL": "INFO",
            **limits, **extra}


def test_the_stream_resumes_on_any_worker_and_equals_the_stored_version(
        gunicorn: Callable[..., Any], sqlite_url: str) -> None:
    keys = make_users(sqlite_url, ("a",))
    server = gunicorn(run_env(sqlite_url), workers=3)
    api = Api(server.base_url, keys, "sqlite")
    created = api.post("/stories", json={**STORY_BODY, "target_words": 3000}).json()
    job_id = created["job"]["id"]
    first = read_events(api, job_id, stop_after_chunks=1)
    rest = read_events(api, job_id, last_event_id=first[-1]["id"])
    assert rest[-1]["event"] == "done"
    story = api.get(f"/stories/{created['story']['id']}").json()
    assert assemble(first + rest) == story["text"]
    assert any(m["event"] == "chunk" for m in rest), "the text went on after the reconnect"


def test_a_killed_worker_loses_no_job_and_doubles_none(
        gunicorn: Callable[..., Any], sqlite_url: str, slow_llm: FaultLLMServer) -> None:
    keys = make_users(sqlite_url, ("a",))
    writers = {"slow": {"base_url": slow_llm.base_url, "model": "fault-llm-1"}}
    server = gunicorn(run_env(sqlite_url, WRITERS=json.dumps(writers), JOB_WORKERS="2",
                              WRITER_RETRIES="0"), workers=2)
    api = Api(server.base_url, keys, "sqlite")
    jobs = []
    for seed in range(10):
        created = api.post("/stories", json={**STORY_BODY, "writer": "slow", "seed": seed,
                                              "target_words": 300})
        assert created.status_code == 202, created.text
        jobs.append(created.json()["job"]["id"])
    victim = _worker_talking_to(server.process.pid, slow_llm.port)
    engine = create_engine(sqlite_url)
    unfinished_at_kill = _count(engine, "status IN ('queued', 'running')")
    os.kill(victim, signal.SIGKILL)
    killed_at = time.monotonic()
    assert unfinished_at_kill >= 3, "the kill must catch jobs in flight"

    # No request to the service from here on: the database tells how the jobs end.
    deadline = killed_at + 60
    while _count(engine, "status = 'succeeded'") < len(jobs):
        assert _count(engine, "status IN ('failed', 'cancelled')") == 0
        assert time.monotonic() < deadline, (
            f"jobs still unfinished 60 s after the kill:\n{server.log()[-3000:]}")
        time.sleep(0.5)
    recovered_s = time.monotonic() - killed_at
    with engine.connect() as connection:
        versions = dict(connection.execute(text(
            "SELECT s.id, count(v.id) FROM stories s LEFT JOIN story_versions v "
            "ON v.story_id = s.id GROUP BY s.id")).all())
        retried = connection.execute(text("SELECT count(*) FROM jobs WHERE attempts > 1")).scalar()
    engine.dispose()
    assert sorted(versions.values()) == [1] * len(jobs), "exactly one version per story"
    assert retried, "the killed worker's running jobs ran again"
    print(f"all {len(jobs)} jobs succeeded {recovered_s:.1f} s after the kill; {retried} re-ran")


def _count(engine: Any, condition: str) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM jobs WHERE {condition}"))
                   .scalar() or 0)


def _worker_talking_to(master_pid: int, port: int, timeout: float = 20.0) -> int:
    """The pid of a Gunicorn worker with a connection open to ``port`` (it is running a job)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for child in psutil.Process(master_pid).children():
            try:
                connections = child.net_connections(kind="tcp")
            except psutil.Error:
                continue
            if any(c.raddr and c.raddr.port == port for c in connections):
                return child.pid
        time.sleep(0.05)
    raise AssertionError("no worker ever called the model server")
