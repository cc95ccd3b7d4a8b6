"""API overhead: requests/s of the product's rate-limited JSON GET against bare Flask.

Both apps run under the same Gunicorn settings (the project's ``gunicorn_config.py``: gthread,
``WEB_CONCURRENCY`` workers x ``GUNICORN_THREADS``) on free loopback ports; the load alternates
between them in rounds (every other round in reverse order), and the ratio is the median of the
per-round ratios, so a machine whose load changes during the run (a shared CI box) still compares
like with like.
The product runs in production mode with every middleware on: request id and timing, one JSON
access-log line per request, Bearer-key authentication against PostgreSQL, the rate limiter
counting in Redis (a private ``redis-server``), security headers. The load generator is ``wrk``
(Debian package; ``make bench`` installs it) or, without it, a small Python one.

Prints both rates and their ratio and writes ``bench/results/api_overhead.json``.
A breakdown measures three more targets: the frame alone (``/health/live``), the frame with
authentication but no limiter, and the frame with authentication and the limiter counting in
process memory instead of Redis.
Usage: ``python bench/api_overhead.py [--rounds 3] [--duration 5] [--no-breakdown]``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
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
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULT_PATH = BENCH_DIR / "results" / "api_overhead.json"
BIN = Path(sys.executable).parent
DATABASE_ROLES = ("postgres", "root")
AIM = 0.35
"""Issue 17's aim for the rate-limited route with Redis storage, as a share of bare Flask."""

sys.path.insert(0, str(BENCH_DIR))
from machine_speed import reference_ms  # noqa: E402
from overhead_apps import PATH  # noqa: E402


@dataclass
class LoadResult:
    """What one load run measured."""

    requests_per_second: float
    requests: int
    non_2xx: int
    latency_p50_ms: float | None
    latency_p99_ms: float | None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def child_env(extra: dict[str, str]) -> dict[str, str]:
    keep = ("HOME", "LANG", "LC_ALL", "TMPDIR")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    env["PATH"] = os.pathsep.join([str(BIN), os.environ.get("PATH", "/usr/bin:/bin")])
    env.update(extra)
    return env


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_http(port: int, path: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited ({process.returncode}):\n{log.read_text()[-3000:]}")
        try:
            status, _, _ = fetch(port, path)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"server did not answer {path}:\n{log.read_text()[-3000:]}")


