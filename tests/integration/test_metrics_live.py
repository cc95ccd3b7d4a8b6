"""/metrics under real Gunicorn: every worker's requests are counted, whichever worker answers."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import requests
from frame_app import PREFIX
from live_server import GunicornServer, get_fresh_connection, wait_for_workers
from prometheus_client.parser import text_string_to_metric_families

WORKERS = 3
REQUESTS = 30


def count_of(body: str, route: str) -> float:
    for family in text_string_to_metric_families(body):
        for sample in family.samples:
            if (sample.name == "shortstory_http_requests_total"
                    and sample.labels == {"method": "GET", "route": route, "status": "200"}):
                return sample.value
    return 0.0


def test_metrics_sum_every_worker_and_their_directory_goes_at_exit(
    gunicorn: Callable[..., GunicornServer], production_env: dict[str, str], api_key: str
) -> None:
    env = {**production_env, "RATELIMIT_DEFAULT": "10000 per hour"}
    server = gunicorn(env, app="frame_app:build()", workers=WORKERS, threads=2)
    wait_for_workers(server, api_key, WORKERS)
    route = f"{PREFIX}/ping"
    replies = [get_fresh_connection(f"{server.base_url}{route}", api_key) for _ in range(REQUESTS)]
    assert all(reply.status_code == 200 for reply in replies)
    assert len({reply.json()["pid"] for reply in replies}) >= 2, "all requests reached one worker"

    for _ in range(2 * WORKERS):
        scrape = requests.get(f"{server.base_url}/metrics", headers={"Connection": "close"},
                              timeout=10)  # fmt: skip
        assert scrape.status_code == 200, scrape.text
        assert count_of(scrape.text, route) == REQUESTS

    # gunicorn_config.py gave the run a directory of its own, named after the master's pid.
    root = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path(tempfile.gettempdir())
    directory = root / f"shortstory-metrics-{server.process.pid}"
    assert directory.is_dir() and any(directory.iterdir()), "no per-worker metric files"
    server.stop()
    assert not directory.exists(), "the run's metrics directory was left behind"
