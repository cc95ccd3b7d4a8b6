"""Fixtures for the stories API tests; the server, client and constants live in ``api_harness``.

Test modules import helpers from ``api_harness`` (a uniquely named module), never from
``conftest``: with several ``conftest.py`` files on ``sys.path`` that name is ambiguous.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_harness import HIGH_LIMITS, Api, make_users, start_server

from shortstory.storage.scratch import scratch_database


@pytest.fixture(scope="session")
def postgres_api_database(database_url: str) -> Iterator[str]:
    """A private, migrated database on the shared PostgreSQL, dropped at the end."""
    from shortstory.storage.migrate import upgrade

    with scratch_database(database_url, "shortstory_api") as url:
        upgrade(url)
        yield url


def sqlite_api_database(directory: Path) -> str:
    """A migrated SQLite file database in ``directory``."""
    from shortstory.storage.migrate import upgrade

    url = f"sqlite:///{directory / 'api.sqlite3'}"
    upgrade(url)
    return url


@pytest.fixture(scope="session", params=["postgres", "sqlite"])
def backend_url(request: pytest.FixtureRequest,
                tmp_path_factory: pytest.TempPathFactory) -> str:
    """The database URL of each backend in turn."""
    if request.param == "postgres":
        return request.getfixturevalue("postgres_api_database")  # type: ignore[no-any-return]
    return sqlite_api_database(tmp_path_factory.mktemp("sqlite-api"))


@pytest.fixture(scope="session")
def api(backend_url: str) -> Iterator[Api]:
    """A running server with high quotas on the backend, and users ``a`` and ``b``."""
    keys = make_users(backend_url, ("a", "b"))
    server = start_server({"database_url": backend_url, **HIGH_LIMITS})
    backend = "postgres" if backend_url.startswith("postgresql") else "sqlite"
    yield Api(server.url, keys, backend)
    server.stop()


@pytest.fixture(scope="session")
def story(api: Api) -> dict[str, Any]:
    """One finished story of user ``a`` that tests may read but must not change."""
    return api.make_story()
