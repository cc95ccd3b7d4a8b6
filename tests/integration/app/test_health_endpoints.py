"""Health: live, ready (database, migrations, Redis; 503 naming the failure), details."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

from flask import Flask

from shortstory import __version__
from shortstory.app import create_app


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_live(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/health/live")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_ready_when_migrated(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/health/ready")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ready"
    assert set(body["checks"]) == {"database", "migrations"}
    assert all(check["status"] == "ok" for check in body["checks"].values())


def test_not_ready_on_an_unmigrated_database(tmp_path: Path) -> None:
    app = create_app({"environment": "test", "database_url": f"sqlite:///{tmp_path}/new.db"})
    response = app.test_client().get("/health/ready")
    assert response.status_code == 503
    body = response.get_json()
    assert body["error_code"] == "SERVICE_UNAVAILABLE"
    assert body["details"]["failing"] == ["migrations"]
    assert "migrations" in body["message"]


def test_not_ready_naming_the_database_on_a_closed_port(
    make_production_app: Callable[..., Flask],
) -> None:
    url = f"postgresql://app:pw-not-shown@127.0.0.1:{_closed_port()}/none"
    response = make_production_app(database_url=url).test_client().get("/health/ready")
    assert response.status_code == 503
    body = response.get_json()
    assert body["details"]["failing"] == ["database"]
    assert body["details"]["checks"]["database"]["status"] == "fail"
    assert "pw-not-shown" not in response.get_data(as_text=True)


def test_ready_but_degraded_when_redis_only_holds_rate_limits(
        make_app: Callable[..., Flask]) -> None:
    # Rate limits fall back to per-process memory: every request still succeeds.
    app = make_app(redis_url=f"redis://127.0.0.1:{_closed_port()}/0", job_backend="inprocess")
    response = app.test_client().get("/health/ready")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["status"] == "degraded" and body["degraded"] == ["redis"]
    assert body["checks"]["redis"]["status"] == "fail"
    assert app.test_client().get("/health").get_json()["status"] == "degraded"


def test_not_ready_when_redis_is_the_job_broker_and_down(make_app: Callable[..., Flask]) -> None:
    app = make_app(redis_url=f"redis://127.0.0.1:{_closed_port()}/0", job_backend="celery")
    response = app.test_client().get("/health/ready")
    assert response.status_code == 503
    assert set(response.get_json()["details"]["failing"]) == {"redis", "broker"}


def test_details_report_checks_pool_process_and_nothing_secret(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(secret_key="a-very-secret-key-that-must-not-leak-0123456789")
    response = app.test_client().get("/health")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["version"] == __version__
    assert body["environment"] == "test"
    assert body["uptime_seconds"] >= 0
    for check in body["checks"].values():
        assert check["status"] == "ok" and check["latency_ms"] >= 0
    assert body["database"]["backend"] == "sqlite"
    assert "checkedout" in body["database"]["pool"]
    process = body["process"]
    assert process["memory_rss_bytes"] > 0 and process["open_fds"] > 0
    assert "cpu_percent" in process
    text = response.get_data(as_text=True)
    assert "a-very-secret-key" not in text and "sqlite:///" not in text


def test_details_say_degraded_when_a_check_fails(tmp_path: Path) -> None:
    app = create_app({"environment": "test", "database_url": f"sqlite:///{tmp_path}/new.db"})
    body = app.test_client().get("/health").get_json()
    assert body["status"] == "degraded"
    assert body["checks"]["migrations"]["status"] == "fail"
