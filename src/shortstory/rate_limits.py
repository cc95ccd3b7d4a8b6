"""Rate limiting (Flask-Limiter): one unbound limiter, bound to the app by the factory.

Storage is Redis when ``REDIS_URL`` is set, else process memory. If Redis fails mid-flight the
limiter falls back to memory (limits then hold per process) and errors are swallowed: a broken
limiter never turns a request into a 500. Limits are read from the settings at request time, so
each app (and each test) gets its own.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import Flask, Response, g, request
from flask_limiter import Limiter
from limits.storage import RedisStorage
from redis.exceptions import RedisError

from shortstory.config import Settings, app_settings
from shortstory.web.error_handlers import own_retry_after

F = TypeVar("F", bound=Callable[..., Any])

# Fail fast when Redis is unreachable, so the fallback kicks in instead of requests hanging.
REDIS_TIMEOUT_S = 0.5


def _settings() -> Settings:
    return app_settings()


def rate_limit_key() -> str:
    """Whom a request counts against: its authenticated user, else the client address.

    The deployment's prefix comes first, so two deployments (or test databases, whose user ids
    overlap) sharing one Redis never share counters.
    """
    from shortstory.web.auth import authenticated_user_or_none

    # Asked once per limit; worked out once per request.
    state = g._get_current_object()
    key: str | None = getattr(state, "rate_limit_key", None)
    if key is None:
        prefix = _settings().ratelimit_key_prefix
        user = authenticated_user_or_none()
        if user is not None:
            key = f"{prefix}:user:{user.id}"
        else:
            key = f"{prefix}:addr:{request.remote_addr or 'unknown'}"
        state.rate_limit_key = key
    return key


def _global_limits() -> str:
    return _settings().ratelimit_default


def _other_limits() -> str:
    return _settings().ratelimit_other


# RATELIMIT_DEFAULT is the global quota: one budget per caller across every route (Flask-Limiter's
# "application" limits). Every route also has its own budget: RATELIMIT_OTHER unless it is
# decorated with limit_generation or limit_revision (Flask-Limiter's "default" limits). Other
# routes take no decorator: a decorated route is checked in a second pass, after the middleware's.
class BatchingLimiter(Limiter):
    """Flask-Limiter, counting all of a request's windows in one Redis round trip.

    Flask-Limiter hits each limit in turn (the global day and hour windows and the route's own:
    three round trips). With :class:`CountingRedisStorage` this works out the same window keys
    first — in the same order, skipping the same limits — and counts them with one script, which
    stops at the first window it overfills as Flask-Limiter does; each hit then finds its count
    already there. Without that storage (memory, a fallback) nothing changes.
    """

    def _Limiter__evaluate_limits(self, endpoint: str, limits: list[Any]) -> None:
        # Flask-Limiter's private per-request step (pinned version); see the class docstring.
        storage = self._storage
        if isinstance(storage, CountingRedisStorage) and self._strategy == "fixed-window":
            planned = []
            for lim in sorted(limits, key=lambda x: x.limit):
                if lim.is_exempt or lim.method_exempt or lim.deduct_when:
                    continue
                args = [lim.key_func(), lim.scope_for(endpoint, request.method)]
                if not all(args):
                    continue
                if self._key_prefix:
                    args = [self._key_prefix, *args]
                item = lim.limit
                planned.append((item.key_for(*args), item.get_expiry(), lim.deduction_amount,
                                item.amount))
            storage.prefetch_hits(planned)
        super()._Limiter__evaluate_limits(endpoint, limits)  # type: ignore[misc]


limiter = BatchingLimiter(
    key_func=rate_limit_key,
    application_limits=[_global_limits],
    default_limits=[_other_limits],
    in_memory_fallback_enabled=True,
    swallow_errors=True,
    headers_enabled=True,
    strategy="fixed-window",
)


# The page and its static files cost nothing to serve and carry no key (DESIGN §4).
UNLIMITED_BLUEPRINTS = frozenset({"health", "metrics", "ui"})


def _is_unlimited() -> bool:
    # Checked before any limit is resolved: preflights and probes cost the limiter nothing.
    return request.method == "OPTIONS" or request.blueprint in UNLIMITED_BLUEPRINTS


limiter.request_filter(_is_unlimited)


# Counting a hit and reading the window back in one round trip (see CountingRedisStorage).
_INCR_WITH_TTL = """
local current = redis.call("incrby", KEYS[1], ARGV[2])
if tonumber(current) == tonumber(ARGV[2]) then
    redis.call("expire", KEYS[1], ARGV[1])
