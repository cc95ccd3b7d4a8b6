"""Workers' signs of life: one Redis key per worker hostname holding the time of its last beat.

A worker writes its key every few seconds with a TTL a few beats long, so a worker that died
disappears on its own; health and metrics read the newest beat to say whether any worker is alive.
"""

from __future__ import annotations

import time
from typing import Any, cast

import redis

HEARTBEAT_TTL_S = 30
"""A worker that has not beaten for this long is no longer listed."""


def heartbeat_prefix(queue_prefix: str) -> str:
    """Where the keys of one deployment's workers live (its ``JOB_QUEUE_PREFIX`` included)."""
    return f"shortstory:{queue_prefix}worker-heartbeat:"


class WorkerHeartbeats:
    """The heartbeat keys under ``prefix`` in one Redis."""

    def __init__(self, client: redis.Redis, prefix: str, *,
                 ttl_s: int = HEARTBEAT_TTL_S) -> None:
        self._client = client
        self._prefix = prefix
        self._ttl_s = ttl_s

    def beat(self, hostname: str) -> None:
        """Record that ``hostname`` is alive now."""
        self._client.set(self._prefix + hostname, f"{time.time():.3f}", ex=self._ttl_s)

    def forget(self, hostname: str) -> None:
        """Remove ``hostname``'s key (a clean shutdown)."""
        self._client.delete(self._prefix + hostname)

    def close(self) -> None:
        """Close the Redis connections."""
        self._client.close()

    def ages(self) -> dict[str, float]:
        """Seconds since each listed worker's last beat, by hostname.

        :raises redis.RedisError: Redis cannot be reached.
        """
        keys = list(self._client.scan_iter(match=self._prefix + "*", count=100))
        if not keys:
            return {}
        now = time.time()
        ages: dict[str, float] = {}
        values = cast("list[Any]", self._client.mget(keys))  # a sync client: a list
        for key, value in zip(keys, values, strict=True):
            if value is None:  # expired between the scan and the read
                continue
            name = (key.decode() if isinstance(key, bytes) else str(key))[len(self._prefix):]
            ages[name] = max(0.0, now - float(value))
        return ages

    def newest_age(self) -> float | None:
        """Seconds since the most recent beat of any worker; ``None`` when none is listed."""
        ages = self.ages()
        return round(min(ages.values()), 3) if ages else None
