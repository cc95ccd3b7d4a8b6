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
import contextlib
import json
import os
import platform
import secrets
import signal
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import redis
import requests
from api import BIN, STORY, gunicorn, make_key, percentile, private_database, shared_redis
from machine_speed import reference_ms
from sqlalchemy import text

from shortstory.config import load_settings
from shortstory.storage.session import Database

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
        if created.status_code != 202:
            raise SystemExit(f"POST /stories answered {created.status_code}: {created.text}")
        job_id = created.json()["job"]["id"]
        with session.get(f"{base}/api/v1/jobs/{job_id}/events", stream=True,
                         timeout=30) as stream:
            if stream.status_code != 200:
                raise SystemExit(f"the stream answered {stream.status_code}: {stream.text}")
            for line in stream.iter_lines(decode_unicode=True):
                if line == "event: chunk":
                    times.append(time.perf_counter() - started)
                    break
    return {"runs": runs, "p50_ms": round(1000 * statistics.median(times), 1),
            "p90_ms": round(1000 * percentile(times, 0.9), 1),
            "target_words": STORY_1000["target_words"], "writer": "procedural"}


def streams_held(base: str, key: str, database_url: str, attempts: int) -> int:
    """Open ``attempts`` streams on a job that never ends; how many answer within 2 s."""
    engine = Database.from_settings(
        load_settings({"environment": "test", "database_url": database_url})).engine
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


@contextlib.contextmanager
def celery_workers(env: dict[str, str], log_dir: Path, count: int) -> Iterator[None]:
    """``count`` ``shortstory worker`` processes (prefork, one job at a time each), ready."""
    processes = []
    client = redis.Redis.from_url(env["REDIS_URL"])
    try:
        for number in range(count):
            hostname = f"bench-{number}-{env['JOB_QUEUE_PREFIX']}@localhost"
            log = (log_dir / f"worker-{number}.log").open("wb")
            processes.append((hostname, subprocess.Popen(
                [str(BIN / "shortstory"), "worker", "--concurrency", "1", "--hostname", hostname],
                env={**os.environ, **env}, cwd=log_dir, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)))
        deadline = time.monotonic() + 60
        for hostname, process in processes:
            key = f"shortstory:{env['JOB_QUEUE_PREFIX']}worker-heartbeat:{hostname}"
            while not client.exists(key):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"worker {hostname} did not start; see {log_dir}")
                time.sleep(0.1)
        yield
    finally:
        for _, process in processes:
            process.send_signal(signal.SIGTERM)
        for _, process in processes:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        keys = list(client.scan_iter(match=f"*{env['JOB_QUEUE_PREFIX']}*", count=500))
        if keys:
            client.delete(*keys)
        client.close()


def celery_throughput(base: str, key: str, jobs: int) -> dict[str, Any]:
    """Send ``jobs`` 1,000-word stories at once; jobs/s from the first POST to the last success."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {key}"
    started = time.perf_counter()
    job_ids = []
    for seed in range(jobs):
        created = session.post(f"{base}/api/v1/stories", json={**STORY_1000, "seed": 500 + seed},
                               timeout=30)
        if created.status_code != 202:
            raise SystemExit(f"POST /stories answered {created.status_code}: {created.text}")
        job_ids.append(created.json()["job"]["id"])
    pending = set(job_ids)
    deadline = time.monotonic() + 600
    while pending:
        for job_id in list(pending):
            status = session.get(f"{base}/api/v1/jobs/{job_id}", timeout=30).json()["status"]
            if status == "succeeded":
                pending.discard(job_id)
            elif status in ("failed", "cancelled"):
                raise SystemExit(f"job {job_id} ended {status}")
        if time.monotonic() > deadline:
            raise SystemExit(f"{len(pending)} jobs unfinished after 600 s")
        time.sleep(0.2)
    elapsed = time.perf_counter() - started
    return {"jobs": jobs, "workers": 2, "seconds": round(elapsed, 1),
            "jobs_per_s": round(jobs / elapsed, 2), "target_words": 1000, "writer": "procedural"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--celery", action="store_true", help="also measure 2 Celery workers")
    parser.add_argument("--jobs", type=int, default=60, help="stories sent to the workers")
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
        redis_url = shared_redis()
        if args.celery and redis_url is None:
            raise SystemExit("--celery needs a Redis on TEST_REDIS_URL (default 127.0.0.1:6379)")
        if args.celery and redis_url is not None:
            env = {"JOB_BACKEND": "celery", "REDIS_URL": redis_url,
                   "JOB_QUEUE_PREFIX": f"bench{secrets.token_hex(3)}-",
                   "SHORTSTORY_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(48),
                   "DATABASE_URL": url, "LOG_LEVEL": "WARNING"}
            with celery_workers(env, Path(tmp), count=2), \
                    gunicorn(url, workers=2, log_dir=Path(tmp), extra_env=env) as base:
                results["celery"] = celery_throughput(base, key, args.jobs)
            print(json.dumps(results["celery"]), flush=True)
    RESULT_PATH.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
