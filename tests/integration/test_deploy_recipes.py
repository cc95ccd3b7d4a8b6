"""The VM and container recipes, checked by the tools that judge them, offline.

systemd's own ``systemd-analyze verify`` on the two units (rendered onto this checkout, as the
nginx test renders the site), hadolint on the Dockerfile, the Compose specification's JSON schema
on compose.yaml — and the commands each recipe runs are the ones the rest of the suite runs:
``start_production.sh`` for the web, ``shortstory worker`` for jobs. No Docker engine runs here,
so the image itself is never built (DEPLOYMENT.md says so).
"""

from __future__ import annotations

import configparser
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
import yaml
from live_server import REPO_ROOT

DEPLOY = REPO_ROOT / "deploy"
UNITS = ("shortstory-web.service", "shortstory-worker.service")
INSTALL_ROOT = "/srv/shortstory/app"
COMPOSE_SCHEMA = REPO_ROOT / "tests" / "fixtures" / "compose-spec.schema.json"
GRACEFUL_TIMEOUT_S = 30  # gunicorn_config.py's default GUNICORN_GRACEFUL_TIMEOUT
JOB_HARD_TIME_LIMIT_S = 660  # the default JOB_HARD_TIME_LIMIT


def tool(name: str) -> str:
    found = shutil.which(name, path=f"{Path(sys.executable).parent}:/usr/bin:/bin:/usr/sbin")
    if found is None:
        pytest.fail(f"{name} is not installed (make test installs it)", pytrace=False)
    return found


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DEPLOY / name, encoding="utf-8")
    return parser


def seconds(value: str) -> int:
    match = re.fullmatch(r"(\d+)(s|min)?", value.strip())
    assert match, value
    return int(match.group(1)) * (60 if match.group(2) == "min" else 1)


def test_systemd_analyze_verify_passes_on_both_units(tmp_path: Path) -> None:
    venv_shortstory = Path(sys.executable).parent / "shortstory"
    rendered = []
    for name in UNITS:
        text = (DEPLOY / name).read_text(encoding="utf-8")
        text = text.replace(f"{INSTALL_ROOT}/.venv/bin/shortstory", str(venv_shortstory))
        text = text.replace(INSTALL_ROOT, str(REPO_ROOT))
        (tmp_path / name).write_text(text, encoding="utf-8")
        rendered.append(str(tmp_path / name))
    result = subprocess.run([tool("systemd-analyze"), "verify", "--man=no", *rendered],
                            capture_output=True, text=True, timeout=60, cwd=tmp_path)
    # verify only warns (exit 0) about a directive it cannot parse: any output is a failure.
    assert result.returncode == 0 and not (result.stdout + result.stderr).strip(), \
        result.stdout + result.stderr


