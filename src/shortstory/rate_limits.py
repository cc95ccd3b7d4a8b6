"""Rate limiting: a global quota per caller plus a budget per route, counted in one round trip.

``RATELIMIT_DEFAULT`` is the global quota: one budget per caller across every route. Every route
also has a budget of its own: ``RATELIMIT_OTHER`` unless the view is decorated with
:data:`limit_generation` or :data:`limit_revision`. Limits are fixed windows (the ``limits``
library's items and key layout, so counters match what Flask-Limiter kept) read from the settings
at request time, so each app (and each test) gets its own.

A request's limits are all counted by one before-request hook: with Redis, a single Lua script
counts the global limits and then the route's, stopping at the first one exceeded (as checking
them one by one would), and returns each count with its time to live, which the
``X-RateLimit-*`` headers and ``Retry-After`` are made from: one round trip per request.
Storage is Redis when ``REDIS_URL`` is set, else process memory. If Redis fails mid-flight the
limits fall back to memory (then holding per process) and Redis is tried again with a growing
back-off; any other limiter fault is logged and the request allowed: a broken limiter never turns
a request into a 500. A refusal raises Flask-Limiter's :class:`RateLimitExceeded` (a 429 that
the central error handlers render).
"""

from __future__ import annotations

import functools
import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import Blueprint, Flask, Response, current_app, g, request
from flask_limiter import RateLimitExceeded
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage, RedisStorage, Storage, storage_from_string
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import NoScriptError

from shortstory.config import Settings

F = TypeVar("F", bound=Callable[..., Any])

# Fail fast when Redis is unreachable, so the fallback kicks in instead of requests hanging.
REDIS_TIMEOUT_S = 0.5
# While Redis is down it is probed again after 1, 2, 4 … seconds, at most this far apart.
MAX_RECHECK_INTERVAL_S = 32.0

GLOBAL_SCOPE = "global"
UNLIMITED_BLUEPRINTS = frozenset({"health"})
_EXTENSION = "shortstory.rate_limits"
_ROUTE_LIMIT_ATTR = "_shortstory_rate_limit"
_EXEMPT_ATTR = "_shortstory_rate_limit_exempt"
_WINDOW_ATTR = "_shortstory_rate_limit_window"
_exempt_blueprints: set[str] = set(UNLIMITED_BLUEPRINTS)

logger = logging.getLogger("shortstory.rate_limits")

Hit = tuple[str, int, int]
"""One limit to count: storage key (unprefixed), allowed amount, window length in seconds."""
Counted = tuple[int, float]
"""A counted hit: the window's count after it, and when the window ends (epoch seconds)."""


def _settings() -> Settings:
    return current_app.config["SHORTSTORY_SETTINGS"]  # type: ignore[no-any-return]


def rate_limit_key() -> str:
    """Whom a request counts against: its authenticated user, else the client address.

    The deployment's prefix comes first, so two deployments (or test databases, whose user ids
    overlap) sharing one Redis never share counters.
    """
    from shortstory.web.auth import authenticated_user_or_none

    prefix = _settings().ratelimit_key_prefix
    user = authenticated_user_or_none()
    if user is not None:
        return f"{prefix}:user:{user.id}"
    return f"{prefix}:addr:{request.remote_addr or 'unknown'}"


# Counting every hit of a request in turn, in one round trip: KEYS are the counters, ARGV holds
# (amount, expiry) per key. A counter's first hit starts its window. The first count over its
# amount ends the walk (the later limits are not charged), and its 1-based index leads the reply.
_HIT_IN_TURN = """
local reply = {0}
for i, key in ipairs(KEYS) do
    local amount = tonumber(ARGV[2 * i - 1])
    local current = redis.call("incrby", key, 1)
    if current == 1 then
        redis.call("expire", key, ARGV[2 * i])
    end
    reply[#reply + 1] = current
    reply[#reply + 1] = redis.call("ttl", key)
    if current > amount then
        reply[1] = i
        break
    end
end
return reply
"""
# Counting a hit and reading the window back in one round trip (see CountingRedisStorage).
_INCR_WITH_TTL = """
local current = redis.call("incrby", KEYS[1], ARGV[2])
if tonumber(current) == tonumber(ARGV[2]) then
    redis.call("expire", KEYS[1], ARGV[1])
end
return {current, redis.call("ttl", KEYS[1])}
"""
# A window read right after its own hit, in the same thread, is answered from that hit.
_FRESH_FOR_S = 0.5


