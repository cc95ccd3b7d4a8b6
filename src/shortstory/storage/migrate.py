"""Run the Alembic migrations from code: no ``alembic.ini`` and no working-directory lookup."""

from __future__ import annotations

from functools import lru_cache

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, pool

from shortstory.storage.engine import sqlalchemy_url

SCRIPT_LOCATION = "shortstory.storage:migrations"


def alembic_config() -> Config:
    """An Alembic configuration pointing at our migrations package."""
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    return config


def _engine(target: str | Engine) -> tuple[Engine, bool]:
    if isinstance(target, Engine):
        return target, False
    return create_engine(sqlalchemy_url(target), poolclass=pool.NullPool), True


def upgrade(target: str | Engine, revision: str = "head") -> str | None:
    """Migrate the database at ``target`` (URL or engine) to ``revision``; returns the new one."""
    engine, owned = _engine(target)
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
        return current_revision(engine)
    finally:
        if owned:
            engine.dispose()


def current_revision(target: str | Engine) -> str | None:
    """The revision the database is at (``None`` before the first migration)."""
    engine, owned = _engine(target)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        if owned:
            engine.dispose()


@lru_cache(maxsize=1)
def head_revisions() -> tuple[str, ...]:
    """The head revision(s) of the migrations shipped with this code (fixed for a process)."""
    return tuple(ScriptDirectory.from_config(alembic_config()).get_heads())


def is_at_head(target: str | Engine) -> bool:
    """Whether the database has every migration this code expects."""
    return current_revision(target) in head_revisions()
