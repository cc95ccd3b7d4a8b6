"""The Celery job backend: the Celery app built from settings, and the queue the web sends to.

Jobs travel as task *names* with the job id as the only argument: :class:`CeleryQueue` sends
them with ``send_task``, so the web process never imports the task bodies (they are registered by
:mod:`shortstory.jobs.celery_worker`, in the worker only). Each kind has its queue (``generate``,
``revise``, after ``JOB_QUEUE_PREFIX``).

A message is acknowledged after its task ran (``acks_late``) and one is fetched at a time, so a
worker that dies hands its job back to the broker. The job row, not the message, decides whether
anything runs: the task body claims the job with a conditional update (DESIGN §6).
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

import redis
from celery import Celery
from kombu import Queue
from kombu.exceptions import KombuError

from shortstory.config import Settings
from shortstory.jobs.heartbeats import WorkerHeartbeats, heartbeat_prefix
from shortstory.jobs.queue import QueueFull, QueueUnavailable

log = logging.getLogger(__name__)

TASK_NAMES: dict[str, str] = {"generate": "shortstory.jobs.generate",
                              "revise": "shortstory.jobs.revise"}
"""Job kind -> the name its task is registered and sent under."""

REDIS_SCHEMES = ("redis", "rediss")
SOCKET_TIMEOUT_S = 2.0
RETRY_AFTER_S = 5
# Publishing retries only briefly: a request waits for it, and a broker that is down for longer
# is answered with 503 and Retry-After rather than a hung request.
PUBLISH_RETRY_POLICY: dict[str, Any] = {
    "max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1,
}


def queue_names(settings: Settings) -> dict[str, str]:
    """Job kind -> its Celery queue name."""
    return {kind: f"{settings.job_queue_prefix}{kind}" for kind in TASK_NAMES}


def is_redis_url(url: str | None) -> bool:
    """Whether ``url`` names a Redis server (the broker may also be RabbitMQ)."""
    return bool(url) and urlsplit(url or "").scheme in REDIS_SCHEMES


def _transport_options(settings: Settings) -> dict[str, Any]:
    if not is_redis_url(settings.broker_url):
        return {}
    return {
        # An unacknowledged message goes back to its queue after this long: it must exceed the
        # longest job, or a job still running on a healthy worker is delivered a second time.
        "visibility_timeout": 2 * settings.job_hard_time_limit,
        # Look for such messages every second (the default is a ~100 s sweep), as STACK-NOTES
        # measured; a message is still only restored once its visibility timeout has passed.
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
        "socket_connect_timeout": SOCKET_TIMEOUT_S,
        # Above the transport's 1 s BRPOP timeout; bounds a publish on a dead connection.
        "socket_timeout": SOCKET_TIMEOUT_S + 3,
    }


def build_celery(settings: Settings) -> Celery:
    """The Celery app of the settings' broker: JSON only, late acks, one message at a time.

    :raises ValueError: the settings name no broker.
    """
    broker = settings.broker_url
    if not broker:
        raise ValueError("the Celery backend needs REDIS_URL or CELERY_BROKER_URL")
    app = Celery("shortstory", broker=broker, set_as_current=False)
    queues = queue_names(settings)
    app.conf.update(
        task_serializer="json",
        accept_content=["json"],
        result_serializer="json",
        result_accept_content=["json"],
        task_ignore_result=True,  # the job row holds the outcome
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_soft_time_limit=settings.job_soft_time_limit,
        task_time_limit=settings.job_hard_time_limit,
        broker_transport_options=_transport_options(settings),
        broker_connection_retry_on_startup=True,
        task_queues=[Queue(name, routing_key=name) for name in queues.values()],
        task_default_queue=queues["generate"],
        task_create_missing_queues=False,
        task_routes={TASK_NAMES[kind]: {"queue": name, "routing_key": name}
                     for kind, name in queues.items()},
        worker_hijack_root_logger=False,
        worker_redirect_stdouts=False,
        worker_send_task_events=False,
        enable_utc=True,
        timezone="UTC",
    )
    return app


def heartbeat_redis_url(settings: Settings) -> str | None:
    """The Redis the workers' heartbeats live in: ``REDIS_URL``, else a Redis broker."""
    if settings.redis_url:
        return settings.redis_url
    return settings.broker_url if is_redis_url(settings.broker_url) else None


def _redis(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_connect_timeout=SOCKET_TIMEOUT_S,
                                socket_timeout=SOCKET_TIMEOUT_S, health_check_interval=30)


