"""Request ids, timing headers, the access-log line, security headers and CORS."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable

import pytest
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st

from shortstory.web.request_context import request_id_from
from shortstory.web.security_headers import HSTS, HTML_CSP

VALID_ID = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-",
    min_size=1,
    max_size=128,
)


@given(VALID_ID)
def test_well_formed_request_ids_are_kept(rid: str) -> None:
    assert request_id_from(rid) == rid


@given(st.text(max_size=200).filter(lambda s: not s or len(s) > 128 or any(
    not (c.isascii() and (c.isalnum() or c in "._-")) for c in s)))
@settings(max_examples=200)
def test_malformed_request_ids_are_replaced_by_a_uuid4(rid: str) -> None:
    made = request_id_from(rid)
    assert uuid.UUID(made).version == 4


def test_incoming_request_id_is_echoed(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/health/live", headers={"X-Request-ID": "edge-7f3a.1"})
    assert response.headers["X-Request-ID"] == "edge-7f3a.1"


def test_bad_request_id_is_replaced(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/health/live", headers={"X-Request-ID": "<script>alert(1)</script>"})
    assert uuid.UUID(response.headers["X-Request-ID"]).version == 4


def test_each_request_gets_its_own_id(client) -> None:  # type: ignore[no-untyped-def]
    ids = {client.get("/health/live").headers["X-Request-ID"] for _ in range(3)}
    assert len(ids) == 3


def test_process_time_header_is_seconds(client) -> None:  # type: ignore[no-untyped-def]
    value = float(client.get("/health/live").headers["X-Process-Time"])
    assert 0 <= value < 5


def test_one_json_access_line_per_request_in_production_format(
    make_app: Callable[..., Flask], capsys: pytest.CaptureFixture[str]
) -> None:
    app = make_app(log_format="json")
    capsys.readouterr()
    app.test_client().get("/api/v1/me", headers={"X-Request-ID": "trace-1"})
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]
    access = [line for line in lines if line.get("logger") == "shortstory.access"]
    assert len(access) == 1
    entry = access[0]
    assert entry["event"] == "request"
    assert entry["request_id"] == "trace-1"
    assert entry["method"] == "GET" and entry["path"] == "/api/v1/me"
    assert entry["status"] == 200 and entry["duration_ms"] >= 0
    assert entry["client"] == "127.0.0.1"
    assert isinstance(entry["user"], int)


def test_request_id_is_bound_into_every_log_line_of_the_request(
    make_app: Callable[..., Flask], capsys: pytest.CaptureFixture[str]
) -> None:
    app = make_app(log_format="json")
    capsys.readouterr()
    app.test_client().get("/nowhere", headers={"X-Request-ID": "trace-2"})
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]
    assert {line["event"] for line in lines} >= {"request_error", "request"}
    assert all(line["request_id"] == "trace-2" for line in lines)


def test_production_tracebacks_are_logged_without_local_variables(
    make_production_app: Callable[..., Flask], capsys: pytest.CaptureFixture[str]
) -> None:
    app = make_production_app()

    @app.get("/test/boom")
    def boom() -> str:
        password = "hunter2"  # a local the traceback must not carry
        raise RuntimeError(f"failed after {len(password)} tries")

    capsys.readouterr()
    app.test_client().get("/test/boom")
    out = capsys.readouterr().out
    assert "hunter2" not in out
    assert "RuntimeError" in out


def test_security_headers_on_json(client) -> None:  # type: ignore[no-untyped-def]
    headers = client.get("/health/live").headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "Strict-Transport-Security" not in headers


def test_html_gets_the_strict_page_csp(app: Flask) -> None:
    @app.get("/test/page")
    def page() -> str:
        return "<!doctype html><p>hi</p>"

    headers = app.test_client().get("/test/page").headers
    assert headers["Content-Security-Policy"] == HTML_CSP
    assert "'unsafe-inline'" not in HTML_CSP


def test_hsts_in_production(make_production_app: Callable[..., Flask]) -> None:
    headers = make_production_app().test_client().get("/health/live").headers
    assert headers["Strict-Transport-Security"] == HSTS


def test_no_cors_headers_without_configured_origins(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/health/live", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_cors_for_configured_origins_only(make_app: Callable[..., Flask]) -> None:
    client = make_app(cors_origins="https://writer.example").test_client()
    allowed = client.get("/api/v1/me", headers={"Origin": "https://writer.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://writer.example"
    assert "Origin" in allowed.headers["Vary"]
    assert "X-Request-ID" in allowed.headers["Access-Control-Expose-Headers"]
    other = client.get("/api/v1/me", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers


def test_cors_preflight_is_answered_without_a_key(
    make_production_app: Callable[..., Flask],
) -> None:
    client = make_production_app(cors_origins="https://writer.example").test_client()
    response = client.options(
        "/api/v1/me",
        headers={
            "Origin": "https://writer.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "Authorization",
        },
    )
    assert response.status_code == 200
    assert "Authorization" in response.headers["Access-Control-Allow-Headers"]
    assert "GET" in response.headers["Access-Control-Allow-Methods"]


def test_proxy_fix_trusts_the_configured_number_of_proxies(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(trusted_proxies=1)

    @app.get("/test/client")
    def client_address() -> dict:
        from flask import request

        return {"addr": request.remote_addr, "scheme": request.scheme}

    headers = {"X-Forwarded-For": "6.6.6.6, 203.0.113.9", "X-Forwarded-Proto": "https"}
    body = app.test_client().get("/test/client", headers=headers).get_json()
    assert body == {"addr": "203.0.113.9", "scheme": "https"}

    untrusting = make_app()

    @untrusting.get("/test/client")
    def client_address_untrusted() -> dict:
        from flask import request

        return {"addr": request.remote_addr}

    assert untrusting.test_client().get("/test/client", headers=headers).get_json() == {
        "addr": "127.0.0.1"
    }


def test_logging_survives_a_replaced_and_closed_stdout(
    make_app: Callable[..., Flask], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    app = make_app(log_format="json")
    first = io.StringIO()
    monkeypatch.setattr(sys, "stdout", first)
    app.test_client().get("/health/live")
    first.close()
    second = io.StringIO()
    monkeypatch.setattr(sys, "stdout", second)
    app.test_client().get("/health/live")
    assert '"path": "/health/live"' in second.getvalue()
