"""Polling an API whose every request counts against production's rate limits."""

from __future__ import annotations

from collections.abc import Iterator


def poll_intervals(first: float = 0.1, factor: float = 1.25, cap: float = 2.0) -> Iterator[float]:
    """Sleeps between polls: quick at first, then slower up to ``cap`` seconds.

    Production allows 50 requests an hour; polling every 0.1 s spends them in five seconds, so a
    job slowed by a loaded machine ended its test with a 429 instead of its status. These sleeps
    answer a quick job within a fraction of a second and stretch 50 requests over about 80 s.
    """
    interval = first
    while True:
        yield interval
        interval = min(interval * factor, cap)