class CountingRedisStorage(RedisStorage):
    """The ``limits`` Redis storage, counting all of a request's limits in one script.

    :meth:`hit_in_turn` is what the limiter uses. It talks to Redis over a connection of the
    calling thread's own, skipping the client's pool checks and retry machinery: one request,
    one command, one reply (the general client costs about twice the CPU for the same call).
    The single-key API still works: a hit's script returns the count and time to live together,
    and a read of the same counter that follows in the same thread is answered from them; any
    other read goes to Redis.
    """

    STORAGE_SCHEME: ClassVar[list[str]] = ["shortstory+redis", "shortstory+rediss"]

    def __init__(self, uri: str, **options: Any) -> None:
        super().__init__(uri.replace("shortstory+", "", 1), **options)
        connection = self.get_connection()
        self.lua_hit_in_turn = connection.register_script(_HIT_IN_TURN)
        self.lua_incr_with_ttl = connection.register_script(_INCR_WITH_TTL)
        self._recent = threading.local()
        self._lanes = threading.local()

    def hit_in_turn(self, hits: Sequence[Hit]) -> list[Counted]:
        """Count one hit on each of ``hits`` in order, stopping after the first one exceeded.

        :returns: one ``(count, window end)`` per limit counted, in the order of ``hits``.
        :raises redis.exceptions.RedisError: when Redis cannot be reached or fails.
        """
        command: list[Any] = ["EVALSHA", self.lua_hit_in_turn.sha, len(hits)]
        command += [self.prefixed_key(key) for key, _, _ in hits]
        for _, amount, expiry in hits:
            command += (amount, expiry)
        reply = self._call(command)
        now = time.time()
        return [(int(reply[i]), now + max(int(reply[i + 1]), 0)) for i in range(1, len(reply), 2)]

    def _lane(self, *, fresh: bool = False) -> Any:
        # A connection per thread (and per process: a forked worker opens its own).
        lane = self._lanes.__dict__
        connection = lane.get("connection")
        if fresh or connection is None or lane.get("pid") != os.getpid():
            if connection is not None and lane.get("pid") == os.getpid():
                connection.disconnect()
            pool = self.get_connection().connection_pool
            connection = pool.connection_class(**pool.connection_kwargs)
            lane["connection"], lane["pid"] = connection, os.getpid()
        return connection

    def _call(self, command: list[Any]) -> Any:
        connection = self._lane()
        for attempt in (1, 2):
            try:
                connection.send_command(*command)
                return connection.read_response()
            except NoScriptError:
                # A restarted (or flushed) Redis forgot the script: load it, send again.
                self.get_connection().script_load(_HIT_IN_TURN)
            except RedisConnectionError:
                # A connection Redis dropped while idle: one more try on a new one (as the
                # general client does). Timeouts are not retried: the fallback must be fast.
                connection.disconnect()
                if attempt == 2:
                    raise
                connection = self._lane(fresh=True)
            except BaseException:
                connection.disconnect()
                raise
        connection.send_command(*command)
        return connection.read_response()

    def _remembered(self) -> dict[str, tuple[int, float, float]]:
        remembered = getattr(self._recent, "windows", None)
        if remembered is None:
            remembered = self._recent.windows = {}
        return remembered  # type: ignore[no-any-return]

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Count ``amount`` hits on ``key``; remember the count and expiry for the next read."""
        count, ttl = self.lua_incr_with_ttl([self.prefixed_key(key)], [expiry, amount])
        expires_at = time.time() + max(int(ttl), 0)
        now = time.monotonic()
        remembered = self._remembered()
        # Forget hits nobody read: the thread keeps a handful at most.
        for stale in [k for k, v in remembered.items() if now - v[2] > _FRESH_FOR_S]:
            del remembered[stale]
        remembered[key] = (int(count), expires_at, now)
        return int(count)

    def _fresh(self, key: str, *, consume: bool) -> tuple[int, float] | None:
        remembered = self._remembered()
        entry = remembered.pop(key, None) if consume else remembered.get(key)
        if entry is None or time.monotonic() - entry[2] > _FRESH_FOR_S:
            return None
        return entry[0], entry[1]

    def get(self, key: str) -> int:
        """The count of ``key``: from this thread's hit just now, else from Redis."""
        fresh = self._fresh(key, consume=False)
        return fresh[0] if fresh is not None else super().get(key)

    def get_expiry(self, key: str) -> float:
        """When ``key``'s window ends (epoch seconds); the remembered hit is used up."""
        fresh = self._fresh(key, consume=True)
        return fresh[1] if fresh is not None else super().get_expiry(key)


