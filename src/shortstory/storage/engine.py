"""The SQLAlchemy engine, built from the settings (pool, timeouts, SQLite pragmas)."""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool

from shortstory.config import Settings

# Engines built in this process, so a forked worker can drop the connections it inherited.
_ENGINES: weakref.WeakSet[Engine] = weakref.WeakSet()

CONNECT_TIMEOUT_S = 5
SQLITE_BUSY_TIMEOUT_MS = 5000


def sqlalchemy_url(database_url: str) -> URL:
    """``database_url`` with our PostgreSQL driver made explicit.

    SQLAlchemy 2.1 maps a bare ``postgresql://`` to psycopg 3; we ship psycopg2.
    """
    url = make_url(database_url)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg2")
    return url


def missing_sqlite_file(database_url: str) -> Path | None:
    """The file a SQLite ``database_url`` names when it does not exist yet (else ``None``)."""
    url = sqlalchemy_url(database_url)
    database = url.database or ""
    if url.get_backend_name() != "sqlite" or database in ("", ":memory:") or \
            database.startswith("file:"):
        return None
    path = Path(database)
    return None if path.exists() else path


def build_engine(settings: Settings) -> Engine:
    """An engine for ``settings.database_url``; no connection is opened until first use."""
    url = sqlalchemy_url(settings.database_url)
    kwargs: dict[str, Any] = {"pool_pre_ping": True}
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database in ("", ":memory:") or database.startswith("file::memory:"):
            # One shared connection, or every session would see its own empty database.
            kwargs = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
        else:
            Path(database).parent.mkdir(parents=True, exist_ok=True)
            kwargs.update(_pool_options(settings), connect_args={"check_same_thread": False})
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        options = f"-c statement_timeout={settings.db_statement_timeout_ms}"
        kwargs.update(
            _pool_options(settings),
            connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "options": options},
        )
        engine = create_engine(url, **kwargs)
    _count_checkouts(engine)
    _ENGINES.add(engine)
    return engine


def _count_checkouts(engine: Engine) -> None:
    """Keep ``shortstory_db_pool_checked_out`` (summed over live workers) up to date."""
    from shortstory.storage.pool_metrics import CHECKED_OUT

    event.listen(engine, "checkout", lambda *_args: CHECKED_OUT.inc())
    event.listen(engine, "checkin", lambda *_args: CHECKED_OUT.dec())


def _pool_options(settings: Settings) -> dict[str, Any]:
    return {
        "pool_size": settings.db_pool_size,
        "max_overflow": settings.db_max_overflow,
        "pool_recycle": settings.db_pool_recycle,
        "pool_timeout": settings.db_pool_timeout,
    }


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's own transaction handling breaks SAVEPOINTs (a RELEASE commits); take it over
    # and emit BEGIN ourselves (_sqlite_begin), as SQLAlchemy's documentation recommends.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        # WAL lets readers and one writer work at once (several Gunicorn workers on one file).
        cursor.execute("PRAGMA journal_mode=WAL")
    finally:
        cursor.close()


def _sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def pool_status(engine: Engine) -> dict[str, Any]:
    """Pool counters for the detailed health page (what the pool implementation exposes)."""
    pool = engine.pool
    status: dict[str, Any] = {"class": type(pool).__name__}
    for name in ("size", "checkedin", "checkedout", "overflow"):
        counter = getattr(pool, name, None)
        if callable(counter):
            status[name] = counter()
    return status


def dispose_engines_after_fork() -> None:
    """In a freshly forked worker: forget inherited pooled connections without closing the
    parent's sockets (Gunicorn ``post_fork`` with ``preload_app``)."""
    for engine in list(_ENGINES):
        engine.dispose(close=False)


def dispose_engines() -> None:
    """Close every pooled connection of this process (graceful shutdown)."""
    for engine in list(_ENGINES):
        engine.dispose()
