"""``ProviderGuard.attempts``: the first attempt outside tenacity, the rest tenacity's."""

from __future__ import annotations

from typing import Any
from unittest import mock

import httpx2 as httpx
import openai
import pytest

from shortstory.writers import resilience
from shortstory.writers.providers import GuardPolicy
from shortstory.writers.resilience import GuardFactory, ProviderGuard, StreamBroken


def guard(retries: int) -> ProviderGuard:
    return GuardFactory(GuardPolicy(retries=retries), None).guard(f"attempts{retries}", 0, 0)


def run(g: ProviderGuard, outcomes: list[BaseException | None]) -> int:
    """Attempts made until one succeeds (each raises its outcome, ``None`` succeeds)."""
    made = 0
    for attempt in g.attempts():
        with attempt:
            made += 1
            outcome = outcomes.pop(0)
            if outcome is not None:
                raise outcome
    return made


def limited(seconds: str) -> openai.RateLimitError:
    request = httpx.Request("POST", "http://x/v1/chat/completions")
    response = httpx.Response(429, headers={"retry-after": seconds}, request=request)
    return openai.RateLimitError("slow down", response=response, body=None)


def test_a_request_that_succeeds_is_one_attempt_without_tenacity() -> None:
    with mock.patch.object(resilience, "Retrying", side_effect=AssertionError):
        assert run(guard(3), [None]) == 1


def test_a_retryable_failure_is_retried_by_tenacity_with_its_wait() -> None:
    sleeps: list[float] = []
    with mock.patch("tenacity.nap.time.sleep", sleeps.append):
        assert run(guard(3), [limited("0.25"), StreamBroken("cut"), None]) == 3
    assert sleeps[0] == 0.25  # Retry-After honoured for the first attempt's failure
    assert len(sleeps) == 2


def test_a_failure_that_is_not_retryable_is_raised_at_once() -> None:
    error = ValueError("bad request")
    with pytest.raises(ValueError) as raised:
        run(guard(3), [error, None])
    assert raised.value is error


@pytest.mark.parametrize("retries", [0, 2])
def test_spent_retries_raise_the_last_failure(retries: int) -> None:
    failures: list[Any] = [StreamBroken(f"cut {n}") for n in range(retries + 1)]
    last = failures[-1]
    with mock.patch("tenacity.nap.time.sleep"), pytest.raises(StreamBroken) as raised:
        run(guard(retries), [*failures, None])
    assert raised.value is last


def test_a_closed_generator_is_not_retried() -> None:
    def chunks(g: ProviderGuard) -> Any:
        for attempt in g.attempts():
            with attempt:
                yield "a"
                yield "b"

    made = chunks(guard(3))
    assert next(made) == "a"
    made.close()  # GeneratorExit goes through tenacity and out, as before