def hit_in_turn(storage: Storage, hits: Sequence[Hit]) -> list[Counted]:
    """:meth:`CountingRedisStorage.hit_in_turn` on any ``limits`` storage (memory: key by key)."""
    if isinstance(storage, CountingRedisStorage):
        return storage.hit_in_turn(hits)
    counted: list[Counted] = []
    for key, amount, expiry in hits:
        count = storage.incr(key, expiry)
        counted.append((count, storage.get_expiry(key)))
        if count > amount:
            break
    return counted


def redis_storage_uri(redis_url: str) -> str:
    """``redis_url`` for :class:`CountingRedisStorage`, with short socket timeouts (as URL
    options; the caller's own ones win)."""
    parts = urlsplit(redis_url)
    query = dict(parse_qsl(parts.query))
    query.setdefault("socket_connect_timeout", str(REDIS_TIMEOUT_S))
    query.setdefault("socket_timeout", str(REDIS_TIMEOUT_S))
    uri = urlunsplit(parts._replace(query=urlencode(query)))
    if parts.scheme == "unix":
        return "redis+" + uri  # the limits spelling of a Unix socket (plain storage)
    return "shortstory+" + uri


@functools.lru_cache(maxsize=256)
def _parsed(limits: str) -> tuple[RateLimitItem, ...]:
    # Shortest window first, as Flask-Limiter checks them.
    return tuple(sorted(parse_many(limits)))


@dataclass(frozen=True)
class _Refused:
    """What :class:`RateLimitExceeded` and our 429 handler read: the limit that was exceeded."""

    limit: RateLimitItem
    error_message: None = None


class RateLimitCounter:
    """One app's counting: the configured storage, and process memory while that is down."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self.fallback: Storage | None = (
            None if isinstance(storage, MemoryStorage) else MemoryStorage()
        )
        self.storage_dead = False
        # Each endpoint's own limit setting (None: not limited), worked out on its first request.
        self.routes: dict[str, str | None] = {}
        self._recheck_at = 0.0
        self._recheck_interval = 1.0

    def count(self, hits: Sequence[Hit]) -> list[Counted]:
        """Count ``hits`` (see :func:`hit_in_turn`) where the counters live now."""
        if self.storage_dead and self.fallback is not None and not self._recovered():
            return hit_in_turn(self.fallback, hits)
        try:
            return hit_in_turn(self.storage, hits)
        except Exception:
            if self.fallback is None:
                raise
            logger.warning("Rate limit storage unreachable: counting in process memory")
            self._mark_dead()
            return hit_in_turn(self.fallback, hits)

    def _mark_dead(self) -> None:
        self.storage_dead = True
        self._recheck_interval = 1.0
        self._recheck_at = time.monotonic() + self._recheck_interval

    def _recovered(self) -> bool:
        now = time.monotonic()
        if now < self._recheck_at:
            return False
        self._recheck_interval = min(self._recheck_interval * 2, MAX_RECHECK_INTERVAL_S)
        self._recheck_at = now + self._recheck_interval
        try:
            alive = bool(self.storage.check())
        except Exception:
            alive = False
        if alive:
            logger.info("Rate limit storage recovered")
            self.storage_dead = False
        return alive


def _route_limit_setting(app: Flask, endpoint: str) -> str | None:
    """The setting holding ``endpoint``'s own limit, or ``None`` when it is not limited."""
    # Static files, health and exempted views (or blueprints, nested ones too) cost nothing.
    blueprint, _, name = endpoint.rpartition(".")
    if name == "static":
        return None
    parts = blueprint.split(".") if blueprint else []
    if any(".".join(parts[: i + 1]) in _exempt_blueprints for i in range(len(parts))):
        return None
    view = app.view_functions.get(endpoint)
    if view is None or getattr(view, _EXEMPT_ATTR, False):
        return None
    return getattr(view, _ROUTE_LIMIT_ATTR, "ratelimit_other")


@dataclass(frozen=True)
class _Planned:
    """One limit of a request: the item, and its counter key around the caller's identity."""

    item: RateLimitItem
    key_head: str
    key_tail: str
    amount: int
    expiry: int


@functools.lru_cache(maxsize=512)
def _plan(global_limits: str, route_limits: str) -> tuple[tuple[_Planned, ...], int]:
    # The global limits first (shortest window first, as Flask-Limiter checks them), then the
    # route's; and how many of them are global. The counter keys are RateLimitItem.key_for's
    # ("LIMITER/<who>/<scope>/<amount>/<multiples>/<granularity>"), put together per request
    # from the parts that never change.
    global_items, route_items = _parsed(global_limits), _parsed(route_limits)
    planned = tuple(
        _Planned(
            item=item,
            key_head=f"{item.namespace}/",
            key_tail=f"{item.amount}/{item.multiples}/{item.GRANULARITY.name}",
            amount=item.amount,
            expiry=item.get_expiry(),
        )
        for item in (*global_items, *route_items)
    )
    return planned, len(global_items)


