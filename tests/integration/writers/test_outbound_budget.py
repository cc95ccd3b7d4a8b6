"""Three worker processes share one provider's 30 requests per minute through Redis.

Each process is a separate Python interpreter that builds the writer from settings, as a
worker does, and asks for outlines (one request each) as fast as its budget lets it. The fault
server counts arrivals: no 60-second window may hold more than 30.
"""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.fault_llm import FaultLLMServer

pytestmark = pytest.mark.slow

RPM = 30
PROCESSES = 3
OUTLINES_EACH = 14
ARRIVAL_JITTER_S = 2.0
"""Arrival at the server trails the budget's clock by a request's travel time, which a loaded
machine stretches past a second (a process granted its request may wait for a core); without
the budget all 42 requests would arrive within a few seconds, so the check keeps its teeth."""

WORKER = """
import json, sys
from shortstory.config import load_settings
from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.planning import plan_story
from shortstory.writers.registry import WriterRegistry

name, writers, redis_url, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
settings = load_settings({"environment": "test", "WRITERS": writers, "WRITER_CHAIN": name,
                          "REDIS_URL": redis_url}, environ={}, dotenv_path=None)
registry = WriterRegistry(settings.writer_setup())
plan = plan_story(StoryRequest.model_validate({
    "premise": {"idea": "Rival interpreters at a ceasefire summit.",
                "character": {"name": "Ines", "pronouns": "she/her"}},
    "genre": "literary", "target_words": 300, "seed": 1}))
for _ in range(count):
    registry.build(name).outline(plan)
print("done")
"""


def test_three_workers_never_exceed_the_shared_requests_per_minute(
        redis_url: str, tmp_path: Path) -> None:
    name = f"budget{secrets.token_hex(3)}"
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    with FaultLLMServer() as server:
        writers = json.dumps({name: {"base_url": server.base_url, "model": "m", "rpm": RPM}})
        started = time.monotonic()
        workers = [subprocess.Popen([sys.executable, str(script), name, writers, redis_url,
                                     str(OUTLINES_EACH)], stdout=subprocess.PIPE, text=True)
                   for _ in range(PROCESSES)]
        outputs = [worker.communicate(timeout=150)[0] for worker in workers]
        elapsed = time.monotonic() - started
        arrivals = sorted(record.time for record in server.requests)
    assert [worker.returncode for worker in workers] == [0] * PROCESSES
    assert all(output.strip() == "done" for output in outputs)
    assert len(arrivals) == PROCESSES * OUTLINES_EACH
    busiest = max(sum(1 for t in arrivals if start <= t < start + 60 - ARRIVAL_JITTER_S)
                  for start in arrivals)
    assert busiest <= RPM
    assert elapsed >= 60 - ARRIVAL_JITTER_S  # the last dozen waited for the window to move
