"""Production logging: LOG_LEVEL is obeyed, an uncaught error is logged exactly once with its
structured traceback and error_id, and every line of the run is one JSON object."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests
from frame_app import PREFIX
from live_server import run_shortstory


def records(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_log_level_decides_what_the_migration_step_says(
        production_env: dict[str, str], tmp_path: Path) -> None:
    quiet = run_shortstory(["db", "upgrade"], {**production_env, "LOG_LEVEL": "WARNING"},
                           tmp_path)
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stdout == "" and quiet.stderr == ""
    told = run_shortstory(["db", "upgrade"], {**production_env, "LOG_LEVEL": "INFO"}, tmp_path)
    assert told.returncode == 0, told.stderr
    (line,) = records(told.stdout)
    assert line["event"] == "database_up_to_date" and line["level"] == "info"
    assert line["logger"] == "shortstory.migrations" and line["timestamp"].endswith("Z")


def test_an_uncaught_error_is_logged_once_with_its_traceback_and_error_id(
        gunicorn: Callable[..., Any], production_env: dict[str, str], fresh_api_key: str) -> None:
    server = gunicorn(production_env, app="frame_app:build()", workers=2)
    response = requests.get(f"{server.base_url}{PREFIX}/crash",
                            headers={"Authorization": f"Bearer {fresh_api_key}"}, timeout=30)
    assert response.status_code == 500
    error_id = response.json()["error_id"]
    server.stop()
    lines = records(server.log())  # every line parses: the whole run is JSON
    errors = [r for r in lines if r.get("error_id") == error_id]
    assert len(errors) == 1, errors
    (error,) = errors
    assert error["event"] == "unhandled_exception" and error["level"] == "error"
    assert error["request_id"] == response.json()["request_id"]
    frames = error["exception"][0]
    assert frames["exc_type"] == "RuntimeError" and frames["frames"], frames
    assert sum("Traceback" in json.dumps(r) or "exception" in r for r in lines) == 1
