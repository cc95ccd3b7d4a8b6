"""The HTTP frame over real Gunicorn, PostgreSQL and Redis, in production mode.

Every error a client can meet comes back in the one JSON shape of DESIGN §4, with an ``error_id``
and no internals; request ids are kept or made; security headers are present.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from frame_app import PREFIX, SECRET_DETAIL, api_error_classes
from live_server import GunicornServer, free_port, start_gunicorn

ERROR_KEYS = {"error_code", "message", "details", "error_id", "request_id", "timestamp"}
MAX_BODY = 4096
ANALYSIS = "/api/v1/analysis"
"""A real JSON endpoint: what any body gets that is not JSON, malformed or too large."""


@pytest.fixture(scope="module")
def frame_server(
    production_env_module: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[GunicornServer]:
    """One production Gunicorn (2 workers) serving the app plus the test blueprint."""
    env = {**production_env_module, "MAX_CONTENT_LENGTH": str(MAX_BODY)}
    log_path = tmp_path_factory.mktemp("frame") / "server.log"
    server = start_gunicorn(env, log_path, app="frame_app:build()", workers=2)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def production_env_module(
    app_database_url: str, redis_url: str, ratelimit_key_prefix: str
) -> dict[str, str]:
    return {
        "SHORTSTORY_ENV": "production",
        "RATELIMIT_KEY_PREFIX": ratelimit_key_prefix,
        "SECRET_KEY": "integration-" + "k" * 40,
        "DATABASE_URL": app_database_url,
        "REDIS_URL": redis_url,
        # Generous: these tests are about shapes, not limits (test_rate_limits_live covers those).
        "RATELIMIT_DEFAULT": "100000 per hour",
        "RATELIMIT_OTHER": "100000 per hour",
    }


@pytest.fixture(scope="module")
def client(api_key: str) -> Iterator[requests.Session]:
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {api_key}"
    yield session
    session.close()


def assert_error_shape(response: requests.Response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == ERROR_KEYS, body
    assert body["error_code"] == code
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["details"], dict)
    assert body["error_id"] and body["timestamp"]
    assert body["request_id"] == response.headers["X-Request-ID"]
    assert "Traceback" not in response.text
    return body


@pytest.mark.parametrize("name", sorted(api_error_classes()))
def test_every_api_error_class_renders_the_shape(
    frame_server: GunicornServer, client: requests.Session, name: str
) -> None:
    cls = api_error_classes()[name]
    response = client.get(f"{frame_server.base_url}{PREFIX}/raise/{name}")
    assert_error_shape(response, cls.status, cls.error_code)


def test_unknown_api_path_is_a_json_404(
    frame_server: GunicornServer, client: requests.Session
) -> None:
    response = client.get(f"{frame_server.base_url}/api/v1/no-such-resource")
    assert_error_shape(response, 404, "NOT_FOUND")
    assert "<html" not in response.text.lower()


def test_wrong_method_is_a_json_405(
    frame_server: GunicornServer, client: requests.Session
) -> None:
    response = client.delete(f"{frame_server.base_url}{PREFIX}/ping")
    assert_error_shape(response, 405, "METHOD_NOT_ALLOWED")
    assert "GET" in response.headers.get("Allow", "")


def test_body_over_the_limit_is_a_json_413(
    frame_server: GunicornServer, client: requests.Session
) -> None:
    body = '{"text": "' + "x" * (MAX_BODY * 2) + '"}'
    response = client.post(
        f"{frame_server.base_url}{ANALYSIS}",
        data=body,
        headers={"Content-Type": "application/json"},
    )
    assert_error_shape(response, 413, "PAYLOAD_TOO_LARGE")


def test_non_json_body_is_a_json_415(
    frame_server: GunicornServer, client: requests.Session
) -> None:
    response = client.post(
        f"{frame_server.base_url}{ANALYSIS}",
        data="text=a lighthouse",
        headers={"Content-Type": "text/plain"},
    )
    body = assert_error_shape(response, 415, "UNSUPPORTED_MEDIA_TYPE")
    assert body["details"] == {"content_type": "text/plain", "expected": "application/json"}


def test_malformed_json_is_a_400_invalid_json(
    frame_server: GunicornServer, client: requests.Session
) -> None:
    response = client.post(
        f"{frame_server.base_url}{ANALYSIS}",
        data='{"text": "unterminated',
        headers={"Content-Type": "application/json"},
    )
    assert_error_shape(response, 400, "INVALID_JSON")


def test_well_formed_json_passes_through(
    frame_server: GunicornServer, client: requests.Session
) -> None:
    response = client.post(f"{frame_server.base_url}{ANALYSIS}",
                           json={"text": "A lamp burned in the window."})
    assert response.status_code == 200, response.text
    assert response.json()["word_count"] == 6


def test_unexpected_exception_is_a_500_without_internals_and_logged_with_its_id(
    frame_server: GunicornServer, client: requests.Session
) -> None:
    response = client.get(f"{frame_server.base_url}{PREFIX}/crash")
    body = assert_error_shape(response, 500, "INTERNAL_ERROR")
    assert SECRET_DETAIL not in response.text
    assert "RuntimeError" not in response.text
    log = wait_for_log(frame_server, body["error_id"])
    assert SECRET_DETAIL in log, "the traceback must be logged with the error_id"


def wait_for_log(server: GunicornServer, needle: str, timeout: float = 5.0) -> str:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        log = server.log()
        if needle in log:
            return log
        time.sleep(0.1)
    raise AssertionError(f"{needle!r} not in the server log:\n{server.log()[-3000:]}")


def test_well_formed_request_id_is_kept(
    frame_server: GunicornServer, client: requests.Session
) -> None:
    incoming = "client-42.retry_1"
    response = client.get(
        f"{frame_server.base_url}/api/v1/no-such-resource", headers={"X-Request-ID": incoming}
    )
    assert response.headers["X-Request-ID"] == incoming
    assert response.json()["request_id"] == incoming


@pytest.mark.parametrize("incoming", [None, "has spaces and !", "x" * 129])
def test_missing_or_malformed_request_id_is_replaced_by_a_uuid(
    frame_server: GunicornServer, client: requests.Session, incoming: str | None
) -> None:
    headers = {} if incoming is None else {"X-Request-ID": incoming}
    response = client.get(f"{frame_server.base_url}{PREFIX}/ping", headers=headers)
    assert response.status_code == 200
    made = response.headers["X-Request-ID"]
    assert made != incoming
    assert uuid.UUID(made).version == 4


def test_every_response_carries_timing_and_security_headers(
    frame_server: GunicornServer, client: requests.Session
) -> None:
    for path in (f"{PREFIX}/ping", "/api/v1/no-such-resource", "/health/live"):
        response = client.get(frame_server.base_url + path)
        headers = response.headers
        assert re.fullmatch(r"\d+(\.\d+)?(ms)?", headers["X-Process-Time"]), headers
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"]
        # Production is served over TLS (at the proxy): browsers must keep to HTTPS.
        assert "max-age=" in headers["Strict-Transport-Security"]


def test_limited_routes_report_their_limit(
    frame_server: GunicornServer, client: requests.Session
) -> None:
    response = client.get(f"{frame_server.base_url}{PREFIX}/ping")
    assert response.headers["X-RateLimit-Limit"] == "100000"
    assert int(response.headers["X-RateLimit-Remaining"]) < 100000


def test_ready_is_200_on_a_migrated_database_with_redis(frame_server: GunicornServer) -> None:
    response = requests.get(f"{frame_server.base_url}/health/ready", timeout=10)
    assert response.status_code == 200, response.text


def test_ready_is_503_naming_the_database_when_it_is_unreachable(
    production_env: dict[str, str], tmp_path: Path
) -> None:
    closed = f"postgresql://postgres@127.0.0.1:{free_port()}/test"
    env = {**production_env, "DATABASE_URL": closed, "DB_POOL_TIMEOUT": "2"}
    server = start_gunicorn(env, tmp_path / "server.log")
    try:
        response = requests.get(f"{server.base_url}/health/ready", timeout=30)
        assert response.status_code == 503, response.text
        assert "database" in response.text
        assert requests.get(f"{server.base_url}/health/live", timeout=5).status_code == 200
    finally:
        server.stop()