def _check_limits() -> None:
    current = request._get_current_object()  # type: ignore[attr-defined]
    endpoint = current.endpoint
    # Preflights and unrouted requests (a 404) are not counted.
    if current.method == "OPTIONS" or not endpoint:
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    counter: RateLimitCounter = app.extensions[_EXTENSION]
    try:
        route_setting = counter.routes[endpoint]
    except KeyError:
        route_setting = counter.routes[endpoint] = _route_limit_setting(app, endpoint)
    if route_setting is None:
        return
    try:
        settings: Settings = app.config["SHORTSTORY_SETTINGS"]
        plan, n_global = _plan(settings.ratelimit_default, getattr(settings, route_setting))
        who = rate_limit_key()
        hits = [
            (f"{p.key_head}{who}/{GLOBAL_SCOPE if i < n_global else endpoint}/{p.key_tail}",
             p.amount, p.expiry)
            for i, p in enumerate(plan)
        ]  # fmt: skip
        counted = counter.count(hits)
    except Exception:
        logger.exception("Rate limiting failed; the request is let through")
        return
    if not counted:
        return
    last = len(counted) - 1
    if counted[last][0] > plan[last].amount:
        refused = plan[last].item
        # The headers describe the limit that refused the request.
        setattr(g, _WINDOW_ATTR, (refused, *counted[last]))
        logger.info("rate limit %s exceeded for %s at %s", refused, who, endpoint)
        raise RateLimitExceeded(_Refused(refused))  # type: ignore[arg-type]
    # Otherwise the route's own (shortest) limit, the most useful hint to a client.
    shown = n_global if len(counted) > n_global else 0
    setattr(g, _WINDOW_ATTR, (plan[shown].item, *counted[shown]))


def _add_limit_headers(response: Response) -> Response:
    window = g.pop(_WINDOW_ATTR, None)
    if window is None:
        return response
    item, count, window_end = window
    reset_at = int(window_end + 1)
    headers = response.headers
    headers.add("X-RateLimit-Limit", str(item.amount))
    headers.add("X-RateLimit-Remaining", str(max(0, item.amount - count)))
    headers.add("X-RateLimit-Reset", str(reset_at))
    # Retry-After only means something on a refusal (and a 503 may carry its own: the later of
    # the two wins, as Flask-Limiter did).
    if response.status_code in (429, 503):
        existing = headers.get("Retry-After")
        if existing is not None and existing.strip().isdigit():
            reset_at = max(reset_at, int(time.time() + int(existing)))
        headers["Retry-After"] = str(int(reset_at - time.time()))
    return response


def init_rate_limits(app: Flask, settings: Settings) -> None:
    """Count every request of ``app`` against its limits, in the storage of ``settings``."""
    app.config["RATELIMIT_ENABLED"] = settings.ratelimit_enabled
    if not settings.ratelimit_enabled:
        return
    if settings.redis_url:
        storage = storage_from_string(redis_storage_uri(settings.redis_url))
    else:
        storage = MemoryStorage()
    app.extensions[_EXTENSION] = RateLimitCounter(storage)
    app.before_request(_check_limits)
    app.after_request(_add_limit_headers)


def _limit_from(setting: str) -> Callable[[F], F]:
    def mark(view: F) -> F:
        # The route's own limit replaces the per-route default; the global quota still applies.
        setattr(view, _ROUTE_LIMIT_ATTR, setting)
        return view

    return mark


limit_generation: Callable[[F], F] = _limit_from("ratelimit_generation")
"""Decorate a view that starts a story generation (``RATELIMIT_GENERATION``)."""
limit_revision: Callable[[F], F] = _limit_from("ratelimit_revision")
"""Decorate a view that starts a revision (``RATELIMIT_REVISION``)."""
limit_other: Callable[[F], F] = _limit_from("ratelimit_other")
"""Decorate any other API view (``RATELIMIT_OTHER``; undecorated views get it too)."""


def exempt(obj: Any) -> Any:
    """Exempt a view or a whole blueprint from every limit (health, metrics, the API docs)."""
    if isinstance(obj, Blueprint):
        _exempt_blueprints.add(obj.name)
    else:
        setattr(obj, _EXEMPT_ATTR, True)
    return obj
