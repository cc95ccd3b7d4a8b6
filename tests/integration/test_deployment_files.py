"""The deployment files say what the code does: settings, pins, process types, Gunicorn values."""

from __future__ import annotations

import multiprocessing
import os
import runpy
import subprocess
import sys
from collections.abc import Callable

import pytest
import requests
from dotenv import dotenv_values
from live_server import GUNICORN_CONFIG, REPO_ROOT, GunicornServer

from shortstory.config import SETTINGS_TABLE, load_settings

GUNICORN_VARIABLES = (
    "PORT", "HOST", "WEB_CONCURRENCY", "GUNICORN_THREADS", "GUNICORN_TIMEOUT",
    "GUNICORN_GRACEFUL_TIMEOUT", "GUNICORN_KEEPALIVE", "FORWARDED_ALLOW_IPS", "SSL_CERTFILE",
    "SSL_KEYFILE", "GUNICORN_ACCESS_LOG", "GUNICORN_CONTROL_SOCKET",
)  # fmt: skip


def env_example() -> dict[str, str]:
    values = dotenv_values(REPO_ROOT / "env.example")
    return {k: v for k, v in values.items() if v is not None}


def test_env_example_lists_every_setting_and_every_gunicorn_variable() -> None:
    listed = set(env_example())
    primary = {row.env[0] for row in SETTINGS_TABLE}
    assert primary - listed == set()
    assert set(GUNICORN_VARIABLES) - listed == set()


def test_env_example_is_a_valid_production_configuration() -> None:
    settings = load_settings(environ=env_example(), dotenv_path=None)
    assert settings.is_production


@pytest.mark.parametrize("removed", ["SECRET_KEY", "DATABASE_URL"])
def test_production_without_a_required_setting_is_refused(removed: str) -> None:
    from shortstory.config import ConfigError

    values = {k: v for k, v in env_example().items() if k != removed}
    with pytest.raises(ConfigError) as raised:
        load_settings(environ=values, dotenv_path=None)
    assert removed in str(raised.value.problems)


def test_requirements_files_pin_the_whole_runtime_set() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "deploy" / "pin_requirements.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = (REPO_ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    pins = [line for line in lines if line and not line.startswith("#")]
    assert pins and all("==" in line for line in pins)
    assert any(line.startswith("gunicorn==") for line in pins)


def test_procfile_declares_release_web_and_worker() -> None:
    lines = (REPO_ROOT / "Procfile").read_text(encoding="utf-8").splitlines()
    processes = dict(
        line.split(":", 1) for line in lines if line.strip() and not line.startswith("#")
    )
    assert processes["release"].strip() == "shortstory db upgrade"
    assert processes["web"].strip() == "gunicorn -c gunicorn_config.py shortstory.wsgi:app"
    assert "worker" in processes


def load_gunicorn_config(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict:
    for name in (*GUNICORN_VARIABLES, "SHORTSTORY_ENV", "FLASK_ENV", "GUNICORN_PRELOAD"):
        monkeypatch.delenv(name, raising=False)
    # The config sets PROMETHEUS_MULTIPROC_DIR for its workers; setenv first makes monkeypatch
    # remove it again afterwards, so it cannot leak into the tests that follow.
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", "unset-after-the-test")
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(GUNICORN_CONFIG))


def test_gunicorn_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_gunicorn_config(monkeypatch)
    assert os.environ["PROMETHEUS_MULTIPROC_DIR"] == config["_OWN_METRICS_DIR"]
    assert f"shortstory-metrics-{os.getpid()}" in config["_OWN_METRICS_DIR"]
    assert config["bind"] == "127.0.0.1:8000"
    assert config["workers"] == multiprocessing.cpu_count() * 2 + 1
    assert config["worker_class"] == "gthread"
    assert (config["threads"], config["timeout"], config["graceful_timeout"]) == (4, 60, 30)
    assert config["keepalive"] == 5
    assert config["forwarded_allow_ips"] == "127.0.0.1"
    assert config["accesslog"] is None
    assert "certfile" not in config


def test_gunicorn_reads_its_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_gunicorn_config(
        monkeypatch,
        SHORTSTORY_ENV="production",
        PORT="5123",
        WEB_CONCURRENCY="7",
        GUNICORN_THREADS="2",
        GUNICORN_TIMEOUT="90",
        GUNICORN_ACCESS_LOG="true",
        SSL_CERTFILE="/etc/cert.pem",
        SSL_KEYFILE="/etc/key.pem",
    )
    assert config["bind"] == "0.0.0.0:5123"
    assert (config["workers"], config["threads"], config["timeout"]) == (7, 2, 90)
    assert config["accesslog"] == "-"
    assert (config["certfile"], config["keyfile"]) == ("/etc/cert.pem", "/etc/key.pem")


def test_gunicorn_refuses_a_malformed_number(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SystemExit, match="WEB_CONCURRENCY"):
        load_gunicorn_config(monkeypatch, WEB_CONCURRENCY="lots")


def test_a_preloaded_app_serves_from_every_worker(
    gunicorn: Callable[..., GunicornServer], production_env: dict[str, str]
) -> None:
    server = gunicorn({**production_env, "GUNICORN_PRELOAD": "true"}, workers=2)
    statuses = {
        requests.get(f"{server.base_url}/health/ready", timeout=10, headers={"Connection": "close"})
        .status_code
        for _ in range(12)
    }
    assert statuses == {200}
    assert server.stop() == 0
    assert "Traceback" not in server.log()
