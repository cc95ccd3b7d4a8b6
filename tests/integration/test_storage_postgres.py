"""The data layer on the real PostgreSQL and Redis: migrations, pool, statement timeout, keys,
readiness, and rate-limit counters kept in Redis."""

from __future__ import annotations

import secrets
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import psycopg2
import pytest
from limits.storage import storage_from_string
from sqlalchemy import inspect, text
from sqlalchemy.exc import OperationalError

from shortstory.app import create_app
from shortstory.config import load_settings
from shortstory.rate_limits import CountingRedisStorage, redis_storage_uri
from shortstory.storage.engine import build_engine
from shortstory.storage.migrate import (
    current_revision,
    downgrade,
    head_revisions,
    is_at_head,
    upgrade,
)
from shortstory.storage.retry import is_transient
from shortstory.storage.scratch import scratch_database
from shortstory.storage.session import Database
from shortstory.storage.users import UserAlreadyExists, UserRepository


@pytest.fixture
def empty_database(database_url: str) -> Iterator[str]:
    """A brand-new, empty database on the test server, dropped afterwards."""
    with scratch_database(database_url, "shortstory_f1") as url:
        yield url


@pytest.fixture
def migrated_database(empty_database: str) -> str:
    upgrade(empty_database)
    return empty_database


def _settings(url: str, **extra: Any):  # type: ignore[no-untyped-def]
    return load_settings({"environment": "test", "database_url": url, **extra}, environ={})


def test_migrations_take_an_empty_postgres_to_head(empty_database: str) -> None:
    assert current_revision(empty_database) is None
    assert upgrade(empty_database) in head_revisions()
    assert is_at_head(empty_database)
    engine = build_engine(_settings(empty_database))
    inspector = inspect(engine)
    assert {"users", "api_keys"} <= set(inspector.get_table_names())
    api_key_columns = {c["name"]: c for c in inspector.get_columns("api_keys")}
    assert str(api_key_columns["user_id"]["type"]) == "BIGINT"
    assert any(i["column_names"] == ["user_id"] for i in inspector.get_indexes("api_keys"))
    engine.dispose()


def test_statement_timeout_is_set_on_every_connection(migrated_database: str) -> None:
    engine = build_engine(_settings(migrated_database, db_statement_timeout_ms=250))
    with engine.connect() as connection:
        assert connection.execute(text("SHOW statement_timeout")).scalar() == "250ms"
        started = time.monotonic()
        with pytest.raises(OperationalError) as caught:
            connection.execute(text("SELECT pg_sleep(3)"))
    assert time.monotonic() - started < 2
    assert not is_transient(caught.value)  # a cancelled statement is not retried
    engine.dispose()


def test_pre_ping_replaces_a_connection_the_server_dropped(migrated_database: str) -> None:
    engine = build_engine(_settings(migrated_database, db_pool_size=1, db_max_overflow=0))
    with engine.connect() as connection:
        pid = connection.execute(text("SELECT pg_backend_pid()")).scalar()
    admin = psycopg2.connect(migrated_database)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", (pid,))
    admin.close()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT pg_backend_pid()")).scalar() != pid
    engine.dispose()


def test_users_and_keys_on_postgres(migrated_database: str) -> None:
    database = Database.from_settings(_settings(migrated_database))
    with database.session_scope() as session:
        user, key = UserRepository(session).create_user_with_key("maren")
        user_id = user.id
    with database.session_scope() as session:
        repo = UserRepository(session)
        with pytest.raises(UserAlreadyExists):
            repo.create_user("maren")
        # The savepoint kept the transaction usable after the failed insert.
        found = repo.find_by_api_key(key)
        assert found is not None and found.id == user_id
        assert repo.get_or_create("maren").id == user_id
    database.engine.dispose()


def test_ready_checks_postgres_redis_and_migrations(migrated_database: str, redis_url: str) -> None:
    app = create_app(
        {"environment": "test", "database_url": migrated_database, "redis_url": redis_url}
    )
    response = app.test_client().get("/health/ready")
    assert response.status_code == 200, response.get_json()
    assert set(response.get_json()["checks"]) == {"database", "migrations", "redis"}
    details = app.test_client().get("/health").get_json()
    assert details["database"]["backend"] == "postgresql"
    assert details["rate_limit_storage"] == "redis"