def test_a_broken_unit_is_caught(tmp_path: Path) -> None:
    text = (DEPLOY / UNITS[0]).read_text(encoding="utf-8").replace(INSTALL_ROOT, str(REPO_ROOT))
    (tmp_path / "broken.service").write_text(text.replace("KillSignal=SIGTERM",
                                                          "KillSignal=SIGNOPE"))
    result = subprocess.run([tool("systemd-analyze"), "verify", "--man=no",
                             str(tmp_path / "broken.service")],
                            capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert "SIGNOPE" in result.stdout + result.stderr


@pytest.mark.parametrize("name", UNITS)
def test_units_run_as_a_dedicated_user_stop_gracefully_restart_and_are_hardened(
        name: str) -> None:
    service = unit(name)["Service"]
    assert service["User"] == "shortstory" and service["Group"] == "shortstory"
    assert service["EnvironmentFile"] == f"{INSTALL_ROOT}/.env"
    assert service["KillSignal"] == "SIGTERM"
    assert service["Restart"] == "on-failure"
    for option, value in (("NoNewPrivileges", "true"), ("ProtectSystem", "strict"),
                          ("ProtectHome", "true"), ("PrivateTmp", "true")):
        assert service[option] == value, option
    assert service["ReadWritePaths"] == f"{INSTALL_ROOT}/var"


def test_the_web_unit_starts_through_start_production_and_outwaits_the_graceful_timeout() -> None:
    service = unit(UNITS[0])["Service"]
    assert service["ExecStart"] == f"{INSTALL_ROOT}/start_production.sh"
    assert seconds(service["TimeoutStopSec"]) > GRACEFUL_TIMEOUT_S
    gunicorn_config = (REPO_ROOT / "gunicorn_config.py").read_text(encoding="utf-8")
    assert f'_env_int("GUNICORN_GRACEFUL_TIMEOUT", {GRACEFUL_TIMEOUT_S})' in gunicorn_config


def test_the_worker_unit_runs_shortstory_worker_and_outwaits_the_hard_time_limit() -> None:
    service = unit(UNITS[1])["Service"]
    assert service["ExecStart"].startswith(f"{INSTALL_ROOT}/.venv/bin/shortstory worker")
    assert seconds(service["TimeoutStopSec"]) > JOB_HARD_TIME_LIMIT_S
    from shortstory.config import Settings

    assert Settings().job_hard_time_limit == JOB_HARD_TIME_LIMIT_S


def test_hadolint_finds_nothing_in_the_dockerfile() -> None:
    result = subprocess.run([tool("hadolint"), "--no-color", str(REPO_ROOT / "Dockerfile")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_hadolint_does_catch_a_bad_dockerfile(tmp_path: Path) -> None:
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN pip install flask\nCMD ./start_production.sh\n")
    result = subprocess.run([tool("hadolint"), "--no-color", str(bad)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "DL3007" in result.stdout, result.stdout


def dockerfile() -> list[tuple[str, str]]:
    """The Dockerfile's instructions, continuation lines joined."""
    text = (REPO_ROOT / "Dockerfile").read_text(encoding="utf-8")
    text = re.sub(r"\\\n", " ", text)
    lines = [line.strip() for line in text.splitlines()]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "")
            for line in lines if line and not line.startswith("#")]


def test_the_image_is_multi_stage_non_root_pinned_and_runs_start_production() -> None:
    instructions = dockerfile()
    stages = [args for op, args in instructions if op == "FROM"]
    assert len(stages) >= 2 and all(":" in stage.split()[0] for stage in stages), stages
    runs = " ".join(args for op, args in instructions if op == "RUN")
    assert "pip install --no-cache-dir -r requirements.txt" in runs
    user = [args for op, args in instructions if op == "USER"][-1]
    assert user.split(":")[0] not in ("root", "0"), user
    healthcheck = next(args for op, args in instructions if op == "HEALTHCHECK")
    assert "/health/live" in healthcheck and "CMD [" in healthcheck
    cmd = json.loads(next(args for op, args in instructions if op == "CMD"))
    assert cmd == ["./start_production.sh"]  # exec form: SIGTERM reaches Gunicorn
    # The same script the VM unit and the VM-path tests run.
    assert unit(UNITS[0])["Service"]["ExecStart"].endswith("/" + cmd[0][2:])


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((REPO_ROOT / "compose.yaml").read_text("utf-8"))
    return loaded


def compose_errors(document: dict[str, Any]) -> list[str]:
    schema = json.loads(COMPOSE_SCHEMA.read_text(encoding="utf-8"))
    return [str(error) for error in jsonschema_rs.validator_for(schema).iter_errors(document)]


def test_compose_yaml_follows_the_compose_specification() -> None:
    assert compose_errors(compose()) == []


def test_the_schema_refuses_what_compose_would(tmp_path: Path) -> None:
    document = compose()
    document["services"]["web"]["depends_on"]["postgres"]["condition"] = "service_ready"
    document["services"]["worker"]["restarts"] = "always"
    assert len(compose_errors(document)) >= 2


def test_compose_runs_the_web_worker_postgres_redis_and_an_optional_nginx() -> None:
    services = compose()["services"]
    assert set(services) == {"web", "worker", "postgres", "redis", "nginx"}
    assert services["nginx"]["profiles"] == ["proxy"]
    for name in ("postgres", "redis"):
        assert services[name]["healthcheck"]["test"], name
    for name in ("web", "worker"):
        assert services[name]["env_file"] == ".env"
        for dependency in ("postgres", "redis"):
            assert services[name]["depends_on"][dependency] == {"condition": "service_healthy"}
    # The worker waits for a healthy web: start_production.sh has migrated by then.
    assert services["worker"]["depends_on"]["web"] == {"condition": "service_healthy"}
    assert "command" not in services["web"]  # the image's CMD: start_production.sh
    procfile = (REPO_ROOT / "Procfile").read_text(encoding="utf-8")
    worker_command = " ".join(services["worker"]["command"])
    assert worker_command.startswith("shortstory worker")
    assert "worker: shortstory worker" in procfile
    assert (worker_command.split(" --")[0]
            in unit(UNITS[1])["Service"]["ExecStart"])
    assert seconds(services["web"]["stop_grace_period"]) > GRACEFUL_TIMEOUT_S
    assert seconds(services["worker"]["stop_grace_period"]) > JOB_HARD_TIME_LIMIT_S
