"""The stories migration matches the models, with the indexes and constraints the issue asks."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from shortstory.storage.engine import sqlalchemy_url
from shortstory.storage.models import Base


def test_migrated_schema_matches_the_models(backend_url: str) -> None:
    engine = create_engine(sqlalchemy_url(backend_url))
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_every_foreign_key_is_indexed_and_uniques_exist(backend_url: str) -> None:
    engine = create_engine(sqlalchemy_url(backend_url))
    inspector = inspect(engine)
    for table in ("stories", "story_versions", "jobs", "feedback"):
        indexed = {tuple(ix["column_names"][:1]) for ix in inspector.get_indexes(table)}
        for fk in inspector.get_foreign_keys(table):
            assert tuple(fk["constrained_columns"][:1]) in indexed, (table, fk)
    story_indexes = {tuple(ix["column_names"]) for ix in inspector.get_indexes("stories")}
    assert ("user_id", "created_at", "id") in story_indexes
    uniques = {(t, tuple(u["column_names"])) for t in ("story_versions", "jobs")
               for u in inspector.get_unique_constraints(t)}
    assert ("story_versions", ("story_id", "number")) in uniques
    assert ("jobs", ("user_id", "idempotency_key")) in uniques
    engine.dispose()
