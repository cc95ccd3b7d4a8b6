"""A database the command cannot reach: one readable line naming where and what to check.

Without this a command such as ``shortstory db upgrade`` against a stopped PostgreSQL prints the
driver's 135-line traceback; an operator needs the host and port it tried and a next step.
"""

from __future__ import annotations

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

DATABASE_EXIT_CODE = 1
"""The status of a command that stopped because the database could not be reached."""


def unreachable_database_message(error: BaseException, database_url: str | None) -> str:
    """What went wrong with the database at ``database_url``, in one line without secrets."""
    reason = _reason(error)
    try:
        url = make_url(database_url) if database_url else None
    except ArgumentError:
        url = None
    if url is None:
        return f"cannot reach the database ({reason}); check DATABASE_URL"
    if url.get_backend_name() == "sqlite":
        return (f"cannot open the SQLite database {url.database or ':memory:'} ({reason}); check "
                "that its directory exists and is writable, or DATABASE_URL")
    where = f"{url.host or 'localhost'}:{url.port or 5432}"
    return (f"cannot reach the database at {where} ({reason}); check that PostgreSQL is running "
            f"and accepts connections there, and DATABASE_URL (host, port, database "
            f"{url.database!r}, user, password)")


def _reason(error: BaseException) -> str:
    original = getattr(error, "orig", None) or error
    text = " ".join(str(original).split())
    # psycopg2: 'connection to server at "127.0.0.1", port 5999 failed: Connection refused Is
    # the server running on that host…' — the host and port are said once, by us.
    if " failed: " in text:
        text = text.split(" failed: ", 1)[1]
    text = text.split(" Is the server running", 1)[0].strip()
    return (text or type(original).__name__)[:200]
