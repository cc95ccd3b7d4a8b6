"""The rate limiter's cost per request, in CPU milliseconds of the process serving it.

``api_overhead.py`` measures throughput under Gunicorn, which moves with everything else the
machine runs. This measures what the limiter itself spends: the product app (development mode,
SQLite, the production defaults' three windows) answers a JSON GET through Flask's test client in
a fresh process per mode, and the process's CPU time per request is compared with the limiter
off — in memory, in Redis counting each window in its own round trip (Flask-Limiter's way), and
in Redis counting them all in one (ours). Another process's load slows the wall clock, much less
a process's own CPU time, so the figures hold on a shared machine.

Prints the medians and writes ``bench/results/limiter_cost.json``.
Usage: ``python bench/limiter_cost.py [--rounds 3] [--requests 3000] [--redis-url URL]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
RESULT_PATH = BENCH_DIR / "results" / "limiter_cost.json"
MODES = ("off", "memory", "redis_round_trip_per_window", "redis_one_round_trip")
PATH = "/api/v1/bench/ping"

# Run in a child process per measurement: one app per process (the limiter is process-wide).
CHILD = """
import json, sys, time, statistics
from flask import Blueprint, jsonify
mode, database_url, redis_url, requests, prefix = sys.argv[1:6]
if mode == "redis_round_trip_per_window":
    from shortstory.rate_limits import BatchingLimiter
    del BatchingLimiter._Limiter__evaluate_limits  # Flask-Limiter's own: one hit at a time
from shortstory.app import create_app
settings = {"environment": "development", "log_level": "WARNING", "database_url": database_url,
            "ratelimit_enabled": mode != "off", "ratelimit_key_prefix": prefix,
            "ratelimit_default": "100000000 per day;100000000 per hour",
            "ratelimit_other": "100000000 per hour"}
if mode.startswith("redis"):
    settings["redis_url"] = redis_url
app = create_app(settings)
blueprint = Blueprint("bench", __name__)
blueprint.add_url_rule("%(path)s", "ping", lambda: jsonify(ok=True))
app.register_blueprint(blueprint)
client = app.test_client()
for _ in range(300):
    client.get("%(path)s")
samples = []
for _ in range(5):
    started = time.process_time()
    for _ in range(int(requests) // 5):
        response = client.get("%(path)s")
    samples.append((time.process_time() - started) / (int(requests) // 5) * 1000)
assert response.status_code == 200, response.data
print(json.dumps(statistics.median(samples)))
""".replace("%(path)s", PATH)


def measure(mode: str, database_url: str, redis_url: str, requests: int, prefix: str) -> float:
    """CPU ms per request of one fresh process in ``mode``."""
    result = subprocess.run([sys.executable, "-c", CHILD, mode, database_url, redis_url,
                             str(requests), prefix],
                            capture_output=True, text=True, timeout=600, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{result.stderr[-2000:]}")
    return float(json.loads(result.stdout.strip().splitlines()[-1]))


def forget(redis_url: str, prefix: str) -> None:
    """Delete the counters this run left in Redis."""
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        keys = list(client.scan_iter(match=f"*{prefix}*", count=500))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


def main(argv: list[str] | None = None) -> int:
    """Measure every mode ``--rounds`` times, alternating, and report medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL",
                                                              "redis://127.0.0.1:6379/0"))
    parser.add_argument("--output", type=Path, default=RESULT_PATH)
    args = parser.parse_args(argv)

    prefix = f"limiter-cost-{secrets.token_hex(4)}"
    runs: dict[str, list[float]] = {mode: [] for mode in MODES}
    with tempfile.TemporaryDirectory(prefix="limiter-cost-") as tmp:
        database_url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        subprocess.run([str(Path(sys.executable).parent / "shortstory"), "db", "upgrade"],
                       env={**os.environ, "DATABASE_URL": database_url, "SHORTSTORY_ENV":
                            "development"}, check=True, capture_output=True, timeout=120)
        try:
            for index in range(args.rounds):
                for mode in MODES if index % 2 == 0 else MODES[::-1]:
                    runs[mode].append(measure(mode, database_url, args.redis_url,
                                              args.requests, prefix))
        finally:
            forget(args.redis_url, prefix)

    medians = {mode: round(statistics.median(values), 4) for mode, values in runs.items()}
    cost = {mode: round(medians[mode] - medians["off"], 4) for mode in MODES if mode != "off"}
    result = {
        "benchmark": "limiter_cost",
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "load_average_1min": round(os.getloadavg()[0], 2)},
        "route": f"GET {PATH}, Flask test client, three windows (day, hour, the route's own)",
        "cpu_ms_per_request": medians,
        "limiter_cpu_ms_per_request": cost,
        "runs": {mode: [round(value, 4) for value in values] for mode, values in runs.items()},
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    for mode in MODES:
        extra = f"  (limiter {cost[mode]:.3f} ms)" if mode in cost else ""
        print(f"{mode:30s} {medians[mode]:.3f} CPU ms per request{extra}")
    print(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
