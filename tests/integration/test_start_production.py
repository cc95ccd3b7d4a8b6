"""``start_production.sh``: refuse a bad configuration readably; otherwise migrate and serve."""

from __future__ import annotations

import subprocess
from pathlib import Path

import requests
from live_server import REPO_ROOT, child_environment, free_port, start_gunicorn

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


def _closed_port_database() -> str:
    return f"postgresql://app:pw-not-shown@127.0.0.1:{free_port()}/shortstory"


def test_a_lost_database_is_503_with_retry_after_and_the_catalog_still_answers(
    production_env: dict[str, str], tmp_path: Path
) -> None:
    env = {**production_env, "DATABASE_URL": _closed_port_database(), "SKIP_MIGRATIONS": "1",
           "JOB_BACKEND": "inprocess"}
    server = start_gunicorn(env, tmp_path / "server.log", command=[str(SCRIPT)])
    api = f"{server.base_url}/api/v1"
    key = {"Authorization": "Bearer some-key-nobody-can-check"}
    try:
        for method, path in (("POST", "/stories"), ("GET", "/stories"), ("GET", "/writers")):
            response = requests.request(method, api + path, headers=key, timeout=30,
                                        json={"premise": {"idea": "A lamp."}, "genre": "mystery"})
            assert response.status_code == 503, (path, response.text)
            body = response.json()
            assert body["error_code"] == "SERVICE_UNAVAILABLE" and body["error_id"], body
            assert body["details"] == {"dependency": "database"}
            assert response.headers["Retry-After"] == "5"
            assert "pw-not-shown" not in response.text
        for path in ("/genres", "/structures", "/templates"):
            response = requests.get(api + path, timeout=30)
            assert response.status_code == 200, (path, response.text)
            assert response.json()["items"]
        assert requests.get(f"{server.base_url}/health/ready", timeout=30).status_code == 503
    finally:
        server.stop()


def test_an_unreachable_database_stops_the_start_with_one_readable_line(
    production_env: dict[str, str], tmp_path: Path
) -> None:
    url = _closed_port_database()
    result = run_script({**production_env, "DATABASE_URL": url}, tmp_path)
    port = url.rsplit(":", 1)[1].split("/")[0]
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"error: cannot reach the database at 127.0.0.1:{port} ")
    assert "check that PostgreSQL is running" in lines[0] and "DATABASE_URL" in lines[0]
    assert "pw-not-shown" not in result.stderr
