"""``shortstory worker`` refuses to start, in one line and with status 2, unless it can run jobs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from shortstory.config import SETTINGS_TABLE

SHORTSTORY = str(Path(sys.executable).parent / "shortstory")


def run_shortstory(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The real command in a clean environment (no settings leak in, no ``.env`` is read)."""
    settings_names = {name for row in SETTINGS_TABLE for name in row.env}
    base = {k: v for k, v in os.environ.items() if k not in settings_names}
    return subprocess.run([SHORTSTORY, *args], env={**base, **env}, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)


def run_worker(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run_shortstory(tmp_path, "worker", *args, **env)


@pytest.mark.parametrize(("env", "expected"), [
    ({}, "error: JOB_BACKEND: is 'inprocess'; the worker runs jobs only with JOB_BACKEND=celery"),
    ({"JOB_BACKEND": "celery"}, "error: invalid configuration: JOB_BACKEND=celery needs a "
                                "broker: set REDIS_URL or CELERY_BROKER_URL"),
    ({"JOB_BACKEND": "kafka", "REDIS_URL": "redis://127.0.0.1:6379/0"},
     "error: invalid configuration: JOB_BACKEND='kafka' must be one of inprocess, celery"),
], ids=["inprocess", "celery-without-broker", "unknown-backend"])
def test_the_worker_refuses_to_start_in_one_line(tmp_path: Path, env: dict[str, str],
                                                 expected: str) -> None:
    result = run_worker(tmp_path, **env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(expected)
    assert result.stdout == ""


def test_the_worker_refuses_an_unknown_queue(tmp_path: Path) -> None:
    result = run_worker(tmp_path, "--queues", "generate,export", JOB_BACKEND="celery",
                        REDIS_URL="redis://127.0.0.1:6379/0")
    assert result.returncode == 2
    assert result.stderr.strip() == "error: --queues: must name queues among generate, revise"


def test_the_web_app_refuses_celery_without_a_broker_with_a_readable_message(
        tmp_path: Path) -> None:
    result = run_shortstory(tmp_path, "check-config", JOB_BACKEND="celery")
    assert result.returncode == 2
    assert "JOB_BACKEND=celery needs a broker" in result.stderr
    assert "Traceback" not in result.stderr