@pytest.mark.parametrize("after_a_lost_redis", [False, True])
def test_rate_limit_counters_live_in_redis(migrated_database: str, redis_url: str,
                                           after_a_lost_redis: bool) -> None:
    if after_a_lost_redis:
        # An app bound before, whose Redis did not answer: the limiter marked its storage dead,
        # and the next app counted in memory (a test order that failed CI).
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            closed = probe.getsockname()[1]
        lost = create_app({"environment": "test", "database_url": migrated_database,
                           "redis_url": f"redis://127.0.0.1:{closed}/0"})
        assert lost.test_client().get("/api/v1/me").status_code == 200
    overrides = {
        "environment": "test",
        "database_url": migrated_database,
        "redis_url": redis_url,
        "ratelimit_other": "3 per minute",
        # User ids repeat across test databases; the prefix keeps this test's counters apart.
        "ratelimit_key_prefix": f"f1-{secrets.token_hex(4)}",
    }
    first = create_app(overrides)
    with first.app_context():
        from shortstory.storage.session import database

        with database().session_scope() as session:
            _, key = UserRepository(session).create_user_with_key(f"rl-{secrets.token_hex(4)}")
    headers = {"Authorization": f"Bearer {key}"}
    client = first.test_client()
    assert [client.get("/api/v1/me", headers=headers).status_code for _ in range(2)] == [200, 200]
    # A second app (as another worker would) starts from the counters stored in Redis.
    second = create_app(overrides)
    client = second.test_client()
    statuses = [client.get("/api/v1/me", headers=headers).status_code for _ in range(2)]
    assert statuses == [200, 429]


def test_counting_storage_agrees_with_a_plain_redis_read(redis_url: str) -> None:
    counting = storage_from_string(redis_storage_uri(redis_url))
    plain = storage_from_string(redis_url)
    assert isinstance(counting, CountingRedisStorage)
    key = f"f1-test/{secrets.token_hex(6)}"
    try:
        for n in range(1, 4):
            assert counting.incr(key, 60) == n
        before = time.time()
        # Served from the hit just made, and equal to what Redis holds.
        assert counting.get(key) == plain.get(key) == 3
        assert abs(counting.get_expiry(key) - plain.get_expiry(key)) <= 1.5
        assert before + 57 <= plain.get_expiry(key) <= before + 61
        # Another thread has no remembered hit: it reads Redis.
        seen: list[int] = []
        worker = threading.Thread(target=lambda: seen.append(counting.get(key)))
        worker.start()
        worker.join()
        assert seen == [3]
    finally:
        plain.clear(key)


def test_limit_headers_count_down_with_the_counting_storage(
    migrated_database: str, redis_url: str
) -> None:
    app = create_app(
        {
            "environment": "test",
            "database_url": migrated_database,
            "redis_url": redis_url,
            "ratelimit_other": "5 per minute",
            "ratelimit_key_prefix": f"f1-{secrets.token_hex(4)}",
        }
    )
    client = app.test_client()
    remaining = []
    for _ in range(6):
        response = client.get("/api/v1/me")
        remaining.append(response.headers["X-RateLimit-Remaining"])
        reset = int(response.headers["X-RateLimit-Reset"])
        assert time.time() <= reset <= time.time() + 61
    assert remaining == ["4", "3", "2", "1", "0", "0"]
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 60


def test_counting_storage_forgets_hits_nobody_read(redis_url: str) -> None:
    counting = storage_from_string(redis_storage_uri(redis_url))
    plain = storage_from_string(redis_url)
    keys = [f"f1-test/{secrets.token_hex(6)}" for _ in range(50)]
    try:
        for key in keys[:-1]:
            counting.incr(key, 60)
        time.sleep(0.6)
        counting.incr(keys[-1], 60)
        assert set(counting._recent.windows) == {keys[-1]}
    finally:
        for key in keys:
            plain.clear(key)


def test_a_scratch_database_is_dropped_even_with_connections_left_open(database_url: str) -> None:
    with scratch_database(database_url, "shortstory_scratch_test") as url:
        left_open = psycopg2.connect(url)
        name = left_open.get_dsn_parameters()["dbname"]
        assert name.startswith("shortstory_scratch_test_")
    admin = psycopg2.connect(database_url)
    try:
        with admin.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_database WHERE datname = %s", (name,))
            assert cursor.fetchone() == (0,)
    finally:
        admin.close()
        left_open.close()


def test_migrations_go_down_to_base_and_up_again_on_postgres(empty_database: str) -> None:
    assert upgrade(empty_database) == head_revisions()[0]
    assert downgrade(empty_database, "base") is None
    engine = build_engine(load_settings({"environment": "test", "database_url": empty_database}))
    try:
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()
    assert upgrade(empty_database) == head_revisions()[0]
    assert is_at_head(empty_database)
