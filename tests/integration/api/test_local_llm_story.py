"""A story written end to end by the real local model through the API.

A real HTTP server on PostgreSQL whose writer ``local`` is llama.cpp's server serving SmolLM2-135M
(``local_llm_url``), reached through the real ``openai`` SDK: ``POST /stories`` asks for 600
words in the first person and the past tense; the job's draft progress moves while the beats
stream, and the stored story keeps the length contract.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from api_harness import HIGH_LIMITS, STORY_BODY, Api, make_users, start_server

from shortstory.analysis.words import count_words
from shortstory.local_llm import MODEL_ALIAS, WRITER_NAME, provider_settings

JOB_TIMEOUT_S = 600.0
"""A 600-word story takes one to three minutes on two cores; far more means something hangs."""


@pytest.fixture(scope="module")
def local_api(postgres_api_database: str, local_llm_url: str) -> Iterator[Api]:
    keys = make_users(postgres_api_database, ("a",))
    port = urlsplit(local_llm_url).port
    assert port is not None
    writers = {WRITER_NAME: provider_settings(port)}
    server = start_server({"database_url": postgres_api_database, **HIGH_LIMITS,
                           "WRITERS": json.dumps(writers),
                           "WRITER_CHAIN": f"{WRITER_NAME},procedural"})
    yield Api(server.url, keys, "postgres")
    server.stop()


def _watch(api: Api, job_id: str) -> tuple[dict[str, object], list[tuple[str, float]]]:
    """Poll the job to its end: its final JSON and every (stage, progress) it showed."""
    seen: list[tuple[str, float]] = []
    deadline = time.monotonic() + JOB_TIMEOUT_S
    while True:
        job = api.get(f"/jobs/{job_id}").json()
        step = (str(job["stage"] or ""), float(job["progress"]))
        if not seen or seen[-1] != step:
            seen.append(step)
        if job["status"] in ("succeeded", "failed", "cancelled"):
            return job, seen
        assert time.monotonic() < deadline, f"job still {job['status']} at {step}"
        time.sleep(0.2)


def test_the_local_model_writes_a_first_person_past_story_to_length(local_api: Api) -> None:
    body = {**STORY_BODY, "writer": WRITER_NAME, "target_words": 600, "genre": "literary",
            "scaffold": {"pov": "first", "tense": "past", "tone": "warm", "style": "plain"},
            "premise": {
                "idea": "A night ferry pilot finds a stowaway child on the last crossing",
                "character": {"name": "Ines Farrow", "pronouns": "she/her",
                              "traits": ["patient", "tired"], "want": "to get home"},
                "theme": "who we are responsible for"}}
    created = local_api.post("/stories", json=body)
    assert created.status_code == 202, created.text
    job, seen = _watch(local_api, created.json()["job"]["id"])
    assert job["status"] == "succeeded", job

    drafting = [progress for stage, progress in seen if stage == "draft"]
    assert len(drafting) >= 3, f"the draft did not stream: {seen}"
    assert drafting == sorted(drafting)

    story = local_api.get(f"/stories/{job['story_id']}").json()
    assert (story["writer"], story["model"]) == (WRITER_NAME, MODEL_ALIAS)
    assert story["tokens_out"] > 0
    version = local_api.get(f"/stories/{story['id']}/versions/1").json()
    assert abs(count_words(version["text"]) - 600) <= 60, count_words(version["text"])
    assert version["provenance"]["judge"]["raw"] is not None
