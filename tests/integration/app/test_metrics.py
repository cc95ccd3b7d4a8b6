"""/metrics: request counts and latencies by route template, 429s, jobs by state, the token."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from prometheus_client.parser import text_string_to_metric_families

from shortstory.pipeline.models import StoryRequest
from shortstory.storage.jobs import JobRepository
from shortstory.storage.session import database
from shortstory.storage.stories import StoryRepository
from shortstory.storage.users import UserRepository

UNREACHABLE_POSTGRES = "postgresql://nobody@127.0.0.1:9/none"


Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def scrape(client: FlaskClient, **headers: str) -> Samples:
    """Every sample of ``/metrics`` by (name, sorted labels)."""
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.data
    assert response.headers["Content-Type"].startswith("text/plain; version=")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.get_data(as_text=True))
        for sample in family.samples
    }


def requests_of(samples: Samples, route: str, status: str, method: str = "GET") -> float:
    key = ("shortstory_http_requests_total",
           (("method", method), ("route", route), ("status", status)))  # fmt: skip
    return samples.get(key, 0.0)


def test_requests_are_counted_by_route_template_and_status(make_app: Callable[..., Flask]) -> None:
    client = make_app().test_client()
    before = scrape(client)
    for _ in range(3):
        assert client.get("/api/v1/genres").status_code == 200
    missing = "/api/v1/stories/00000000-0000-4000-8000-000000000000"
    assert client.get(missing).status_code == 404
    assert client.get("/no/such/page").status_code == 404
    after = scrape(client)
    genres = "/api/v1/genres"
    assert requests_of(after, genres, "200") - requests_of(before, genres, "200") == 3
    story_route = "/api/v1/stories/<uuid:story_id>"
    assert requests_of(after, story_route, "404") - requests_of(before, story_route, "404") == 1
    assert requests_of(after, "unmatched", "404") - requests_of(before, "unmatched", "404") == 1
    latency = ("shortstory_http_request_duration_seconds_count",
               (("method", "GET"), ("route", "/api/v1/genres")))  # fmt: skip
    assert after[latency] - before.get(latency, 0.0) == 3


def test_rate_limit_refusals_are_counted(make_app: Callable[..., Flask]) -> None:
    client = make_app(ratelimit_other="1 per minute").test_client()
    key = ("shortstory_rate_limit_rejections_total", (("route", "/api/v1/structures"),))
    before = scrape(client).get(key, 0.0)
    assert [client.get("/api/v1/structures").status_code for _ in range(3)] == [200, 429, 429]
    assert scrape(client)[key] - before == 2
    # /metrics itself is never limited.
    assert all(client.get("/metrics").status_code == 200 for _ in range(5))


def test_jobs_are_counted_by_state_from_the_database(make_app: Callable[..., Flask]) -> None:
    app = make_app()
    with app.app_context(), database().session_scope() as session:
        user, _ = UserRepository(session).create_user_with_key("metrics")
        story = StoryRepository(session).create(user.id, StoryRequest.model_validate({
            "premise": {"idea": "A clock that runs backwards.",
                        "character": {"name": "Ada", "want": "to be on time"},
                        "theme": "time"},
            "genre": "mystery", "structure": "three-act", "target_words": 300,
        }))  # fmt: skip
        jobs = JobRepository(session)
        first = jobs.create(user.id, story.id, "generate")
        jobs.create(user.id, story.id, "generate")
        session.flush()
        assert jobs.claim(first.id)
    samples = scrape(app.test_client())
    assert samples[("shortstory_database_up", ())] == 1
    assert samples[("shortstory_jobs", (("state", "queued"),))] == 1
    assert samples[("shortstory_jobs", (("state", "running"),))] == 1
    assert samples[("shortstory_jobs", (("state", "failed"),))] == 0


def test_metrics_answer_while_the_database_is_down(make_app: Callable[..., Flask]) -> None:
    samples = scrape(make_app(database_url=UNREACHABLE_POSTGRES).test_client())
    assert samples[("shortstory_database_up", ())] == 0
    assert not any(name == "shortstory_jobs" for name, _ in samples)


def test_a_metrics_token_is_required_when_set(make_app: Callable[..., Flask]) -> None:
    client = make_app(metrics_token="m" * 24).test_client()
    refused = client.get("/metrics")
    assert refused.status_code == 401
    assert refused.get_json()["error_code"] == "UNAUTHORIZED"
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    # A token outside ASCII is refused like any wrong one, not a 500.
    assert client.get("/metrics", headers={"Authorization": "Bearer é"}).status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Basic abc"}).status_code == 401
    assert scrape(client, Authorization="Bearer " + "m" * 24)