class CeleryQueue:
    """Sends jobs to Celery workers through the broker; counts what waits (Redis brokers)."""

    name = "celery"

    def __init__(self, app: Celery, queues: dict[str, str], *, capacity: int,
                 broker_redis: redis.Redis | None = None,
                 heartbeats: WorkerHeartbeats | None = None,
                 retry_after: int = RETRY_AFTER_S) -> None:
        """:param broker_redis: a client of the broker when it is Redis (queue lengths).
        :param heartbeats: where workers report they are alive (``None``: not known)."""
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self._app = app
        self._queues = dict(queues)
        self._capacity = capacity
        self._broker_redis = broker_redis
        self._heartbeats = heartbeats
        self._retry_after = retry_after

    @classmethod
    def from_settings(cls, settings: Settings) -> CeleryQueue:
        """The queue of the settings' broker (connects on first use)."""
        broker = settings.broker_url
        heartbeat_url = heartbeat_redis_url(settings)
        return cls(
            build_celery(settings), queue_names(settings),
            capacity=settings.celery_queue_capacity,
            broker_redis=_redis(broker) if broker and is_redis_url(broker) else None,
            heartbeats=(WorkerHeartbeats(_redis(heartbeat_url),
                                         heartbeat_prefix(settings.job_queue_prefix))
                        if heartbeat_url else None),
        )

    def enqueue(self, kind: str, job_id: str) -> None:
        """Send job ``job_id`` to the queue of ``kind``.

        :raises QueueFull: ``capacity`` jobs already wait.
        :raises QueueUnavailable: the broker cannot be reached (nothing was sent).
        """
        if kind not in self._queues:
            raise ValueError(f"unknown job kind {kind!r}")
        waiting = self.depth()
        if waiting >= self._capacity:
            raise QueueFull(waiting, self._capacity, self._retry_after)
        try:
            self._app.send_task(TASK_NAMES[kind], args=[job_id], queue=self._queues[kind],
                                retry=True, retry_policy=PUBLISH_RETRY_POLICY)
        except (KombuError, redis.RedisError, OSError) as exc:
            log.warning("could not send job %s (%s) to the broker: %s", job_id, kind, exc)
            raise QueueUnavailable(type(exc).__name__, self._retry_after) from exc

    def depths(self) -> dict[str, int] | None:
        """Messages waiting in each queue, by queue name; ``None`` when the broker is not Redis.

        :raises QueueUnavailable: the broker cannot be reached.
        """
        if self._broker_redis is None:
            return None
        names = list(self._queues.values())
        try:
            pipe = self._broker_redis.pipeline(transaction=False)
            for name in names:
                pipe.llen(name)
            lengths = pipe.execute()
        except redis.RedisError as exc:
            raise QueueUnavailable(type(exc).__name__, self._retry_after) from exc
        return {name: int(length) for name, length in zip(names, lengths, strict=True)}

    def depth(self) -> int:
        """Messages waiting across the queues (0 when the broker cannot count them).

        :raises QueueUnavailable: the broker cannot be reached.
        """
        return sum((self.depths() or {}).values())

    def capacity(self) -> int:
        """The most messages waiting before :meth:`enqueue` raises :class:`QueueFull`."""
        return self._capacity

    def ping(self) -> None:
        """Reach the broker once.

        :raises Exception: whatever the broker's client raised.
        """
        if self._broker_redis is not None:
            self._broker_redis.ping()
            return
        with self._app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=SOCKET_TIMEOUT_S)

    def newest_heartbeat_age(self) -> float | None:
        """Seconds since any worker last reported alive; ``None`` when none is listed.

        :raises redis.RedisError: the heartbeats' Redis cannot be reached.
        """
        return self._heartbeats.newest_age() if self._heartbeats is not None else None

    def stats(self) -> dict[str, object]:
        """Backend, depth per queue, capacity and the newest worker heartbeat (for health and
        metrics: a broker that does not answer shows as ``None`` values, never an exception)."""
        stats: dict[str, object] = {"backend": self.name, "capacity": self._capacity}
        try:
            depths = self.depths()
            stats["queues"] = depths if depths is not None else dict.fromkeys(self._queues.values())
            stats["depth"] = sum(depths.values()) if depths is not None else None
        except QueueUnavailable:
            stats["queues"] = dict.fromkeys(self._queues.values())
            stats["depth"] = None
        try:
            stats["worker_heartbeat_age_s"] = self.newest_heartbeat_age()
        except redis.RedisError:
            stats["worker_heartbeat_age_s"] = None
        return stats

    def shutdown(self, wait: bool = True) -> None:
        """Close the broker connections (jobs already sent stay in the broker)."""
        self._app.close()
        if self._broker_redis is not None:
            self._broker_redis.close()
        if self._heartbeats is not None:
            self._heartbeats.close()