end
return {current, redis.call("ttl", KEYS[1])}
"""
# Count several windows in order, stopping after the first one overfilled; returns each
# window's count and time to live, for the windows it counted.
_INCR_MANY_WITH_TTL = """
local out = {}
for i, key in ipairs(KEYS) do
    local amount = tonumber(ARGV[3 * i - 1])
    local current = redis.call("incrby", key, amount)
    if current == amount then
        redis.call("expire", key, ARGV[3 * i - 2])
    end
    out[#out + 1] = current
    out[#out + 1] = redis.call("ttl", key)
    if current > tonumber(ARGV[3 * i]) then
        break
    end
end
return out
"""
# A window read right after its own hit, in the same thread, is answered from that hit.
_FRESH_FOR_S = 0.5


class CountingRedisStorage(RedisStorage):
    """The ``limits`` Redis storage, with the window statistics of a hit kept from the hit.

    Flask-Limiter counts a request (one round trip) and then reads the same counter and its
    expiry back for the ``X-RateLimit-*`` headers (two more). Here the hit's script returns the
    count and the time to live together, and the read that follows in the same thread is
    answered from them: one round trip per limit instead of three. Any other read goes to Redis.
    """

    STORAGE_SCHEME = ["shortstory+redis", "shortstory+rediss"]  # noqa: RUF012 (as the base declares it)

    def __init__(self, uri: str, **options: Any) -> None:
        super().__init__(uri.replace("shortstory+", "", 1), **options)
        self.lua_incr_with_ttl = self.get_connection().register_script(_INCR_WITH_TTL.encode())
        self.lua_incr_many_with_ttl = self.get_connection().register_script(
            _INCR_MANY_WITH_TTL.encode())
        self._recent = threading.local()

    def _prefetched(self) -> dict[str, tuple[int, float, float]]:
        prefetched = getattr(self._recent, "hits", None)
        if prefetched is None:
            prefetched = self._recent.hits = {}
        return prefetched

    def prefetch_hits(self, planned: list[tuple[str, int, int, int]]) -> None:
        """Count ``(key, expiry, amount, limit)`` windows in one round trip (stopping after the
        first overfilled one); the :meth:`incr` of each that follows in this thread takes its
        count from here. A Redis error leaves nothing prefetched: each hit then asks Redis (and
        Flask-Limiter's fallback applies)."""
        prefetched = self._prefetched()
        prefetched.clear()
        if len(planned) < 2:
            return
        keys = [self.prefixed_key(key) for key, _, _, _ in planned]
        argv = [value for _, expiry, amount, limit in planned for value in (expiry, amount, limit)]
        try:
            out = self.lua_incr_many_with_ttl(keys, argv)
        except RedisError:
            return
        now = time.monotonic()
        for index in range(len(out) // 2):
            count, ttl = int(out[2 * index]), int(out[2 * index + 1])
            prefetched[planned[index][0]] = (count, time.time() + max(ttl, 0), now)

    def _remembered(self) -> dict[str, tuple[int, float, float]]:
        remembered = getattr(self._recent, "windows", None)
        if remembered is None:
            remembered = self._recent.windows = {}
        return remembered

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Count ``amount`` hits on ``key`` (or take the count :meth:`prefetch_hits` got for
        it); remember the count and expiry for the next read."""
        now = time.monotonic()
        done = self._prefetched().pop(key, None)
        if done is not None and now - done[2] <= _FRESH_FOR_S:
            count, expires_at = done[0], done[1]
        else:
            count, ttl = self.lua_incr_with_ttl([self.prefixed_key(key)], [expiry, amount])
            expires_at = time.time() + max(int(ttl), 0)
        remembered = self._remembered()
        # Forget hits nobody read (a request's other limits): the thread keeps a handful at most.
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


def init_rate_limits(app: Flask, settings: Settings) -> None:
    """Bind :data:`limiter` to ``app`` with the storage and switches of ``settings``."""
    app.config["RATELIMIT_ENABLED"] = settings.ratelimit_enabled
    if settings.redis_url:
        app.config["RATELIMIT_STORAGE_URI"] = redis_storage_uri(settings.redis_url)
    else:
        app.config["RATELIMIT_STORAGE_URI"] = "memory://"
    # After-request hooks run in reverse order: this one runs after the limiter's own.
    app.after_request(_retry_after_only_when_refused)
    limiter.init_app(app)
    # Flask-Limiter replaces the storage here but keeps the last app's "storage is dead" flag, so
    # an app bound after another lost Redis counted in its fallback memory until the flag's
    # back-off ran out (one limiter, many apps: the test suite, the CLI). A new app starts on its
    # own storage; a dead one is found again on its first failed hit.
    limiter._storage_dead = False


def _retry_after_only_when_refused(response: Response) -> Response:
    # Flask-Limiter sends Retry-After on every limited response; it only means something on
    # a refusal. It also keeps the larger of its window and a header already there, so an
    # error that chose its own (a full queue's 5 s) gets it back: the response's Retry-After is
    # that of the error that produced it.
    if response.status_code not in (429, 503):
        response.headers.pop("Retry-After", None)
        return response
    own = own_retry_after()
    if own is not None:
        response.headers["Retry-After"] = own
    return response


def _limit_from(setting: str) -> Callable[[F], F]:
    def current_limit() -> str:
        return str(getattr(_settings(), setting))

    # The route's own limit replaces the per-route default; the global quota still applies.
    return limiter.limit(current_limit)  # type: ignore[return-value]


limit_generation: Callable[[F], F] = _limit_from("ratelimit_generation")
"""Decorate a view that starts a story generation (``RATELIMIT_GENERATION``)."""
limit_revision: Callable[[F], F] = _limit_from("ratelimit_revision")
"""Decorate a view that starts a revision (``RATELIMIT_REVISION``)."""
exempt = limiter.exempt
"""Exempt a view or blueprint from every limit (health, metrics)."""
