"""Re-running a whole unit of work that SQLite refused with ``database is locked``.

SQLite transactions here start with a deferred ``BEGIN``: a transaction that read first and then
wants to write fails at once (no busy wait) when another connection wrote in between. Nothing of
the unit was written, so re-running it from the start is safe, and it then sees the other write
(a conditional update then answers 412 as it should). PostgreSQL never takes this path.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

T = TypeVar("T")

ATTEMPTS = 60
MAX_PAUSE_S = 0.1


def is_sqlite_lock(exc: BaseException) -> bool:
    """Whether ``exc`` is SQLite's lock contention error."""
    return isinstance(exc, OperationalError) and "database is locked" in str(exc.orig).lower()


def retry_locked(session: Session, unit: Callable[[], T]) -> T:
    """Run ``unit`` (which commits on ``session``); on SQLite lock contention roll back, pause
    briefly and run it again, up to :data:`ATTEMPTS` times."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return unit()
        except OperationalError as exc:
            if not is_sqlite_lock(exc) or attempt == ATTEMPTS:
                raise
            session.rollback()
            time.sleep(random.uniform(0.005, MAX_PAUSE_S))
    raise AssertionError("unreachable")  # pragma: no cover


def retry_locked_scope(scope: Callable[[], object], unit: Callable[[Session], T]) -> T:
    """Like :func:`retry_locked` for a unit that opens its own session with ``scope()``."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with scope() as session:  # type: ignore[attr-defined]
                return unit(session)
        except OperationalError as exc:
            if not is_sqlite_lock(exc) or attempt == ATTEMPTS:
                raise
            time.sleep(random.uniform(0.005, MAX_PAUSE_S))
    raise AssertionError("unreachable")  # pragma: no cover
