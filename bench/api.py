"""Stories API benchmark on PostgreSQL under real Gunicorn (3 workers by default).

Measures, against a private database on the local PostgreSQL (created, migrated, dropped):

* ``GET /api/v1/stories/{id}``: latency p50/p99 and requests/s (``wrk`` when installed, else a
  small threaded Python client), authenticated with a real API key, rate limits raised;
* ``POST /api/v1/stories`` -> ``succeeded``: wall time from the POST until GET shows the story
  ``succeeded`` for a 1,500-word story (median of several), the procedural writer;
* 50 concurrent creations: all answered 202, all ``succeeded``, each with exactly one version
  (nothing lost, nothing written twice), and how long the batch took.

Writes ``bench/results/api.json``. Usage: ``python bench/api.py [--workers 3] [--duration 10]``.
Loopback only; every process started here is stopped here.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests
from machine_speed import reference_ms

from shortstory.pipeline import catalog

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULT_PATH = BENCH_DIR / "results" / "api.json"
BIN = Path(sys.executable).parent
ADMIN_URLS = ("postgresql://postgres@127.0.0.1:5432/test", "postgresql://root@127.0.0.1:5432/test")

# The catalog's lighthouse template (mystery, first person, 1,500 words, procedural writer).
STORY: dict[str, Any] = catalog.template("lamp-lit-by-another").request.model_dump(
    mode="json", exclude_none=True
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@contextmanager
def private_database() -> Iterator[str]:
    """A fresh database on the local PostgreSQL, migrated to head; dropped afterwards."""
    from shortstory.storage.migrate import upgrade
    from shortstory.storage.scratch import first_reachable, scratch_database

    explicit = os.environ.get("TEST_DATABASE_URL")
    server_url = first_reachable([explicit] if explicit else ADMIN_URLS)
    if server_url is None:
        raise SystemExit("PostgreSQL is not reachable (set TEST_DATABASE_URL)")
    with scratch_database(server_url, "shortstory_bench") as url:
        upgrade(url)
        yield url


def make_key(url: str) -> str:
    from shortstory.config import load_settings
    from shortstory.storage.session import Database
    from shortstory.storage.users import UserRepository

    database = Database.from_settings(load_settings({"environment": "test", "database_url": url}))
    with database.session_scope() as session:
        _, key = UserRepository(session).create_user_with_key(f"bench-{secrets.token_hex(3)}")
    database.engine.dispose()
    return key


@contextmanager
def gunicorn(database_url: str, workers: int, log_dir: Path, threads: int = 4,
             extra_env: dict[str, str] | None = None) -> Iterator[str]:
    """Gunicorn with the project's config on a free port, production mode, quotas raised.

    Jobs run in-process unless ``extra_env`` says otherwise (production with ``REDIS_URL``
    would pick Celery, and nothing here starts a worker).
    """
    port = free_port()
    env = {name: os.environ[name] for name in ("HOME", "LANG", "TMPDIR") if name in os.environ}
    env.update({
        "PATH": os.pathsep.join([str(BIN), os.environ.get("PATH", "/usr/bin:/bin")]),
        "SHORTSTORY_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": database_url, "HOST": "127.0.0.1", "PORT": str(port),
        "WEB_CONCURRENCY": str(workers), "GUNICORN_THREADS": str(threads), "LOG_LEVEL": "WARNING",
        "RATELIMIT_DEFAULT": "10000000 per day;10000000 per hour",
        "RATELIMIT_GENERATION": "1000000 per minute", "RATELIMIT_REVISION": "1000000 per hour",
        "RATELIMIT_OTHER": "10000000 per hour", "JOB_WORKERS": "2", "JOB_QUEUE_SIZE": "64",
        "JOB_BACKEND": "inprocess",
    })
    redis_url = shared_redis()
    if redis_url:
        # Production-like: limits counted in Redis, under a prefix of this run's own.
        env.update({"REDIS_URL": redis_url,
                    "RATELIMIT_KEY_PREFIX": f"bench-{secrets.token_hex(4)}"})
    env.update(extra_env or {})
    log = (log_dir / "gunicorn.log").open("wb")
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn_config.py"), "shortstory.wsgi:app"],
        env=env, cwd=log_dir, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(f"{base}/health/live", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit((log_dir / "gunicorn.log").read_text()[-3000:])
            time.sleep(0.2)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def shared_redis() -> str | None:
    """The local Redis URL if one answers (``TEST_REDIS_URL``, default 127.0.0.1:6379)."""
    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return None
    return url


def wait_succeeded(session: requests.Session, base: str, story_id: str,
                   timeout: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        story = session.get(f"{base}/api/v1/stories/{story_id}", timeout=30).json()
        if story["status"] in ("succeeded", "failed") or time.monotonic() > deadline:
            return story  # type: ignore[no-any-return]
        time.sleep(0.01)


def creation_latency(base: str, headers: dict[str, str], runs: int) -> dict[str, Any]:
    """POST a 1,500-word story and time until GET shows it succeeded; ``runs`` times."""
    session = requests.Session()
    session.headers.update(headers)
    times = []
    for seed in range(runs):
        started = time.monotonic()
        created = session.post(f"{base}/api/v1/stories", json={**STORY, "seed": seed},
                               timeout=30).json()
        story = wait_succeeded(session, base, created["story"]["id"])
        times.append(time.monotonic() - started)
        assert story["status"] == "succeeded", story
    return {"runs": runs, "p50_s": round(statistics.median(times), 3),
            "max_s": round(max(times), 3), "target_words": STORY["target_words"]}


def concurrent_creations(base: str, headers: dict[str, str], count: int) -> dict[str, Any]:
    """``count`` creations at once; all must succeed, each with exactly one version."""
    barrier = threading.Barrier(count)
    answers: list[tuple[int, str | None]] = []
    lock = threading.Lock()

    def create(seed: int) -> None:
        barrier.wait()
        response = requests.post(f"{base}/api/v1/stories", json={**STORY, "seed": 1000 + seed,
                                                                  "target_words": 500},
                                 headers=headers, timeout=60)
        story_id = response.json()["story"]["id"] if response.status_code == 202 else None
        with lock:
            answers.append((response.status_code, story_id))

    started = time.monotonic()
    threads = [threading.Thread(target=create, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    session = requests.Session()
    session.headers.update(headers)
    statuses = {}
    versions_ok = 0
    for _, story_id in answers:
        if story_id is None:
            continue
        story = wait_succeeded(session, base, story_id)
        statuses[story_id] = story["status"]
        items = session.get(f"{base}/api/v1/stories/{story_id}/versions", timeout=30).json()
        versions_ok += len(items["items"]) == 1
    elapsed = time.monotonic() - started
    return {
        "requested": count,
        "accepted_202": sum(status == 202 for status, _ in answers),
        "succeeded": sum(s == "succeeded" for s in statuses.values()),
        "with_exactly_one_version": versions_ok,
        "all_succeeded_nothing_lost": (len(statuses) == count and versions_ok == count
                                       and all(s == "succeeded" for s in statuses.values())),
        "batch_seconds": round(elapsed, 2),
    }


def load_get(base: str, key: str, story_id: str, duration: int) -> dict[str, Any]:
    url = f"{base}/api/v1/stories/{story_id}"
    wrk = shutil.which("wrk")
    if wrk:
        out = subprocess.run(
            [wrk, "-t2", "-c16", f"-d{duration}s", "--latency", "-H",
             f"Authorization: Bearer {key}", url],
            capture_output=True, text=True, timeout=duration + 60, check=True).stdout
        rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
        non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)

        def latency(label: str) -> float:
            match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE)
            assert match, out
            value, unit = float(match.group(1)), match.group(2)
            return round(value / 1000 if unit == "us" else value * 1000 if unit == "s" else value,
                         2)

        return {"tool": "wrk -t2 -c16", "requests_per_second": rate,
                "latency_p50_ms": latency("50"), "latency_p99_ms": latency("99"),
                "non_2xx": int(non_2xx.group(1)) if non_2xx else 0, "duration_s": duration}
    latencies: list[float] = []
    stop_at = time.monotonic() + duration

    def worker() -> None:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {key}"
        while time.monotonic() < stop_at:
            began = time.perf_counter()
            session.get(url, timeout=30)
            latencies.append((time.perf_counter() - began) * 1000)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"tool": "python threads x8", "requests_per_second": round(len(latencies) / duration, 1),
            "latency_p50_ms": round(percentile(latencies, 0.5), 2),
            "latency_p99_ms": round(percentile(latencies, 0.99), 2), "duration_s": duration}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--concurrent", type=int, default=50)
    args = parser.parse_args()
    with private_database() as url, tempfile.TemporaryDirectory() as tmp:
        key = make_key(url)
        headers = {"Authorization": f"Bearer {key}"}
        with gunicorn(url, args.workers, Path(tmp)) as base:
            # Warm every worker (imports, catalog, first connections) before measuring.
            for seed in range(args.workers * 2):
                created = requests.post(f"{base}/api/v1/stories",
                                        json={**STORY, "seed": 500 + seed},
                                        headers=headers, timeout=60).json()
                session = requests.Session()
                session.headers.update(headers)
                story_id = created["story"]["id"]
                wait_succeeded(session, base, story_id)
            creation = creation_latency(base, headers, args.runs)
            get = load_get(base, key, story_id, args.duration)
            batch = concurrent_creations(base, headers, args.concurrent)
    result = {
        "benchmark": "stories API on PostgreSQL under Gunicorn",
        "rate_limit_storage": "redis" if shared_redis() else "memory",
        "load_average_1m": round(os.getloadavg()[0], 2),
        "gunicorn_workers": args.workers, "threads_per_worker": 4,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "reference_ms": reference_ms()},
        "get_story": get, "create_to_succeeded_1500_words": creation,
        "concurrent_creations": batch,
    }
    RESULT_PATH.parent.mkdir(parents=True, exist_ok=True)
    RESULT_PATH.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    if not batch["all_succeeded_nothing_lost"]:
        raise SystemExit("concurrent creations: not every story succeeded exactly once")


if __name__ == "__main__":
    main()
