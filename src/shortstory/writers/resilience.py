"""What stands between a writer and its provider: retries, a circuit breaker, an outbound budget.

Every remote call goes through one :class:`ProviderGuard` per provider and process:

- **retries** (tenacity): exponential backoff with jitter on 429, 5xx, timeouts, dropped
  connections and cut streams, waiting what ``Retry-After`` asks when the provider sends it;
  never on other 4xx (a bad key or request does not get better by asking again);
- **a circuit breaker** (pybreaker) whose state lives in Redis when ``REDIS_URL`` is set, so every
  web and worker process agrees that a provider is down; in process memory otherwise;
- **an outbound budget** (the ``limits`` library, moving windows, on the same Redis): requests and
  tokens per minute shared by the whole fleet, so together the workers never exceed the
  provider's quota. A call waits for room (up to ``limit_wait_s``) rather than being refused.

An open breaker or spent retries raise
:class:`~shortstory.pipeline.writer_protocol.WriterUnavailable` (the fallback chain tries the
next writer); a request the provider refuses for good raises
:class:`~shortstory.pipeline.writer_protocol.WriterError`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import openai
import pybreaker
from limits import RateLimitItemPerMinute
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt
from tenacity.wait import wait_exponential_jitter

from shortstory.pipeline.writer_protocol import WriterError, WriterUnavailable
from shortstory.writers import writer_metrics
from shortstory.writers.providers import GuardPolicy

log = logging.getLogger(__name__)

MAX_RETRY_AFTER_S = 120.0
"""The longest ``Retry-After`` honoured; a provider asking for more is treated as down."""
BACKOFF_INITIAL_S = 0.5
BACKOFF_MAX_S = 20.0
KEY_PREFIX = "shortstory:writers"


class StreamBroken(Exception):
    """A streamed answer ended before the provider said it was finished."""


def is_retryable(exc: BaseException) -> bool:
    """Whether asking again may succeed: throttling, server faults, timeouts, lost connections."""
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code == 429 or exc.status_code >= 500
    return isinstance(exc, (openai.APITimeoutError, openai.APIConnectionError, StreamBroken))


def retry_after_s(exc: BaseException | None) -> float | None:
    """Seconds the provider asked us to wait (``Retry-After``, ``retry-after-ms``), if it did."""
    if not isinstance(exc, openai.APIStatusError):
        return None
    headers = exc.response.headers
    raw_ms = headers.get("retry-after-ms")
    try:
        if raw_ms is not None:
            return float(raw_ms) / 1000.0
        raw = headers.get("retry-after")
        return float(raw) if raw is not None else None
    except ValueError:
        return None  # an HTTP date: rare from these APIs; fall back to our own backoff


class _WaitRetryAfterOrBackoff:
    """Tenacity wait: the provider's ``Retry-After`` when given, else exponential jitter."""

    def __init__(self) -> None:
        self._backoff = wait_exponential_jitter(multiplier=BACKOFF_INITIAL_S, max=BACKOFF_MAX_S,
                                                jitter=BACKOFF_INITIAL_S)

    def __call__(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome is not None else None
        asked = retry_after_s(exc)
        if asked is not None:
            return min(max(asked, 0.0), MAX_RETRY_AFTER_S)
        return float(self._backoff(state))


class OutboundBudget:
    """Requests and tokens per minute for one provider, shared through ``storage``.

    Moving windows: at no moment did the last 60 s hold more than ``rpm`` requests or ``tpm``
    tokens, counted across every process that uses the same storage.
    """

    def __init__(self, name: str, rpm: int, tpm: int, storage: Storage) -> None:
        self.name = name
        self._limiter = MovingWindowRateLimiter(storage)
        self._rpm = RateLimitItemPerMinute(rpm) if rpm else None
        self._tpm = RateLimitItemPerMinute(tpm) if tpm else None

    @property
    def counts_tokens(self) -> bool:
        """Whether :meth:`acquire` takes tokens (a ``tpm`` is set): else a request's token
        count is never read, and need not be estimated."""
        return self._tpm is not None

    def acquire(self, tokens: int, wait_s: float) -> None:
        """Take one request and ``tokens`` tokens from the budget, waiting up to ``wait_s``.

        :raises WriterUnavailable: no room within ``wait_s``.
        """
        deadline = time.monotonic() + wait_s
        if self._rpm is not None:
            self._take(self._rpm, "requests", 1, deadline)
        if self._tpm is not None:
            # A request larger than the whole budget could never pass: let it take everything.
            self._take(self._tpm, "tokens", min(tokens, self._tpm.amount), deadline)

    def _take(self, item: Any, kind: str, cost: int, deadline: float) -> None:
        while not self._limiter.hit(item, KEY_PREFIX, self.name, kind, cost=cost):
            stats = self._limiter.get_window_stats(item, KEY_PREFIX, self.name, kind)
            pause = max(0.05, min(1.0, stats.reset_time - time.time()))
            if time.monotonic() + pause > deadline:
                raise WriterUnavailable(
                    f"the {self.name} provider's outbound {kind} budget is spent",
                    writer=self.name)
            time.sleep(pause)

    def remaining(self) -> dict[str, int | None]:
        """Requests and tokens left in the current window (``None``: unlimited)."""
        left: dict[str, int | None] = {}
        for kind, item in (("requests", self._rpm), ("tokens", self._tpm)):
            if item is None:
                left[kind] = None
                continue
            try:
                left[kind] = int(self._limiter.get_window_stats(
                    item, KEY_PREFIX, self.name, kind).remaining)
            except Exception:  # storage down: report unknown rather than fail a health check
                left[kind] = -1
        return left


class _FirstAttempt:
    """A request's first attempt, as tenacity's ``AttemptManager`` holds one: whatever the
    block raises is kept (``error``) and swallowed, for :meth:`ProviderGuard.attempts` to hand
    to tenacity."""

    def __init__(self) -> None:
        self.error: BaseException | None = None

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: Any) -> bool | None:
        if exc_type is not None and exc is not None:
            self.error = exc
            return True
        return None


