"""A Celery worker serves its own Prometheus metrics: the jobs its pool children ran, summed."""

from __future__ import annotations

import socket
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from celery_harness import STORY, Worker, launch_worker
from flask import Flask
from test_celery_workers import wait_finished


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _scrape(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        return str(response.read().decode())


def _sample(text: str, line_start: str) -> float | None:
    for line in text.splitlines():
        if line.startswith(line_start + " "):
            return float(line.rsplit(" ", 1)[1])
    return None


def test_the_worker_serves_the_jobs_its_pool_ran(
        make_celery_app: Callable[..., Flask], start_workers: Callable[..., list[Worker]]) -> None:
    port = _free_port()
    start_workers("metrics", concurrency=2, env={"WORKER_METRICS_PORT": str(port)})
    client = make_celery_app().test_client()

    created: list[dict[str, Any]] = []
    for seed in range(3):
        response = client.post("/api/v1/stories", json={**STORY, "seed": seed})
        assert response.status_code == 202, response.text
        created.append(response.json)  # type: ignore[arg-type]
    wait_finished(make_celery_app(), [c["job"]["id"] for c in created], timeout=60)

    finished = 'shortstory_jobs_finished_total{kind="generate",state="succeeded"}'
    deadline = time.monotonic() + 10
    while (value := _sample(_scrape(port), finished)) != 3.0:
        assert time.monotonic() < deadline, f"{finished} is {value}, not 3"
        time.sleep(0.2)
    text = _scrape(port)
    assert _sample(text, 'shortstory_job_duration_seconds_count{kind="generate",'
                         'state="succeeded"}') == 3.0


def test_a_taken_metrics_port_stops_the_worker_with_one_line(
        worker_env: dict[str, str], tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        worker = launch_worker({**worker_env, "WORKER_METRICS_PORT": str(port)}, tmp_path,
                               "taken@localhost")
        assert worker.process.wait(timeout=30) == 2
    lines = worker.log().strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"error: --metrics-port: cannot listen on 127.0.0.1:{port} (")
