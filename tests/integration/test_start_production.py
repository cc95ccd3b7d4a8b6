"""``start_production.sh``: refuse a bad configuration readably; otherwise migrate and serve."""

from __future__ import annotations

import subprocess
from pathlib import Path

import requests
from live_server import REPO_ROOT, child_environment, start_gunicorn

SCRIPT = REPO_ROOT / "start_production.sh"


def run_script(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT)],
        env=child_environment({"PORT": "1", **env}),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_secret_key_stops_the_start_with_a_readable_message(
    production_env: dict[str, str], tmp_path: Path
) -> None:
    env = {k: v for k, v in production_env.items() if k != "SECRET_KEY"}
    result = run_script(env, tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "Traceback" not in output
    assert "Booting worker" not in output, "gunicorn must not start on an invalid configuration"


def test_several_problems_are_listed_together(tmp_path: Path) -> None:
    env = {"SHORTSTORY_ENV": "production", "SECRET_KEY": "short", "DEBUG": "true"}
    result = run_script(env, tmp_path)
    assert result.returncode != 0
    for setting in ("SECRET_KEY", "DEBUG", "DATABASE_URL"):
        assert setting in result.stderr, result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_a_valid_configuration_migrates_serves_and_stops_cleanly(
    production_env: dict[str, str], tmp_path: Path
) -> None:
    server = start_gunicorn(
        production_env, tmp_path / "server.log", command=[str(SCRIPT)], ready_path="/health/ready"
    )
    try:
        assert requests.get(f"{server.base_url}/health/ready", timeout=10).status_code == 200
    finally:
        exit_code = server.stop()
    assert exit_code == 0, server.log()[-3000:]
