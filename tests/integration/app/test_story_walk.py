"""One story's walk through the service, counted: a POST /stories and one instruction revision,
in-process, on SQLite. Each count is where a repeat was found before (the request turned to data
and back, the genre checked at every step, the plan made again for each writer, ``replan`` run
twice and the renames applied three times per revision): the request is checked once and kept
typed, and each step's work is done once per process that needs it."""

from __future__ import annotations

import collections
import functools
import json
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from shortstory.pipeline import catalog, planning
from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.plan import StoryPlan
from shortstory.pipeline.revise import by_instruction, modes

BODY = {"premise": {"idea": "A lighthouse keeper finds letters addressed to a ship that sank.",
                    "character": {"name": "Maren Holt", "pronouns": "she/her"}},
        "genre": "mystery", "target_words": 600}


class Counts:
    """Calls of the patched functions since the last :meth:`take`, by name: those made by the
    requests (this thread) apart from those made by the jobs (the in-process workers)."""

    def __init__(self) -> None:
        self._requests: collections.Counter[str] = collections.Counter()
        self._jobs: collections.Counter[str] = collections.Counter()

    def wrap(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def counted(*args: Any, **kwargs: Any) -> Any:
            main = threading.current_thread() is threading.main_thread()
            (self._requests if main else self._jobs)[name] += 1
            return function(*args, **kwargs)

        return counted

    def take(self) -> tuple[dict[str, int], dict[str, int]]:
        """(the requests' counts, the jobs' counts), both started again."""
        taken = dict(self._requests), dict(self._jobs)
        self._requests, self._jobs = collections.Counter(), collections.Counter()
        return taken


@pytest.fixture
def counts(monkeypatch: pytest.MonkeyPatch) -> Counts:
    counts = Counts()
    # Every lookup counts, the writers' included: they draft with the genre the plan carries.
    monkeypatch.setattr(catalog, "genre", counts.wrap("genre", catalog.genre))
    for module, name in ((planning, "_plan"), (planning, "_outlined"),
                         (planning, "changed_request"),
                         (by_instruction, "replan"), (by_instruction, "_apply_renames"),
                         (by_instruction, "count_words"), (modes, "count_words")):
        monkeypatch.setattr(module, name, counts.wrap(name, getattr(module, name)))
    for name in ("model_validate", "model_validate_json"):
        function = getattr(StoryRequest, name).__func__
        monkeypatch.setattr(StoryRequest, name, classmethod(counts.wrap(name, function)))
    monkeypatch.setattr(StoryRequest, "model_dump",
                        counts.wrap("model_dump", StoryRequest.model_dump))
    monkeypatch.setattr(StoryPlan, "from_dict",
                        classmethod(counts.wrap("from_dict", StoryPlan.from_dict.__func__)))
    return counts


@pytest.fixture
def client(make_app: Callable[..., Flask]) -> Iterator[FlaskClient]:
    app = make_app(ratelimit_enabled=False)  # the test polls its jobs as often as it likes
    yield app.test_client()
    app.extensions["shortstory.jobs"].shutdown(wait=True)


def _finished(client: FlaskClient, job_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(f"/api/v1/jobs/{job_id}").get_json()
        # Finished, and its worker thread returned: what it counts after the status flips
        # (the job's last steps) belongs to this job, not to the next request's tally.
        if (job["status"] in ("succeeded", "failed", "cancelled")
                and client.application.extensions["shortstory.jobs"].queue.depth() == 0):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish")


def test_a_story_and_an_instruction_revision_do_each_step_once(
        client: FlaskClient, counts: Counts) -> None:
    created = client.post("/api/v1/stories", json=BODY)
    assert created.status_code == 202, created.get_data(as_text=True)
    assert _finished(client, created.get_json()["job"]["id"])["status"] == "succeeded"
    posted, generated = counts.take()

    story_id = created.get_json()["story"]["id"]
    revision = client.post(f"/api/v1/stories/{story_id}/revisions",
                           json={"mode": "instruction",
                                 "instruction": "write it in first person and rename Maren to Ada"})
    assert revision.status_code == 202, revision.get_data(as_text=True)
    assert _finished(client, revision.get_json()["id"])["status"] == "succeeded"
    checked, revised = counts.take()

    # Checked once, catalog included; the fingerprint of the typed request is its one dump.
    assert posted == {"model_validate_json": 1, "genre": 1, "model_dump": 1}
    # The job reads the request back from the story's columns once and plans it once; the
    # plan's JSON-ready request is made once, for the stored plan (the seed's hash is the other).
    assert generated == {"model_validate": 1, "_plan": 1, "_outlined": 1, "genre": 1,
                         "model_dump": 2}
    # Refused up front if it cannot be done: the stored plan read (its request and genre checked
    # as stored data coming back), the renames tried, the words counted, once each.
    assert checked == {"from_dict": 1, "model_validate": 1, "genre": 1, "_apply_renames": 1,
                       "count_words": 1}
    # The job: the stored plan read once (its genre looked up there and carried on), the
    # renames applied once, one replan, whose changed request is checked once (it holds the
    # instruction's new values) and whose beats are outlined again in the story's own world
    # (never a world planned afresh); the words of the text before (those after are its
    # analysis's).
    assert revised == {"from_dict": 1, "model_validate": 2, "_apply_renames": 1,
                       "count_words": 1, "replan": 1, "changed_request": 1, "_outlined": 1,
                       "genre": 1, "model_dump": 2}
    story = client.get(f"/api/v1/stories/{story_id}").get_json()
    assert story["scaffold"]["pov"] == "first"
    assert story["premise"]["character"]["name"] == "Ada Holt"
    assert "Maren" not in json.dumps(story["outline"]) and "Maren" not in story["text"]
