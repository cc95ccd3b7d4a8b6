"""Real ``shortstory worker`` processes for the Celery tests, and the broker keys they leave.

Each worker runs in a session (process group) of its own, so :meth:`Worker.kill` takes its pool
down with it, as when a machine dies. A worker is ready once its heartbeat key is in Redis (it is
written from Celery's ``worker_ready``). Test modules import from here, never from ``conftest``.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import redis
from live_server import ServerStartError, child_environment
from support.fault_llm import FaultLLMServer

SHORTSTORY = str(Path(sys.executable).parent / "shortstory")
STORY: dict[str, Any] = {
    "premise": {
        "idea": "A lighthouse keeper finds the lamp lit every night by someone else.",
        "character": {"name": "Maren Holt", "pronouns": "she/her"},
        "theme": "what we owe to strangers",
    },
    "genre": "mystery",
    "target_words": 150,
    "writer": "procedural",
}

SLOW_STORY: dict[str, Any] = {**STORY, "writer": "slow", "target_words": 300}
"""Written by the fault-injecting model server of ``slow_llm``: a few seconds, streamed."""


def slow_writer_env(server: FaultLLMServer) -> dict[str, str]:
    """Settings that name ``server`` the writer ``slow`` (no retries: faults show at once)."""
    writers = {"slow": {"base_url": server.base_url, "model": "fault-llm-1"}}
    return {"WRITERS": json.dumps(writers), "WRITER_RETRIES": "0"}


def heartbeat_key(prefix: str, hostname: str) -> str:
    """The key a worker's heartbeat lives in (see ``shortstory.jobs.heartbeats``)."""
    return f"shortstory:{prefix}worker-heartbeat:{hostname}"


@dataclass
class Worker:
    """A running ``shortstory worker``: its name, process and output file."""

    hostname: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        """Everything the worker wrote so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def tasks_succeeded(self) -> int:
        """How many task runs the worker's log reports as finished."""
        return self.log().count("succeeded in")

    def kill(self) -> None:
        """SIGKILL the worker and its pool, all at once; reaped."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self, timeout: float = 20.0) -> int | None:
        """Warm shutdown (SIGTERM); the whole group is killed if it is still there after
        ``timeout``. Returns the worker's exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)  # an orphaned pool child, if any
        return self.process.returncode


def launch_worker(env: Mapping[str, str], workdir: Path, hostname: str, *,
                  concurrency: int = 2, pool: str = "prefork") -> Worker:
    """Start ``shortstory worker`` (not yet waited for: see :func:`wait_ready`)."""
    workdir.mkdir(parents=True, exist_ok=True)
    log_path = workdir / f"{hostname.split('@')[0]}.log"
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            [SHORTSTORY, "worker", "--concurrency", str(concurrency), "--pool", pool,
             "--hostname", hostname],
            cwd=workdir, env=child_environment(env), stdout=log_file, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Worker(hostname, process, log_path)


def wait_ready(worker: Worker, redis_url: str, prefix: str, timeout: float = 60.0) -> None:
    """Until the worker's heartbeat is in Redis.

    :raises ServerStartError: the worker exited or did not beat in time (with its log).
    """
    client = redis.Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=2)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if worker.process.poll() is not None:
                raise ServerStartError(f"worker exited with {worker.process.returncode}:\n"
                                       f"{worker.log()[-4000:]}")
            if client.exists(heartbeat_key(prefix, worker.hostname)):
                return
            time.sleep(0.1)
    finally:
        client.close()
    raise ServerStartError(f"worker not ready in {timeout}s:\n{worker.log()[-4000:]}")


def forget_broker_keys(redis_url: str, prefix: str) -> None:
    """Delete what this run left in the shared Redis: its queues, bindings and heartbeats, and the
    unacknowledged messages of its killed workers (kombu keeps those in one shared hash)."""
    client = redis.Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=2)
    try:
        keys = list(client.scan_iter(match=f"*{prefix}*", count=500))
        if keys:
            client.delete(*keys)
        # A killed worker stays bound to Celery's shared remote-control exchange.
        for key in list(client.scan_iter(match="_kombu.binding.*pidbox", _type="set")):
            ours = [member for member in client.smembers(key) if prefix.encode() in member]
            if ours:
                client.srem(key, *ours)
        for tag, raw in client.hscan_iter("unacked"):
            with contextlib.suppress(ValueError, TypeError, IndexError):
                routing_key = json.loads(raw)[2]
                if str(routing_key).startswith(prefix):
                    client.hdel("unacked", tag)
                    client.zrem("unacked_index", tag)
    finally:
        client.close()
