"""The writers through the API: choose one by name, see who wrote what and what it cost.

A real HTTP server (``api_harness``) on PostgreSQL, with a provider pointing at the
fault-injecting OpenAI-protocol server; the real ``openai`` SDK talks to it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from api_harness import HIGH_LIMITS, STORY_BODY, Api, make_users, start_server
from support.fault_llm import FaultLLMServer

from shortstory.writers.prompts import PROMPT_VERSION


@pytest.fixture(scope="module")
def fault_server() -> Iterator[FaultLLMServer]:
    with FaultLLMServer() as server:
        server.set_prose(person="first", tense="past", name="Maren Holt")
        yield server


@pytest.fixture(scope="module")
def llm_api(postgres_api_database: str, fault_server: FaultLLMServer) -> Iterator[Api]:
    keys = make_users(postgres_api_database, ("a",))
    writers = {"fault": {"base_url": fault_server.base_url, "model": "fault-llm-1",
                         "price_in_per_mtok": 0.5, "price_out_per_mtok": 1.5}}
    server = start_server({"database_url": postgres_api_database, **HIGH_LIMITS,
                           "WRITERS": json.dumps(writers), "WRITER_CHAIN": "procedural,fault",
                           "WRITER_RETRIES": "0"})
    yield Api(server.url, keys, "postgres")
    server.stop()


def test_the_writers_are_listed_with_their_models(llm_api: Api) -> None:
    listed = llm_api.get("/writers")
    assert listed.status_code == 200
    items = {item["name"]: item for item in listed.json()["items"]}
    assert items["procedural"]["default"] is True
    assert items["fault"] == {"name": "fault", "kind": "openai-compatible",
                              "model": "fault-llm-1", "host": "127.0.0.1", "default": False,
                              "in_chain": True}


def test_a_story_by_name_records_writer_model_prompt_tokens_and_cost(
        llm_api: Api, fault_server: FaultLLMServer) -> None:
    fault_server.reset()
    fault_server.set_prose(person="first", tense="past", name="Maren Holt")
    story = llm_api.make_story(writer="fault", target_words=400)
    assert (story["writer"], story["model"], story["prompt_version"]) == (
        "fault", "fault-llm-1", PROMPT_VERSION)
    records = fault_server.requests
    assert story["tokens_in"] == sum(r.prompt_tokens for r in records)
    assert story["tokens_out"] == sum(r.completion_tokens for r in records)
    assert story["cost_usd"] == pytest.approx(
        (story["tokens_in"] * 0.5 + story["tokens_out"] * 1.5) / 1e6, abs=1e-6)
    # The fault server plans a world unrelated to the premise: its place is rightly left out.
    assert set(story["outline"]["bible"]) >= {"title", "setting", "cast", "objects", "conflict"}
    version = llm_api.get(f"/stories/{story['id']}/versions/1").json()
    assert version["provenance"]["usage"]["outline"]["tokens_in"] == records[0].prompt_tokens
    assert set(version["provenance"]["judge"]) >= {"raw", "after_repair"}


def test_a_story_without_a_writer_takes_the_head_of_the_chain(llm_api: Api) -> None:
    body = {k: v for k, v in STORY_BODY.items() if k != "writer"}
    created = llm_api.post("/stories", json=body)
    assert created.status_code == 202, created.text
    job = llm_api.wait_job(created.json()["job"]["id"])
    story = llm_api.get(f"/stories/{job['story_id']}").json()
    assert (story["writer"], story["model"], story["cost_usd"]) == ("procedural", "procedural-1",
                                                                   None)


def test_an_unknown_writer_is_refused_with_every_problem(llm_api: Api) -> None:
    refused = llm_api.post("/stories", json={**STORY_BODY, "writer": "gpt9",
                                             "genre": "cookery"})
    assert refused.status_code == 422
    problems = {e["field"]: e["problem"] for e in refused.json()["details"]["errors"]}
    assert set(problems) == {"genre", "writer"}
    assert "procedural" in problems["writer"] and "fault" in problems["writer"]
    assert refused.json()["error_id"]


def test_a_refused_key_fails_the_job_in_our_shape(llm_api: Api,
                                                  fault_server: FaultLLMServer) -> None:
    fault_server.reset()
    fault_server.inject("unauthorized")
    created = llm_api.post("/stories", json={**STORY_BODY, "writer": "fault"})
    job = llm_api.wait_job(created.json()["job"]["id"])
    assert job["status"] == "failed"
    assert job["error"]["error_code"] == "WRITER_ERROR"
    assert job["error"]["message"].startswith("the fault provider refused the request: HTTP 401")
    assert job["error"]["error_id"]
    assert len(fault_server.requests) == 1


def test_a_model_story_is_revised_by_its_model_with_any_instruction(
        llm_api: Api, fault_server: FaultLLMServer) -> None:
    fault_server.reset()
    fault_server.set_prose(person="first", tense="past", name="Maren Holt")
    story = llm_api.make_story(writer="fault", target_words=300)
    before = len(fault_server.requests)
    asked = llm_api.post(f"/stories/{story['id']}/revisions",
                         json={"mode": "instruction",
                               "instruction": "let the harbour master doubt her more openly"})
    assert asked.status_code == 202, asked.text
    job = llm_api.wait_job(asked.json()["id"])
    assert job["status"] == "succeeded", job
    version = llm_api.get(f"/stories/{story['id']}/versions/2").json()
    assert (version["writer"], version["model"], version["source"]) == (
        "fault", "fault-llm-1", "revision")
    revise_requests = fault_server.requests[before:]
    assert revise_requests and "harbour master doubt her" in \
        revise_requests[0].body["messages"][-1]["content"]
    assert version["tokens_in"] == sum(r.prompt_tokens for r in revise_requests)
