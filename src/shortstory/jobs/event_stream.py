"""A job's events as a Server-Sent Events stream, resumable with ``Last-Event-ID``.

The stream replays what the client missed, then follows the log until the job's last event
(``done``, ``error`` or ``cancelled``) or until :data:`STREAM_MAX_S` passes — then it ends and
the browser's ``EventSource`` reconnects after ``retry`` ms with the last id it saw, so a Gunicorn
thread is never held by one idle client for ever. When the process is stopping (SIGTERM), the
stream sends the ``retry:`` hint once more and ends within :data:`ROW_CHECK_S`: the client
reconnects to another worker instead of holding this one's graceful stop. A comment line every
:data:`HEARTBEAT_S` keeps proxies from closing a quiet stream. When the job's row has finished
but its log has no last event (the log was unreachable, or expired), the stream ends with one
made from the row: the stored version's text, then ``done`` — so the text a client assembles is
still the version's.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from shortstory.jobs.events import TERMINAL, Event, EventLog
from shortstory.shutdown import shutdown_requested

STREAM_MAX_S = 55.0
"""Longest one response lasts; under Nginx's default 60 s read timeout."""
HEARTBEAT_S = 15.0
RETRY_MS = 1000
"""How long a browser waits before reconnecting after the stream ends."""
ROW_CHECK_S = 1.0
"""How often a quiet stream looks at the job's row."""


@dataclass(frozen=True, slots=True)
class FinishedJob:
    """What the row says about a finished job (for a log that lacks its last event)."""

    status: str
    version: int | None = None
    text: str | None = None
    error: dict[str, Any] | None = None


def sse_message(event: Event | None = None, *, kind: str = "", data: Any = None) -> str:
    """One SSE message: ``id``, ``event`` and a one-line JSON ``data`` field."""
    if event is not None:
        return f"id: {event.id}\nevent: {event.kind}\ndata: {json.dumps(event.data)}\n\n"
    return f"event: {kind}\ndata: {json.dumps(data if data is not None else {})}\n\n"


def job_event_stream(
    log: EventLog,
    job_id: str,
    after: str | None,
    finished: Callable[[], FinishedJob | None],
    *,
    max_s: float = STREAM_MAX_S,
    heartbeat_s: float = HEARTBEAT_S,
    clock: Callable[[], float] = time.monotonic,
    stopping: Callable[[], bool] = shutdown_requested,
) -> Iterator[str]:
    """Yield the SSE text of job ``job_id``'s events after ``after``.

    ``finished()`` reads the job's row: ``None`` while it runs, else what it ended as.
    """
    started = last_sent = clock()
    next_row_check = started
    yield f"retry: {RETRY_MS}\n\n"
    while True:
        if stopping():
            yield f"retry: {RETRY_MS}\n\n"
            return
        now = clock()
        remaining = max_s - (now - started)
        if remaining <= 0:
            return
        wait = max(0.0, min(remaining, heartbeat_s - (now - last_sent), ROW_CHECK_S))
        events = log.read(job_id, after, wait_s=wait)
        for event in events:
            yield sse_message(event)
            after = event.id
            if event.kind in TERMINAL:
                return
        now = clock()
        if events:
            last_sent = now
            continue
        if now >= next_row_check:
            next_row_check = now + ROW_CHECK_S
            ended = finished()
            if ended is not None:
                # Read once more: the last event may have landed just after the read above.
                late = log.read(job_id, after)
                for event in late:
                    yield sse_message(event)
                    if event.kind in TERMINAL:
                        return
                yield from _ending_from_row(ended)
                return
        if now - last_sent >= heartbeat_s:
            last_sent = now
            yield ": keep-alive\n\n"


def _ending_from_row(ended: FinishedJob) -> Iterator[str]:
    if ended.status == "succeeded":
        if ended.text is not None:
            yield sse_message(kind="rewrite", data={"at": 0, "text": ended.text})
        yield sse_message(kind="done", data={"version": ended.version})
    elif ended.status == "failed":
        yield sse_message(kind="error", data=ended.error or {})
    else:
        yield sse_message(kind=ended.status, data={})