class _BreakerMetrics(pybreaker.CircuitBreakerListener):
    def __init__(self, name: str) -> None:
        self.name = name

    def state_change(self, cb: pybreaker.CircuitBreaker, old_state: Any, new_state: Any) -> None:
        log.warning("writer %s breaker %s -> %s", self.name,
                    getattr(old_state, "name", old_state), getattr(new_state, "name", new_state))


def _counts_as_failure(exc: BaseException) -> bool:
    return is_retryable(exc)


class ProviderGuard:
    """Retries, breaker and outbound budget for one provider in this process."""

    def __init__(self, name: str, policy: GuardPolicy, budget: OutboundBudget,
                 breaker_storage: pybreaker.CircuitBreakerStorage) -> None:
        self.name = name
        self.policy = policy
        self.budget = budget
        self.breaker = pybreaker.CircuitBreaker(
            fail_max=policy.breaker_failures,
            reset_timeout=policy.breaker_reset_s,
            # Only the provider's own trouble opens the breaker; a bad request is ours.
            exclude=[lambda exc: not _counts_as_failure(exc)],
            state_storage=breaker_storage,
            listeners=[_BreakerMetrics(name)],
            name=name,
        )
        # This provider's counters, looked up once (``labels`` takes a lock and a dict lookup).
        self._calls = writer_metrics.CALLS.labels(name)
        self._failures = writer_metrics.FAILURES.labels(name)

    @property
    def state(self) -> str:
        """``closed``, ``open`` or ``half-open``, as every process sees it."""
        try:
            return str(self.breaker.current_state)
        except Exception:
            return "unknown"

    def attempts(self) -> Iterator[Any]:
        """Tenacity attempts for one request: ``for attempt in guard.attempts(): with attempt:``.

        Raises the last exception when retries are spent or it is not retryable; callers map it
        with :meth:`translate`.

        The first attempt runs outside tenacity (:class:`_FirstAttempt`), which costs a request
        that succeeds (nearly all of them) its whole machinery; one that fails is handed to
        tenacity as its first attempt's outcome, so what follows (the retry predicate, the wait
        with its ``Retry-After``, the log and counter before the sleep, the stop, the re-raise)
        is tenacity's, as if it had run it.
        """
        first = _FirstAttempt()
        yield first
        if first.error is None:
            return
        retrying = Retrying(
            stop=stop_after_attempt(self.policy.retries + 1),
            wait=_WaitRetryAfterOrBackoff(),
            retry=retry_if_exception(is_retryable),
            reraise=True,
            before_sleep=self._before_sleep,
        )
        replayed = False
        for attempt in retrying:
            if not replayed:
                replayed = True
                with attempt:
                    raise first.error
            else:
                yield attempt

    def _before_sleep(self, state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome is not None else None
        writer_metrics.RETRIES.labels(self.name).inc()
        log.info("writer %s: retrying after %s (attempt %d)", self.name,
                 type(exc).__name__, state.attempt_number)

    @contextmanager
    def call(self, tokens: int) -> Iterator[None]:
        """One guarded call: breaker closed (or a half-open trial), budget taken, outcome counted.

        :raises WriterUnavailable: the breaker is open or the budget has no room in time.
        """
        self._check_open()
        self.budget.acquire(tokens, self.policy.limit_wait_s)
        self._calls.inc()
        try:
            with self.breaker.calling():
                yield
        except pybreaker.CircuitBreakerError as exc:
            self._failures.inc()
            raise WriterUnavailable(f"the {self.name} provider keeps failing; its circuit "
                                    "breaker is open", writer=self.name) from exc
        except Exception:
            self._failures.inc()
            raise

    def _check_open(self) -> None:
        # pybreaker lets the first call after the cool-down through as a half-open trial; before
        # it, refuse without spending the outbound budget.
        if self.state != pybreaker.STATE_OPEN:
            return
        opened_at = self.breaker._state_storage.opened_at  # the clock every process shares
        if opened_at is None or time.time() < opened_at.timestamp() + self.policy.breaker_reset_s:
            raise WriterUnavailable(f"the {self.name} provider's circuit breaker is open",
                                    writer=self.name)

    def translate(self, exc: BaseException) -> WriterError:
        """Our error for what the provider (or the guard) raised after the last attempt."""
        if isinstance(exc, WriterError):
            return exc
        if is_retryable(exc):
            return WriterUnavailable(
                f"the {self.name} provider did not answer after {self.policy.retries + 1} "
                f"attempts ({_describe(exc)})", writer=self.name)
        if isinstance(exc, openai.APIStatusError):
            return WriterError(f"the {self.name} provider refused the request: {_describe(exc)}",
                               writer=self.name)
        return WriterError(f"the {self.name} provider failed: {_describe(exc)}", writer=self.name)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, openai.APIStatusError):
        message = ""
        body = exc.body
        if isinstance(body, dict):
            inner = body.get("error", body)
            if isinstance(inner, dict):
                message = str(inner.get("message") or "")
        return f"HTTP {exc.status_code}" + (f": {message[:200]}" if message else "")
    return type(exc).__name__


