"""Run the Alembic migrations from code: no ``alembic.ini`` and no working-directory lookup.

Revisions are numbered ``0001``, ``0002``… and their files named ``<number>_<slug>.py``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

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
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    return config


def _engine(target: str | Engine) -> tuple[Engine, bool]:
    if isinstance(target, Engine):
        return target, False
    return create_engine(sqlalchemy_url(target), poolclass=pool.NullPool), True


def _move(target: str | Engine, step: Callable[[Config, str], None], revision: str) -> str | None:
    # One transaction: a migration that fails half-way leaves the database as it was.
    engine, owned = _engine(target)
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            step(config, revision)
        return current_revision(engine)
    finally:
        if owned:
            engine.dispose()


def upgrade(target: str | Engine, revision: str = "head") -> str | None:
    """Migrate the database at ``target`` (URL or engine) to ``revision``; returns the new one."""
    return _move(target, command.upgrade, revision)


def downgrade(target: str | Engine, revision: str) -> str | None:
    """Take the database at ``target`` back to ``revision`` (``-1``, ``0001``, ``base``);
    returns the revision it is then at (``None`` for ``base``)."""
    return _move(target, command.downgrade, revision)


def new_revision(
    target: str | Engine, message: str, *, autogenerate: bool = True, directory: Path | None = None
) -> Path:
    """Write the next migration: the difference between the models and the database at
    ``target`` (which must be at head) when ``autogenerate``, else an empty one to fill in.

    :param directory: where to write it (default: the package's ``versions``).
    :returns: the new file.
    """
    engine, owned = _engine(target)
    config = alembic_config()
    if directory is not None:
        # Alembic writes only into a directory it reads revisions from.
        versions = ScriptDirectory.from_config(config).versions
        config.set_main_option("path_separator", "os")
        config.set_main_option("version_locations", os.pathsep.join([versions, str(directory)]))
    script = ScriptDirectory.from_config(config)
    heads = script.get_heads()
    number = f"{max((int(rev) for rev in heads if rev.isdigit()), default=0) + 1:04d}"
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            written = command.revision(
                config, message=message, autogenerate=autogenerate, rev_id=number,
                version_path=str(directory) if directory is not None else None,
            )  # fmt: skip
    finally:
        if owned:
            engine.dispose()
    scripts = written if isinstance(written, list) else [written]
    if not scripts or scripts[0] is None:
        raise RuntimeError("Alembic wrote no revision")
    return Path(scripts[0].path)


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
