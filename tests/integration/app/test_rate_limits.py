"""Rate limits: per user or client address, 429 in our shape with Retry-After, health exempt."""

from __future__ import annotations

import secrets
import socket
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from shortstory.rate_limits import limit_generation, redis_storage_uri
from shortstory.storage.session import database
from shortstory.storage.users import UserRepository


def test_the_route_limit_refuses_request_n_plus_1(make_app: Callable[..., Flask]) -> None:
    client = make_app(ratelimit_other="3 per minute").test_client()
    statuses = [client.get("/api/v1/me").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/me")
    body = refused.get_json()
    assert body["error_code"] == "RATE_LIMITED"
    assert {"error_id", "request_id", "timestamp"} <= set(body)
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert refused.headers["X-RateLimit-Remaining"] == "0"


def test_limit_headers_on_allowed_responses(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/me")
    assert response.headers["X-RateLimit-Limit"]
    assert response.headers["X-RateLimit-Remaining"]
    assert "Retry-After" not in response.headers


def test_undecorated_routes_get_the_other_limit_each(make_app: Callable[..., Flask]) -> None:
    app = make_app(ratelimit_default="1000 per minute", ratelimit_other="2 per minute")

    @app.get("/api/v1/test-plain")
    def plain() -> dict:
        return {"ok": True}

    client = app.test_client()
    assert [client.get("/api/v1/test-plain").status_code for _ in range(3)] == [200, 200, 429]
    # Each route has a budget of its own.
    assert client.get("/api/v1/me").status_code == 200


def test_the_global_quota_spans_every_route(make_app: Callable[..., Flask]) -> None:
    app = make_app(ratelimit_default="100 per day;3 per minute", ratelimit_other="50 per minute")

    @app.get("/api/v1/test-plain")
    def plain() -> dict:
        return {"ok": True}

    client = app.test_client()
    assert client.get("/api/v1/me").status_code == 200
    assert client.get("/api/v1/test-plain").status_code == 200
    assert client.get("/api/v1/me").status_code == 200
    refused = client.get("/api/v1/test-plain")
    assert refused.status_code == 429
    assert refused.get_json()["details"]["limit"] == "3 per 1 minute"


def test_health_is_exempt(make_app: Callable[..., Flask]) -> None:
    client = make_app(ratelimit_default="2 per minute").test_client()
    assert all(client.get("/health/live").status_code == 200 for _ in range(5))


def test_each_user_has_their_own_budget(make_app: Callable[..., Flask]) -> None:
    app = make_app(ratelimit_other="2 per minute")
    with app.app_context(), database().session_scope() as session:
        repo = UserRepository(session)
        keys = [repo.create_user_with_key(name)[1] for name in ("ann", "bo")]
    client = app.test_client()
    for key in keys:
        headers = {"Authorization": f"Bearer {key}"}
        assert [client.get("/api/v1/me", headers=headers).status_code for _ in range(3)] == [
            200,
            200,
            429,
        ]


def test_route_limits_read_the_settings_at_request_time(make_app: Callable[..., Flask]) -> None:
    app = make_app(ratelimit_generation="1 per minute")

    @app.post("/api/v1/test-generate")
    @limit_generation
    def generate() -> dict:
        return {"queued": True}

    client = app.test_client()
    assert client.post("/api/v1/test-generate").status_code == 200
    assert client.post("/api/v1/test-generate").status_code == 429
    assert client.get("/api/v1/me").status_code == 200  # other routes keep their own budget


def test_disabled_limits_never_refuse(make_app: Callable[..., Flask]) -> None:
    client = make_app(ratelimit_default="1 per minute", ratelimit_enabled=False).test_client()
    assert all(client.get("/api/v1/me").status_code == 200 for _ in range(3))


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_redis_falls_back_to_memory_not_500(make_app: Callable[..., Flask]) -> None:
    app = make_app(
        redis_url=f"redis://127.0.0.1:{_closed_port()}/0", ratelimit_default="3 per minute"
    )
    client = app.test_client()
    statuses = [client.get("/api/v1/me").status_code for _ in range(5)]
    assert 500 not in statuses
    assert statuses[:3] == [200, 200, 200]


def test_redis_storage_uri_gets_short_timeouts_unless_given() -> None:
    uri = redis_storage_uri("redis://:pw@cache:6379/1?socket_timeout=2")
    assert uri.startswith("shortstory+redis://:pw@cache:6379/1?")
    assert "socket_timeout=2" in uri and "socket_connect_timeout=0.5" in uri


def test_every_api_route_counts_once_per_request_against_its_own_budget(
    make_app: Callable[..., Flask],
) -> None:
    # Undecorated routes get RATELIMIT_OTHER; a request must count one hit, not one per pass.
    client = make_app(ratelimit_other="4 per minute").test_client()
    remaining = [
        int(client.get("/api/v1/genres").headers["X-RateLimit-Remaining"]) for _ in range(4)
    ]
    assert remaining == [3, 2, 1, 0]
    assert client.get("/api/v1/me").status_code == 200  # another route: another budget


def test_redis_counts_every_window_of_a_request_in_one_round_trip(
        make_app: Callable[..., Flask], redis_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import redis

    from shortstory.rate_limits import CountingRedisStorage, limiter

    prefix = f"batch-{secrets.token_hex(4)}"
    client = make_app(redis_url=redis_url, ratelimit_key_prefix=prefix,
                      ratelimit_default="5 per hour;100 per day",
                      ratelimit_other="3 per minute").test_client()
    storage = limiter._storage
    assert isinstance(storage, CountingRedisStorage)
    calls = {"many": 0, "one": 0}
    many, one = storage.lua_incr_many_with_ttl, storage.lua_incr_with_ttl

    def count_many(*args: Any, **kwargs: Any) -> Any:
        calls["many"] += 1
        return many(*args, **kwargs)

    def count_one(*args: Any, **kwargs: Any) -> Any:
        calls["one"] += 1
        return one(*args, **kwargs)

    monkeypatch.setattr(storage, "lua_incr_many_with_ttl", count_many)
    monkeypatch.setattr(storage, "lua_incr_with_ttl", count_one)

    replies = [client.get("/api/v1/me") for _ in range(4)]
    assert [r.status_code for r in replies] == [200, 200, 200, 429]
    assert [r.headers["X-RateLimit-Remaining"] for r in replies] == ["2", "1", "0", "0"]
    # Four requests, three windows each: one script call per request, no single hits.
    assert calls == {"many": 4, "one": 0}
    # The refused request stopped at the window it overfilled (the minute), as Flask-Limiter
    # does: the hour and the day counted only the three served requests.
    counts = {}
    connection = redis.Redis.from_url(redis_url)
    try:
        for key in connection.scan_iter(match=f"*{prefix}*"):
            counts[key.decode().split("/")[-1]] = int(connection.get(key) or 0)
            connection.delete(key)
    finally:
        connection.close()
    assert sorted(counts.values()) == [3, 3, 4], counts
