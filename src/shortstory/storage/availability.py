"""What SQLAlchemy raises when the database, not the request, is at fault.

The API answers these with a 503 and ``Retry-After``, the commands with one line and status 1.
"""

from __future__ import annotations

from sqlalchemy import exc as sqlalchemy_errors

DATABASE_UNAVAILABLE: tuple[type[Exception], ...] = (
    sqlalchemy_errors.OperationalError,  # cannot connect, connection lost, locked, read-only
    sqlalchemy_errors.InterfaceError,  # the driver's connection is closed
    sqlalchemy_errors.TimeoutError,  # no connection free in the pool in time
)
