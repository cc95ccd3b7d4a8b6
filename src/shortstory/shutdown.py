"""Whether this process has been told to stop (SIGTERM), for work that would otherwise outlive it.

Gunicorn's ``post_worker_init`` hook chains :func:`request_shutdown` in front of the worker's own
SIGTERM handler. Long-lived work polls :func:`shutdown_requested`: an open event stream sends its
last ``retry:`` hint and ends, so the worker's graceful stop is not held up by an idle client;
the job pool uses :func:`seconds_left` to know how long its running jobs may still take.
A plain assignment, not an ``Event``: it is set from a signal handler, where taking a lock the
interrupted code may hold would deadlock.
"""

from __future__ import annotations

import time

_state: dict[str, float | None] = {"at": None}


def request_shutdown() -> None:
    """Note that the process is stopping (safe to call from a signal handler)."""
    if _state["at"] is None:
        _state["at"] = time.monotonic()


def shutdown_requested() -> bool:
    """Whether :func:`request_shutdown` was called in this process."""
    return _state["at"] is not None


def seconds_left(budget_s: float) -> float:
    """Of ``budget_s`` seconds counted from the shutdown request, how many remain (the whole
    budget when no shutdown was requested)."""
    at = _state["at"]
    if at is None:
        return budget_s
    return max(0.0, budget_s - (time.monotonic() - at))


def reset() -> None:
    """Forget a request (tests; a forked child starts from its parent's state)."""
    _state["at"] = None
