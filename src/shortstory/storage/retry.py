"""Retries of transient database failures, for idempotent reads only.

A write is never retried here: after a lost connection we cannot know whether it committed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from sqlalchemy.exc import DBAPIError, OperationalError
from tenacity import (
    RetryCallState,
    retry,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
    wait_random,
)

F = TypeVar("F", bound=Callable[..., Any])

ATTEMPTS = 3
# SQLSTATEs worth another try: connection failures (class 08), serialization failure,
# deadlock, the server shutting down or restarting.
_TRANSIENT_SQLSTATES_PREFIXES = ("08", "40001", "40P01", "57P01", "57P02", "57P03")
_TRANSIENT_SQLITE_MESSAGES = ("database is locked", "database is busy")


def is_transient(exc: BaseException) -> bool:
    """Whether ``exc`` is an :class:`OperationalError` that another attempt may not hit."""
    if not isinstance(exc, OperationalError):
        return False
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    code = getattr(exc.orig, "pgcode", None)
    if code:
        return str(code).startswith(_TRANSIENT_SQLSTATES_PREFIXES)
    message = str(exc.orig).lower()
    if any(m in message for m in _TRANSIENT_SQLITE_MESSAGES):
        return True
    # psycopg2 gives no SQLSTATE for a refused or dropped connection.
    return "connection" in message or "server closed" in message


def _rollback_session(state: RetryCallState) -> None:
    # The failed attempt left the session's transaction unusable; start the next one clean.
    owner = state.args[0] if state.args else None
    session = getattr(owner, "session", None)
    if session is not None:
        session.rollback()


def retrying_read(fn: F) -> F:
    """Decorate an idempotent read method of a repository (an object with ``.session``)."""
    wrapped = retry(
        retry=retry_if_exception(is_transient),
        stop=stop_after_attempt(ATTEMPTS),
        wait=wait_exponential(multiplier=0.05, max=1.0) + wait_random(0, 0.05),
        before_sleep=_rollback_session,
        reraise=True,
    )(fn)
    return cast(F, wrapped)