class GuardFactory:
    """Builds one guard per provider for this process, sharing state through Redis when set."""

    def __init__(self, policy: GuardPolicy, redis_url: str | None) -> None:
        self.policy = policy
        self.redis_url = redis_url
        self._storage: Storage | None = None
        self._redis: Any = None
        self._guards: dict[str, ProviderGuard] = {}
        self._lock = threading.Lock()

    def guard(self, name: str, rpm: int, tpm: int) -> ProviderGuard:
        """The guard of provider ``name`` (built once per process)."""
        with self._lock:
            guard = self._guards.get(name)
            if guard is None:
                budget = OutboundBudget(name, rpm, tpm, self._limits_storage())
                guard = ProviderGuard(name, self.policy, budget, self._breaker_storage(name))
                self._guards[name] = guard
            return guard

    def guards(self) -> dict[str, ProviderGuard]:
        """Every guard built so far, by provider name."""
        with self._lock:
            return dict(self._guards)

    def _limits_storage(self) -> Storage:
        if self._storage is None:
            storage = storage_from_string(self.redis_url or "memory://")
            assert isinstance(storage, Storage)  # a sync URL gives a sync storage
            self._storage = storage
        return self._storage

    def _breaker_storage(self, name: str) -> pybreaker.CircuitBreakerStorage:
        if not self.redis_url:
            return pybreaker.CircuitMemoryStorage(pybreaker.STATE_CLOSED)
        if self._redis is None:
            import redis

            # pybreaker reads raw bytes: no decode_responses.
            self._redis = redis.Redis.from_url(self.redis_url, socket_connect_timeout=1.0,
                                               socket_timeout=1.0)
        return pybreaker.CircuitRedisStorage(pybreaker.STATE_CLOSED, self._redis,
                                             namespace=f"{KEY_PREFIX}:breaker:{name}")