def fetch(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def shortstory(args: list[str], env: dict[str, str], cwd: Path) -> str:
    result = subprocess.run(
        [str(BIN / "shortstory"), *args], env=child_env(env), cwd=cwd,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    if result.returncode != 0:
        raise SystemExit(f"shortstory {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


@contextmanager
def bench_database(workdir: Path) -> Iterator[tuple[str, str]]:
    """A migrated throw-away database and an API key in it; dropped afterwards."""
    from shortstory.storage.scratch import first_reachable, scratch_database

    explicit = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    candidates = [explicit] if explicit else [
        f"postgresql://{role}@127.0.0.1:5432/test" for role in DATABASE_ROLES
    ]
    server_url = first_reachable(candidates)
    if server_url is None:
        raise SystemExit(f"no PostgreSQL reachable at {candidates} (set BENCH_DATABASE_URL)")
    with scratch_database(server_url, "shortstory_bench") as url:
        shortstory(["db", "upgrade"], {"DATABASE_URL": url}, workdir)
        output = shortstory(["users", "create", "bench"], {"DATABASE_URL": url}, workdir)
        yield url, max((token.strip("'\"`") for token in output.split()), key=len)


@contextmanager
def private_redis(workdir: Path) -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("redis-server is not installed (make bench / make test install it)")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(workdir), "--logfile", str(workdir / "redis.log")],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("private redis-server did not start") from None
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(process)


@contextmanager
def gunicorn(app: str, env: dict[str, str], log: Path) -> Iterator[int]:
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn_config.py"),
               "--pythonpath", str(BENCH_DIR), app]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=log.parent, env=child_env({**env, "HOST": "127.0.0.1", "PORT": str(port)}),
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        wait_http(port, "/health/live", process, log)
        yield port
    finally:
        stop(process)


def run_wrk(
    url: str, headers: dict[str, str], seconds: float, conns: int, threads: int
) -> LoadResult:
    # wrk takes whole seconds only.
    command = ["wrk", f"-t{threads}", f"-c{conns}", f"-d{max(1, round(seconds))}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=seconds + 30
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return LoadResult(
        requests_per_second=round(rate, 1),
        requests=total,
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        latency_p50_ms=_wrk_percentile(output, "50%"),
        latency_p99_ms=_wrk_percentile(output, "99%"),
    )


def _wrk_percentile(output: str, label: str) -> float | None:
    found = re.search(rf"^\s*{re.escape(label)}\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
    if not found:
        return None
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[found.group(2)]
    return round(float(found.group(1)) * scale, 3)


def run_python_load(
    port: int, path: str, headers: dict[str, str], seconds: float, conns: int
) -> LoadResult:
    """Keep-alive GETs from ``conns`` threads; the GIL makes it a weaker load than wrk."""
    counts = {"ok": 0, "bad": 0}
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        ok = bad = 0
        mine: list[float] = []
        while time.monotonic() < deadline:
            started = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            mine.append((time.perf_counter() - started) * 1000)
            ok, bad = (ok + 1, bad) if response.status < 300 else (ok, bad + 1)
        connection.close()
        with lock:
            counts["ok"] += ok
            counts["bad"] += bad
            latencies.extend(mine)

    workers = [threading.Thread(target=client) for _ in range(conns)]
    started = time.monotonic()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    total = counts["ok"] + counts["bad"]

    def pct(q: float) -> float | None:
        return round(latencies[int(q * (len(latencies) - 1))], 3) if latencies else None

    return LoadResult(round(total / elapsed, 1), total, counts["bad"], pct(0.5), pct(0.99))


def measure(port: int, path: str, headers: dict[str, str], seconds: float,
            args: argparse.Namespace) -> LoadResult:
    """Load ``path`` for ``seconds`` with wrk, or with the Python generator without it."""
    if shutil.which("wrk"):
        url = f"http://127.0.0.1:{port}{path}"
        return run_wrk(url, headers, seconds, args.connections, args.threads)
    return run_python_load(port, path, headers, seconds, args.connections)


@dataclass
class Target:
    """One thing measured: a server (by its port), a path and the request headers."""

    name: str
    port: int
    path: str
    headers: dict[str, str]
    runs: list[LoadResult]

    def median_rps(self) -> float:
        return statistics.median(run.requests_per_second for run in self.runs)


def check_service(port: int, headers: dict[str, str]) -> None:
    """The measured route really runs the whole frame: limited, authenticated, with request id."""
    status, response_headers, body = fetch(port, PATH, headers)
    wanted = ("X-RateLimit-Limit", "X-Request-ID", "X-Process-Time", "X-Content-Type-Options")
    missing = [name for name in wanted if name not in response_headers]
    if status != 200 or missing:
        raise SystemExit(f"service check failed: {status} {body[:300]!r}, missing {missing}")
    status, _, _ = fetch(port, PATH)
    if status != 401:
        raise SystemExit(f"service check failed: no key must give 401, got {status}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds; each measures every target once, in turn")  # fmt: skip
    parser.add_argument("--duration", type=float, default=5.0,
                        help="seconds per target per round")  # fmt: skip
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of warm-up per target")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="load-generator threads")
    parser.add_argument("--workers", type=int, default=multiprocessing.cpu_count() * 2 + 1)
    parser.add_argument("--gunicorn-threads", type=int, default=4)
    parser.add_argument("--output", type=Path, default=RESULT_PATH)
    parser.add_argument("--no-breakdown", action="store_true",
                        help="measure only the product route and bare Flask")  # fmt: skip
    args = parser.parse_args(argv)

    server_settings = {
        "WEB_CONCURRENCY": str(args.workers),
        "GUNICORN_THREADS": str(args.gunicorn_threads),
    }
    load_before = os.getloadavg()[0]
    reference = reference_ms()
    with tempfile.TemporaryDirectory(prefix="api-overhead-") as tmp, ExitStack() as stack:
        workdir = Path(tmp)
        database_url, key = stack.enter_context(bench_database(workdir))
        redis_url = stack.enter_context(private_redis(workdir))
        service_env = {
            **server_settings,
            "SHORTSTORY_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            # High enough never to reject here, with the production defaults' shape (two global
            # windows and the route's own): the limiter counts three windows per request.
            "RATELIMIT_DEFAULT": "100000000 per day;100000000 per hour",
            "RATELIMIT_OTHER": "100000000 per hour",
        }
        headers = {"Authorization": f"Bearer {key}"}
        service_spec = "overhead_apps:service_app()"

        def serve(spec: str, env: dict[str, str], name: str) -> int:
            return stack.enter_context(gunicorn(spec, env, workdir / f"{name}.log"))

        # Every server runs for the whole benchmark (an idle one costs nothing) and the rounds
        # alternate between them, so a change in the machine's load hits all targets alike.
        service_port = serve(service_spec, service_env, "service")
        check_service(service_port, headers)
        bare_port = serve("overhead_apps:bare_app()", server_settings, "bare")
        targets = [
            Target("service", service_port, PATH, headers, []),
            Target("bare_flask", bare_port, PATH, {}, []),
        ]
        if not args.no_breakdown:
            # Request id, timing, access log, security headers; no auth, limiter or database.
            targets.append(Target("frame_only_health_live", service_port, "/health/live", {}, []))
            unlimited = serve(service_spec, {**service_env, "RATELIMIT_ENABLED": "false"}, "nolim")
            targets.append(Target("frame_and_auth_no_limiter", unlimited, PATH, headers, []))
            # The same limits counted in process memory: Flask-Limiter's own work, no Redis.
            in_memory = {k: v for k, v in service_env.items() if k != "REDIS_URL"}
            memory_port = serve(service_spec, in_memory, "memory")
            targets.append(Target("frame_auth_limiter_in_memory", memory_port, PATH, headers, []))

        for target in targets:
            measure(target.port, target.path, target.headers, args.warmup, args)
        for index in range(args.rounds):
            # Every other round runs the targets in reverse order, so that a steady change in
            # the machine's load favours none of them.
            for target in targets if index % 2 == 0 else targets[::-1]:
                target.runs.append(
                    measure(target.port, target.path, target.headers, args.duration, args)
                )

    service, bare = targets[0], targets[1]
    by_name = {target.name: target for target in targets}
    limiter_ms = limiter_cost_ms(by_name)
    round_ratios = [s.requests_per_second / b.requests_per_second
                    for s, b in zip(service.runs, bare.runs, strict=True)]  # fmt: skip
    ratio = round(statistics.median(round_ratios), 3)
    bare_median = bare.median_rps()
    result = {
        "benchmark": "api_overhead",
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {
            "cpus": multiprocessing.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            # Other work on the machine moves every rate; the ratios are what to compare.
            "load_average_1min_before": round(load_before, 2),
            "reference_ms": reference,
            "load_average_1min_after": round(os.getloadavg()[0], 2),
        },
        "route": f"GET {PATH} (global day + hour and per-route limits in Redis, Bearer key, "
                 "production mode)",
        "gunicorn": {"worker_class": "gthread", "workers": args.workers,
                     "threads": args.gunicorn_threads},
        "load": {"generator": "wrk" if shutil.which("wrk") else "python",
                 "connections": args.connections, "threads": args.threads,
                 "rounds": args.rounds, "duration_s_per_round": args.duration},
        "ratio": ratio,
        "ratio_per_round": [round(r, 3) for r in round_ratios],
        "aim": AIM,
        "meets_aim": ratio >= AIM,
        # What the limiter adds to each request, from the service's throughput with and without
        # it (1/rate with minus 1/rate without, in ms of the whole server's time per request).
        "limiter_ms_per_request": limiter_ms,
        "targets": {
            target.name: {
                "median_requests_per_second": target.median_rps(),
                "ratio_to_bare_median": round(target.median_rps() / bare_median, 3),
                "runs": [asdict(run) for run in target.runs],
            }
            for target in targets
        },
    }  # fmt: skip
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    for target in targets:
        rates = ", ".join(f"{run.requests_per_second:.0f}" for run in target.runs)
        print(f"{target.name:30s} median {target.median_rps():8.1f} req/s "
              f"({target.median_rps() / bare_median:.3f} of bare)  rounds: {rates}")  # fmt: skip
    for storage, cost in limiter_ms.items():
        print(f"the limiter's cost per request ({storage}): {cost:.3f} ms")
    print(f"ratio service/bare (median of per-round ratios) {ratio:.3f} (aim >= {AIM}); "
          f"written to {args.output}")  # fmt: skip
    if any(run.non_2xx for target in targets for run in target.runs):
        print("error: some responses were not 2xx; the numbers are not comparable", file=sys.stderr)
        return 1
    return 0


def limiter_cost_ms(targets: dict[str, Target]) -> dict[str, float]:
    """Milliseconds the limiter adds per request: ``1000/rate`` of the service with the limiter
    (in Redis, in memory) minus that of the same service without it (breakdown runs only)."""
    without = targets.get("frame_and_auth_no_limiter")
    if without is None:
        return {}
    costs = {}
    for storage, name in (("redis", "service"), ("memory", "frame_auth_limiter_in_memory")):
        with_limiter = targets.get(name)
        if with_limiter is not None:
            per_request = 1000 / with_limiter.median_rps() - 1000 / without.median_rps()
            costs[storage] = round(per_request, 3)
    return costs


if __name__ == "__main__":
    sys.exit(main())
