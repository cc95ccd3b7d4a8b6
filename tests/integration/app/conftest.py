"""Fixtures for the service frame booted in-process: a fresh Flask app per test on its own
migrated SQLite file (integration tests: app, database and migrations together, no server)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from shortstory.app import create_app
from shortstory.config import SETTINGS_TABLE
from shortstory.storage.migrate import upgrade

# A PostgreSQL URL nothing listens on: production-mode apps that must not touch a database.
UNREACHABLE_POSTGRES = "postgresql://nobody@127.0.0.1:9/none"
PRODUCTION_SECRET = "p" * 40


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No setting leaks in from the machine's environment or a ``.env`` in the working dir."""
    for row in SETTINGS_TABLE:
        for name in row.env:
            monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once per session; tests get copies of it."""
    path = tmp_path_factory.mktemp("template") / "migrated.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def database_file_url(tmp_path: Path, migrated_template: Path) -> str:
    """A migrated SQLite database of this test's own (a copy of the session's template)."""
    path = tmp_path / "app.sqlite3"
    shutil.copyfile(migrated_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def make_app(database_file_url: str) -> Callable[..., Flask]:
    """Factory: an app in the test environment on the migrated database, settings overridable."""

    def build(**overrides: Any) -> Flask:
        settings: dict[str, Any] = {"environment": "test", "database_url": database_file_url}
        settings.update(overrides)
        return create_app(settings)

    return build


@pytest.fixture
def make_production_app() -> Callable[..., Flask]:
    """Factory: a production app whose database is unreachable (for paths that never use it)."""

    def build(**overrides: Any) -> Flask:
        settings: dict[str, Any] = {
            "environment": "production",
            "secret_key": PRODUCTION_SECRET,
            "database_url": UNREACHABLE_POSTGRES,
        }
        settings.update(overrides)
        return create_app(settings)

    return build


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    with app.test_client() as test_client:
        yield test_client
