"""A host's time limit that arrives inside a provider call (Celery's soft limit is a signal raised
wherever the job is) is still recognised as the time limit after the writer reports it.

The signal here is a real one: ``SIGALRM`` raises while the real ``openai`` SDK waits on a
fault-injecting server that hangs.
"""

from __future__ import annotations

import json
import secrets
import signal
from collections.abc import Iterator
from types import FrameType

import pytest
from support.fault_llm import FaultLLMServer

from shortstory.config import load_settings
from shortstory.jobs.progress import JobTimedOut, raised_by_time_limit
from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.planning import plan_story
from shortstory.pipeline.writer_protocol import Writer, WriterError
from shortstory.writers.registry import WriterRegistry


class HostTimeLimit(Exception):
    """Stands for Celery's SoftTimeLimitExceeded: raised by a signal handler."""


@pytest.fixture
def server() -> Iterator[FaultLLMServer]:
    with FaultLLMServer() as running:
        running.set_prose(person="third", tense="past", name="Ines")
        yield running


def _writer(server: FaultLLMServer) -> Writer:
    name = f"fault{secrets.token_hex(3)}"
    settings = load_settings({
        "environment": "test", "WRITER_RETRIES": "0", "WRITER_CHAIN": name,
        "WRITERS": json.dumps({name: {"base_url": server.base_url, "model": "fault-llm-1",
                                      "timeout_s": 20}}),
    }, environ={}, dotenv_path=None)
    return WriterRegistry(settings.writer_setup()).build(name)


def _request() -> StoryRequest:
    return StoryRequest.model_validate({
        "premise": {"idea": "A ferry pilot races fog to reach an island clinic.",
                    "character": {"name": "Ines", "pronouns": "she/her"}},
        "genre": "thriller", "target_words": 300, "seed": 5})


def _raise_limit(signum: int, frame: FrameType | None) -> None:
    raise HostTimeLimit()


def test_a_limit_raised_inside_a_hanging_provider_call_is_seen_through_the_writers_error(
        server: FaultLLMServer) -> None:
    writer = _writer(server)
    plan = plan_story(_request())
    server.inject("hang", seconds=10)
    previous = signal.signal(signal.SIGALRM, _raise_limit)
    signal.setitimer(signal.ITIMER_REAL, 0.5)
    try:
        with pytest.raises(Exception) as caught:
            writer.outline(plan)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert isinstance(caught.value, WriterError), "the writer reports it as its own failure"
    assert raised_by_time_limit(caught.value, (JobTimedOut, HostTimeLimit))
    assert not raised_by_time_limit(caught.value)


def test_a_providers_own_failure_is_not_a_time_limit(server: FaultLLMServer) -> None:
    writer = _writer(server)
    server.inject("unauthorized")
    with pytest.raises(WriterError) as caught:
        writer.outline(plan_story(_request()))
    assert not raised_by_time_limit(caught.value, (JobTimedOut, HostTimeLimit))
