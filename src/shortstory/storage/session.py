"""Sessions: one per request (closed on teardown), or one per unit of work for the CLI and jobs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, g
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from shortstory.config import Settings
from shortstory.storage.engine import build_engine

EXTENSION_KEY = "shortstory.database"


class Database:
    """The engine and its session factory for one application (or one CLI run)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessionmaker = sessionmaker(bind=engine, expire_on_commit=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> Database:
        """A database for ``settings.database_url`` (no connection until first use)."""
        return cls(build_engine(settings))

    @contextmanager
    def session_scope(self) -> Iterator[Session]:
        """A session committed when the block ends, rolled back if it raises, then closed."""
        session = self.sessionmaker()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def init_app(self, app: Flask) -> None:
        """Make this the database of ``app``; each request's session is closed on teardown."""
        app.extensions[EXTENSION_KEY] = self
        app.teardown_appcontext(_close_request_session)


def database() -> Database:
    """The database of the current application."""
    return current_app.extensions[EXTENSION_KEY]


def request_session() -> Session:
    """The session of the current request (app context), created on first use.

    Writes must be committed explicitly (``session.commit()``) by the service that makes them;
    whatever is left uncommitted when the request ends is rolled back.
    """
    session = g.get("db_session")
    if session is None:
        session = database().sessionmaker()
        g.db_session = session
    return session


def _close_request_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()  # close() rolls back anything uncommitted
