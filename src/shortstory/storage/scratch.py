"""Throw-away PostgreSQL databases: made on a server, dropped afterwards.

For the integration tests, the benchmarks and outage drills, which each need a database of their
own on a shared server without touching what else lives there.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

CONNECT_TIMEOUT_S = 3


def first_reachable(urls: Iterable[str]) -> str | None:
    """The first of ``urls`` (PostgreSQL, libpq form) that accepts a connection, else ``None``."""
    import psycopg2

    for url in urls:
        try:
            psycopg2.connect(url, connect_timeout=CONNECT_TIMEOUT_S).close()
        except psycopg2.Error:
            continue
        return url
    return None


@contextmanager
def scratch_database(server_url: str, prefix: str = "shortstory_scratch") -> Iterator[str]:
    """A new, empty database beside the one ``server_url`` names; yields its URL.

    The role of ``server_url`` must be allowed to create databases. At the end the database is
    dropped, after closing any connection still open to it (a pool a test forgot to dispose).
    """
    import psycopg2
    from psycopg2 import sql
    from sqlalchemy.engine import make_url

    name = f"{prefix}_{secrets.token_hex(4)}"
    admin = psycopg2.connect(server_url, connect_timeout=CONNECT_TIMEOUT_S)
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                    (name,),
                )
                cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
    finally:
        admin.close()
