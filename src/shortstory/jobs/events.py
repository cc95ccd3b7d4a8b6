"""A job's event log: what a worker appends as it writes and what the SSE endpoint replays.

Events are ``(kind, data)`` pairs with ids that increase within a job, so a client that
reconnects with ``Last-Event-ID`` gets exactly what it missed. Kinds:

- ``stage``: a stage starts (``{"stage": ..., "progress": ...}``);
- ``chunk``: draft text to append (``{"text": ...}``);
- ``rewrite``: the draft changed behind the end (a redrafted or repaired beat, or a new
  attempt): keep the first ``at`` characters and append ``text``;
- ``progress``: share of the job done (``{"progress": 0..1}``);
- ``done`` (``{"version": n}``), ``error`` (our error shape), ``cancelled``: the last event.

Two stores behind one interface: a Redis Stream per job in production (capped, expiring after
the job ends) and a table in the database for the embedded default — never one process's
memory, since the SSE request may reach another Gunicorn worker than the one running the job.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol, cast

import redis
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from shortstory.config import Settings
from shortstory.storage.session import Database
from shortstory.storage.story_models import JobEvent, utcnow

TERMINAL = frozenset({"done", "error", "cancelled"})
"""Kinds that end a job's stream."""

POLL_S = 0.1
"""How often the database log looks for new events while a reader waits."""

REDIS_MAXLEN = 20_000
"""Events kept per job in Redis (approximate cap): far above a 7,500-word story's flushes."""

REDIS_KEEP_S = 24 * 3600
"""A job's stream expires this long after its last event."""

REDIS_KEEP_FINISHED_S = 3600
"""…and this long after it ended, long enough for a reconnecting client to replay it."""


@dataclass(frozen=True, slots=True)
class Event:
    """One stored event; ``id`` is opaque to clients (the SSE ``id:`` field)."""

    id: str
    kind: str
    data: dict[str, Any]


class EventLog(Protocol):
    """Where a job's events live."""

    name: str

    def append(self, job_id: str, events: Sequence[tuple[str, dict[str, Any]]]) -> None:
        """Add ``events`` (in order) to the job's log."""
        ...

    def read(self, job_id: str, after: str | None, wait_s: float = 0.0) -> list[Event]:
        """Events after id ``after`` (all when ``None``), waiting up to ``wait_s`` for one."""
        ...


SessionScope = Callable[[], AbstractContextManager[Session]]
"""Opens a unit of work: a session committed on success, rolled back on error."""


class DatabaseEventLog:
    """The embedded log: one row per event in ``job_events``, ids are the per-job ``seq``."""

    name = "database"

    def __init__(self, session_scope: SessionScope, *, poll_s: float = POLL_S) -> None:
        self._scope = session_scope
        self._poll_s = poll_s

    def append(self, job_id: str, events: Sequence[tuple[str, dict[str, Any]]]) -> None:
        """Add ``events`` after the job's last one (one transaction)."""
        if not events:
            return
        for attempt in range(5):
            try:
                with self._scope() as session:
                    last = session.scalar(
                        select(func.max(JobEvent.seq)).where(JobEvent.job_id == job_id)) or 0
                    now = utcnow()
                    session.add_all(
                        JobEvent(job_id=job_id, seq=last + n, kind=kind, data=data,
                                 created_at=now)
                        for n, (kind, data) in enumerate(events, 1))
                return
            except IntegrityError:
                # Two writers took the same seq (an old attempt's last flush racing a new one):
                # the loser reads the new end and appends after it.
                if attempt == 4:
                    raise

    def read(self, job_id: str, after: str | None, wait_s: float = 0.0) -> list[Event]:
        """Events with ``seq`` above ``after``, polling every :data:`POLL_S` up to ``wait_s``."""
        after_seq = _seq(after)
        deadline = time.monotonic() + wait_s
        while True:
            with self._scope() as session:
                rows = session.execute(
                    select(JobEvent.seq, JobEvent.kind, JobEvent.data)
                    .where(JobEvent.job_id == job_id, JobEvent.seq > after_seq)
                    .order_by(JobEvent.seq)
                    .limit(1000)
                ).all()
            if rows or time.monotonic() >= deadline:
                return [Event(str(seq), kind, data) for seq, kind, data in rows]
            time.sleep(min(self._poll_s, max(0.0, deadline - time.monotonic())))


def _seq(after: str | None) -> int:
    if not after:
        return 0
    try:
        return max(0, int(after))
    except ValueError:
        return 0  # an id from another log (or garbage): replay from the start


class RedisEventLog:
    """The production log: a Redis Stream per job (``XADD`` with a cap), ids are stream ids."""

    name = "redis"

    def __init__(self, client: redis.Redis, *, prefix: str = "shortstory:job-events:") -> None:
        self._redis = client
        self._prefix = prefix

    def _key(self, job_id: str) -> str:
        return f"{self._prefix}{job_id}"

    def append(self, job_id: str, events: Sequence[tuple[str, dict[str, Any]]]) -> None:
        """``XADD`` each event, then refresh the stream's expiry (shorter once it ended)."""
        if not events:
            return
        key = self._key(job_id)
        pipe = self._redis.pipeline(transaction=True)
        for kind, data in events:
            pipe.xadd(key, {"kind": kind, "data": json.dumps(data)}, maxlen=REDIS_MAXLEN,
                      approximate=True)
        ended = any(kind in TERMINAL for kind, _ in events)
        pipe.expire(key, REDIS_KEEP_FINISHED_S if ended else REDIS_KEEP_S)
        pipe.execute()

    def read(self, job_id: str, after: str | None, wait_s: float = 0.0) -> list[Event]:
        """``XREAD`` after stream id ``after``, blocking up to ``wait_s``."""
        start = after if after and _is_stream_id(after) else "0-0"
        block = int(wait_s * 1000) if wait_s > 0 else None
        answer = cast("list[Any] | None",
                      self._redis.xread({self._key(job_id): start}, count=1000, block=block))
        events: list[Event] = []
        for _key, entries in answer or []:
            for entry_id, fields in entries:
                kind = _text(fields.get(b"kind", fields.get("kind", b"")))
                data = json.loads(_text(fields.get(b"data", fields.get("data", b"{}"))))
                events.append(Event(_text(entry_id), kind, data))
        return events


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _is_stream_id(value: str) -> bool:
    millis, _, sequence = value.partition("-")
    return millis.isdigit() and (not sequence or sequence.isdigit())


def build_event_log(settings: Settings, database: Database) -> EventLog:
    """Redis Streams when jobs run on Celery over Redis, else the database's table."""
    if settings.job_backend == "celery" and settings.redis_url:
        client = redis.Redis.from_url(settings.redis_url, socket_connect_timeout=1.0,
                                      socket_timeout=5.0, health_check_interval=30)
        return RedisEventLog(client)
    return DatabaseEventLog(database.session_scope)
