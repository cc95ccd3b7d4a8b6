"""Bearer API keys (stored hashed), the development local user, 401s in production."""

from __future__ import annotations

import time
from collections.abc import Callable

from flask import Flask
from sqlalchemy import create_engine, select

from shortstory.storage.models import ApiKey
from shortstory.storage.session import Database
from shortstory.storage.users import LOCAL_USER_NAME, UserRepository, hash_api_key
from shortstory.web.auth import CurrentUser, VerifiedKeyCache, public


def new_key(app: Flask, name: str) -> str:
    with app.app_context():
        from shortstory.storage.session import database

        with database().session_scope() as session:
            _, key = UserRepository(session).create_user_with_key(name)
    return key


def test_development_requests_without_a_key_act_as_the_local_user(client) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/api/v1/me").get_json()
    assert body["name"] == LOCAL_USER_NAME and body["local"] is True
    assert client.get("/api/v1/me").get_json()["id"] == body["id"]


def test_a_valid_key_identifies_its_user(app: Flask) -> None:
    key = new_key(app, "maren")
    response = app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    assert response.get_json()["name"] == "maren"
    assert response.get_json()["local"] is False


def test_a_wrong_key_is_401_even_in_development(app: Flask) -> None:
    new_key(app, "maren")
    response = app.test_client().get("/api/v1/me", headers={"Authorization": "Bearer ss_nope"})
    assert response.status_code == 401
    assert response.get_json()["error_code"] == "UNAUTHORIZED"


def test_a_malformed_authorization_header_is_401(client) -> None:  # type: ignore[no-untyped-def]
    for header in ("Basic dXNlcjpwYXNz", "Bearer", "ss_token_without_scheme"):
        response = client.get("/api/v1/me", headers={"Authorization": header})
        assert response.status_code == 401, header


def test_a_revoked_key_is_refused(app: Flask) -> None:
    key = new_key(app, "maren")
    with app.app_context():
        from shortstory.storage.session import database

        with database().session_scope() as session:
            repo = UserRepository(session)
            user = repo.find_by_name("maren")
            assert user is not None and repo.revoke_keys(user) == 1
    response = app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 401


def test_keys_are_stored_only_as_sha256_hashes(app: Flask, database_file_url: str) -> None:
    key = new_key(app, "maren")
    engine = create_engine(database_file_url)
    with engine.connect() as connection:
        row = connection.execute(select(ApiKey.key_hash, ApiKey.prefix)).one()
    engine.dispose()
    assert row.key_hash == hash_api_key(key) and key not in row.key_hash
    assert key.startswith(row.prefix) and len(row.prefix) < len(key) // 3


def test_production_requires_a_key_on_the_api(make_production_app: Callable[..., Flask]) -> None:
    client = make_production_app().test_client()
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_production_health_needs_no_key(make_production_app: Callable[..., Flask]) -> None:
    assert make_production_app().test_client().get("/health/live").status_code == 200


def test_public_api_views_need_no_key(make_production_app: Callable[..., Flask]) -> None:
    app = make_production_app()

    @app.get("/api/v1/test-public")
    @public
    def open_view() -> dict:
        return {"ok": True}

    assert app.test_client().get("/api/v1/test-public").status_code == 200


def test_key_use_is_recorded(app: Flask, database_file_url: str) -> None:
    key = new_key(app, "maren")
    app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {key}"})
    database = Database(create_engine(database_file_url))
    with database.session_scope() as session:
        stored = session.scalars(select(ApiKey)).one()
        assert stored.last_used_at is not None
    database.engine.dispose()


def test_verified_keys_are_trusted_only_for_the_cache_lifetime() -> None:
    cache = VerifiedKeyCache(ttl=0.05, size=2)
    user = CurrentUser(id=1, name="maren")
    cache.put("digest-1", user)
    assert cache.get("digest-1") == user
    assert cache.get("digest-unknown") is None
    time.sleep(0.06)
    assert cache.get("digest-1") is None


def test_the_cache_stays_bounded() -> None:
    cache = VerifiedKeyCache(ttl=60, size=2)
    for n in range(5):
        cache.put(f"digest-{n}", CurrentUser(id=n, name=f"u{n}"))
    assert len(cache._entries) <= 2
    assert cache.get("digest-4") is not None


def test_a_revoked_key_stops_working_once_the_cache_expires(app: Flask) -> None:
    key = new_key(app, "maren")
    headers = {"Authorization": f"Bearer {key}"}
    client = app.test_client()
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    with app.app_context():
        from shortstory.storage.session import database

        with database().session_scope() as session:
            repo = UserRepository(session)
            user = repo.find_by_name("maren")
            assert user is not None
            repo.revoke_keys(user)
    app.extensions["shortstory.api_key_cache"].ttl = 0.0
    app.extensions["shortstory.api_key_cache"]._entries.clear()
    assert client.get("/api/v1/me", headers=headers).status_code == 401
