"""The data layer on SQLite: migrations, repositories, sessions, transient-error retries."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import inspect, text
from sqlalchemy.exc import OperationalError

from shortstory.config import load_settings
from shortstory.storage.engine import build_engine, pool_status, sqlalchemy_url
from shortstory.storage.migrate import current_revision, head_revisions, is_at_head, upgrade
from shortstory.storage.retry import is_transient, retrying_read
from shortstory.storage.session import Database, request_session
from shortstory.storage.users import UserAlreadyExists, UserRepository


def test_migrations_upgrade_an_empty_sqlite_to_head(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    assert current_revision(url) is None
    assert not is_at_head(url)
    assert upgrade(url) in head_revisions()
    assert is_at_head(url)
    database = Database.from_settings(load_settings({"database_url": url}, environ={}))
    tables = set(inspect(database.engine).get_table_names())
    assert {"users", "api_keys", "alembic_version"} <= tables
    indexes = {i["name"] for i in inspect(database.engine).get_indexes("api_keys")}
    assert "ix_api_keys_user_id" in indexes
    database.engine.dispose()
    assert upgrade(url) in head_revisions()  # idempotent


def test_default_sqlite_file_lands_under_var(tmp_path: Path) -> None:
    settings = load_settings(environ={}, dotenv_path=None)
    engine = build_engine(settings)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()
    assert (tmp_path / "var" / "shortstory.sqlite3").exists()


def test_bare_postgresql_urls_use_psycopg2() -> None:
    assert sqlalchemy_url("postgresql://u@h/d").drivername == "postgresql+psycopg2"
    assert sqlalchemy_url("postgresql+psycopg2://u@h/d").drivername == "postgresql+psycopg2"


def test_pool_settings_reach_the_engine(database_file_url: str) -> None:
    settings = load_settings(
        {"database_url": database_file_url, "db_pool_size": 3, "db_max_overflow": 1}, environ={}
    )
    engine = build_engine(settings)
    assert pool_status(engine)["size"] == 3
    assert engine.pool._max_overflow == 1  # type: ignore[attr-defined]
    engine.dispose()


def _database(url: str) -> Database:
    return Database.from_settings(load_settings({"database_url": url}, environ={}))


def test_users_and_keys_round_trip(database_file_url: str) -> None:
    database = _database(database_file_url)
    with database.session_scope() as session:
        user, key = UserRepository(session).create_user_with_key("maren")
        user_id = user.id
    with database.session_scope() as session:
        repo = UserRepository(session)
        found = repo.find_by_api_key(key)
        assert found is not None and found.id == user_id
        assert repo.find_by_api_key(key + "x") is None
        assert repo.get_or_create("maren").id == user_id
    with pytest.raises(UserAlreadyExists), database.session_scope() as session:
        UserRepository(session).create_user("maren")
    database.engine.dispose()


def test_session_scope_rolls_back_on_error(database_file_url: str) -> None:
    database = _database(database_file_url)
    with pytest.raises(RuntimeError), database.session_scope() as session:
        UserRepository(session).create_user("ghost")
        raise RuntimeError("abandon")
    with database.session_scope() as session:
        assert UserRepository(session).find_by_name("ghost") is None
    database.engine.dispose()


def test_request_session_is_one_per_request_and_closed_after(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app()
    seen = []

    @app.get("/test/session")
    def uses_session() -> dict:
        first = request_session()
        assert request_session() is first
        UserRepository(first).create_user("uncommitted")
        seen.append(first)
        return {"ok": True}

    assert app.test_client().get("/test/session").status_code == 200
    with app.app_context():
        from shortstory.storage.session import database

        with database().session_scope() as session:
            # Left uncommitted by the view: rolled back when the request ended.
            assert UserRepository(session).find_by_name("uncommitted") is None
    assert not seen[0].in_transaction()


def _operational(message: str) -> OperationalError:
    return OperationalError("SELECT 1", {}, Exception(message))


def test_transient_errors_are_recognised() -> None:
    assert is_transient(_operational("database is locked"))
    assert is_transient(_operational("server closed the connection unexpectedly"))
    assert not is_transient(_operational("no such table: users"))
    assert not is_transient(ValueError("database is locked"))


class _FlakyRepository:
    def __init__(self, failures: list[OperationalError]) -> None:
        self.failures = failures
        self.calls = 0
        self.rollbacks = 0
        self.session = self

    def rollback(self) -> None:
        self.rollbacks += 1

    @retrying_read
    def read(self) -> str:
        self.calls += 1
        if self.failures:
            raise self.failures.pop(0)
        return "row"


def test_idempotent_reads_are_retried_after_a_rollback() -> None:
    repo = _FlakyRepository([_operational("database is locked")] * 2)
    assert repo.read() == "row"
    assert (repo.calls, repo.rollbacks) == (3, 2)


def test_retries_give_up_and_permanent_errors_are_not_retried() -> None:
    repo = _FlakyRepository([_operational("database is locked")] * 5)
    with pytest.raises(OperationalError):
        repo.read()
    assert repo.calls == 3
    permanent = _FlakyRepository([_operational("no such table: users")])
    with pytest.raises(OperationalError):
        permanent.read()
    assert permanent.calls == 1
