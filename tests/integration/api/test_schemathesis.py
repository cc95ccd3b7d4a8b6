"""Schemathesis against ``/openapi.json``: every operation, 200+ generated requests each, on a
real server over PostgreSQL. No 500, every response as the spec says (status, content type,
schema, headers), and every error a JSON body in our one shape."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import schemathesis
from api_harness import HIGH_LIMITS, Api, make_users, start_server
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode, checks

pytestmark = pytest.mark.slow

EXAMPLES = 200
NEGATIVE_EXAMPLES = 30
EXPECTED_OPERATIONS = 21

CHECKS = [
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]


@pytest.fixture(scope="module")
def fuzz_server(postgres_api_database: str) -> Iterator[tuple[str, str]]:
    """A server with raised quotas and a small job queue, and one user's key."""
    keys = make_users(postgres_api_database, ("fuzz",))
    server = start_server({"database_url": postgres_api_database, **HIGH_LIMITS,
                           "job_workers": 2, "job_queue_size": 4})
    yield server.url, keys["fuzz"]
    server.stop()


def _error_in_our_shape(response: Any) -> None:
    if response.status_code < 400:
        return
    content_type = (response.headers.get("content-type") or [""])[0]
    assert content_type.startswith("application/json"), (response.status_code, content_type)
    body = response.json()
    for key in ("error_code", "message", "error_id", "request_id", "timestamp"):
        assert body.get(key), (key, body)


def _not_a_server_error(response: Any) -> None:
    """No 5xx, except the documented 503 of a full job queue (fuzzing queues jobs faster than a
    loaded machine runs them), which must say when to come back."""
    if response.status_code < 500:
        return
    body = response.json()
    assert response.status_code == 503 and body["error_code"] == "SERVICE_UNAVAILABLE" \
        and body["details"].get("queue_capacity") and response.headers.get("retry-after"), \
        (response.status_code, body)


def _fuzz(operation: Any, mode: GenerationMode, examples: int, headers: dict[str, str],
          real_story: str) -> int:
    """Send at least ``examples`` generated requests for ``operation``; returns how many."""
    calls = 0

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        nonlocal calls
        calls += 1
        # Half of the requests on a story's paths use a real story (with a version), so the
        # fuzzing reaches past the 404 a random id gets.
        if "story_id" in (case.path_parameters or {}) and calls % 2 == 0 \
                and case.method != "DELETE":
            case.path_parameters["story_id"] = real_story
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        _error_in_our_shape(response)
        _not_a_server_error(response)

    # Hypothesis may stop a run early once it considers the space explored; run again (new
    # random examples) until the operation has had its share of requests.
    for _ in range(6):
        run()
        if calls >= examples:
            break
    return calls


def test_every_operation_conforms_to_the_spec(fuzz_server: tuple[str, str]) -> None:
    url, api_key = fuzz_server
    schema = schemathesis.openapi.from_url(f"{url}/api/v1/openapi.json")
    headers = {"Authorization": f"Bearer {api_key}"}
    real_story = Api(url, {"fuzz": api_key}, "postgres").make_story(user="fuzz",
                                                                    target_words=100)["id"]
    failures: dict[str, str] = {}
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        # A public operation with no parameter and no body (the catalog) has one request to
        # send: nothing to generate 200 of, nothing to make invalid.
        raw = operation.definition.raw
        fixed = not (raw.get("parameters") or raw.get("requestBody")
                     or raw.get("security") != [])
        for mode, examples in ((GenerationMode.POSITIVE, EXAMPLES),
                               (GenerationMode.NEGATIVE, NEGATIVE_EXAMPLES)):
            if fixed and mode is GenerationMode.NEGATIVE:
                continue
            began = time.monotonic()
            label = f"{operation.label} ({mode.value})"
            try:
                calls = _fuzz(operation, mode, examples, headers, real_story)
            except Exception as exc:  # collect every operation's failure, report them all
                failures[label] = f"{type(exc).__name__}: {str(exc)[:1500]}"
                continue
            print(f"{label}: {calls} calls in {time.monotonic() - began:.1f}s")
            if mode is GenerationMode.POSITIVE and not fixed:
                assert calls >= examples, (label, calls)
    assert operations == EXPECTED_OPERATIONS
    assert not failures, "\n\n".join(f"{k}\n{v}" for k, v in failures.items())


INT_EDGES = (-(2**63) - 1, -(2**63), -1, 0, 2**31 - 1, 2**31, 2**63 - 1, 2**63, 2**64)
"""Integers at the edges of the types a database or a driver holds them in (int32, int64)."""


def _integer_parameters(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, methods in spec["paths"].items():
        for method, entry in methods.items():
            for parameter in entry.get("parameters", []):
                if parameter["schema"].get("type") == "integer":
                    yield path, method, parameter


def test_every_integer_parameter_is_bounded_and_holds_at_the_edges_of_its_type(
        fuzz_server: tuple[str, str]) -> None:
    """Each integer path or query parameter at its own bounds, one past them, and at the edges
    of int32 and int64: never a 500, every refusal in our shape, in range never a 400."""
    url, api_key = fuzz_server
    spec = requests.get(f"{url}/api/v1/openapi.json", timeout=10).json()
    schema = schemathesis.openapi.from_dict(spec)
    schema.config.update(base_url=url)
    headers = {"Authorization": f"Bearer {api_key}"}
    real_story = Api(url, {"fuzz": api_key}, "postgres").make_story(user="fuzz",
                                                                    target_words=100)["id"]
    parameters = list(_integer_parameters(spec))
    assert {p["name"] for _, _, p in parameters} >= {"number", "from", "to", "limit"}
    failures = []
    for path, method, parameter in parameters:
        low, high = parameter["schema"].get("minimum"), parameter["schema"].get("maximum")
        assert low is not None and high is not None and high <= 2**31 - 1, (path, parameter)
        operation = schema[path][method.upper()]
        entry = spec["paths"][path][method]
        for value in (*INT_EDGES, low - 1, low, high, high + 1):
            path_parameters: dict[str, Any] = {}
            query: dict[str, Any] = {}
            for other in entry.get("parameters", []):
                if other["in"] not in ("path", "query"):
                    continue
                target = path_parameters if other["in"] == "path" else query
                if other is parameter:
                    target[other["name"]] = value
                elif other["schema"].get("type") == "integer":
                    target[other["name"]] = other["schema"]["minimum"]
                elif other["schema"].get("enum"):
                    target[other["name"]] = other["schema"]["enum"][0]
                elif other.get("required") or other["in"] == "path":
                    target[other["name"]] = real_story if other["name"] == "story_id" \
                        else str(uuid.uuid4())
            case = operation.Case(path_parameters=path_parameters, query=query)
            response = case.call(headers=headers)
            label = f"{method.upper()} {path} {parameter['name']}={value}: {response.status_code}"
            try:
                assert response.status_code < 500, response.text
                _error_in_our_shape(response)
                if low <= value <= high:
                    assert response.status_code in (200, 404), response.text
                else:
                    assert response.status_code in (400, 404), response.text
            except AssertionError as exc:
                failures.append(f"{label}: {str(exc)[:300]}")
    assert not failures, "\n".join(failures)
