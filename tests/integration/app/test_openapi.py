"""The OpenAPI document is generated from the very models that validate requests."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from shortstory.api.openapi import build_spec, documented_paths
from shortstory.api.schemas import StoryPatch
from shortstory.pipeline.models import StoryRequest

EXPECTED = {
    ("POST", "/api/v1/stories"), ("GET", "/api/v1/stories"),
    ("GET", "/api/v1/stories/{story_id}"), ("PATCH", "/api/v1/stories/{story_id}"),
    ("DELETE", "/api/v1/stories/{story_id}"), ("POST", "/api/v1/stories/{story_id}/revisions"),
    ("GET", "/api/v1/stories/{story_id}/versions"),
    ("GET", "/api/v1/stories/{story_id}/versions/{number}"),
    ("GET", "/api/v1/stories/{story_id}/diff"), ("POST", "/api/v1/stories/{story_id}/feedback"),
    ("GET", "/api/v1/feedback/summary"), ("POST", "/api/v1/analysis"),
    ("POST", "/api/v1/analysis/premise"), ("GET", "/api/v1/genres"),
    ("GET", "/api/v1/structures"), ("GET", "/api/v1/templates"), ("GET", "/api/v1/jobs/{job_id}"),
    ("GET", "/api/v1/jobs/{job_id}/events"), ("POST", "/api/v1/jobs/{job_id}/cancel"),
    ("GET", "/api/v1/writers"), ("GET", "/api/v1/stories/{story_id}/export/{fmt}"),
}


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from shortstory.app import create_app

    url = f"sqlite:///{tmp_path_factory.mktemp('spec') / 'spec.sqlite3'}"
    app: Flask = create_app({"environment": "test", "database_url": url,
                             "log_level": "WARNING"})
    return build_spec(app)


def test_every_endpoint_of_the_issue_is_documented(spec: dict[str, Any]) -> None:
    assert spec["openapi"] == "3.1.0"
    assert set(documented_paths(spec)) == EXPECTED


def test_the_story_body_schema_is_the_pipeline_models_schema(spec: dict[str, Any]) -> None:
    body = spec["paths"]["/api/v1/stories"]["post"]["requestBody"]["content"]["application/json"]
    name = body["schema"]["$ref"].rsplit("/", 1)[1]
    generated = spec["components"]["schemas"][name]
    own = StoryRequest.model_json_schema(ref_template="#/components/schemas/{model}")
    assert generated["properties"].keys() == own["properties"].keys()
    assert generated["required"] == own["required"] == ["premise", "genre"]
    assert generated["additionalProperties"] is False
    assert generated["properties"]["target_words"]["maximum"] == 7500


def test_every_operation_documents_its_errors_in_the_one_shape(spec: dict[str, Any]) -> None:
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            responses = operation["responses"]
            for status in ("400", "401", "429", "500"):
                content = responses[status]["content"]["application/json"]["schema"]
                assert content["$ref"].endswith("/ErrorResponse"), (method, path, status)
            assert operation["operationId"]


def test_statuses_specific_to_an_operation_are_documented(spec: dict[str, Any]) -> None:
    story = spec["paths"]["/api/v1/stories/{story_id}"]
    assert {"200", "404", "412", "422", "428"} <= set(story["patch"]["responses"])
    assert "304" in story["get"]["responses"]
    create = spec["paths"]["/api/v1/stories"]["post"]
    assert {"202", "409", "422", "503"} <= set(create["responses"])
    headers = {p["name"] for p in create["parameters"] if p["in"] == "header"}
    assert headers == {"Idempotency-Key"}


def test_query_models_become_parameters_without_nulls(spec: dict[str, Any]) -> None:
    listing = spec["paths"]["/api/v1/stories"]["get"]["parameters"]
    limit = next(p for p in listing if p["name"] == "limit")
    assert limit["schema"]["minimum"] == 1 and limit["schema"]["maximum"] == 100
    cursor = next(p for p in listing if p["name"] == "cursor")
    assert "anyOf" not in cursor["schema"] and cursor["required"] is False
    diff = spec["paths"]["/api/v1/stories/{story_id}/diff"]["get"]["parameters"]
    assert {p["name"] for p in diff if p["in"] == "query"} == {"from", "to"}


def test_patch_requires_a_title_or_a_text() -> None:
    with pytest.raises(ValueError, match="title, a text"):
        StoryPatch.model_validate({})
    assert StoryPatch.model_validate({"title": "  T  "}).title == "T"


def test_the_catalog_is_documented_as_public_and_the_rest_needs_a_key(
        spec: dict[str, Any]) -> None:
    public = {(m, p) for m, p in documented_paths(spec)
              if spec["paths"][p][m.lower()].get("security") == []}
    assert public == {("GET", "/api/v1/genres"), ("GET", "/api/v1/structures"),
                      ("GET", "/api/v1/templates")}
    assert "503" in spec["paths"]["/api/v1/stories"]["get"]["responses"]


def test_the_export_lists_its_formats_and_media_types(spec: dict[str, Any]) -> None:
    export = spec["paths"]["/api/v1/stories/{story_id}/export/{fmt}"]["get"]
    fmt = next(p for p in export["parameters"] if p["name"] == "fmt")
    assert fmt["schema"] == {"type": "string", "enum": ["md", "txt", "html", "pdf", "docx",
                                                         "epub"]}
    version = next(p for p in export["parameters"] if p["name"] == "version")
    assert version["in"] == "query" and version["required"] is False
    ok = export["responses"]["200"]
    assert set(ok["content"]) == {
        "text/markdown", "text/plain", "text/html", "application/pdf", "application/epub+zip",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
    assert "Content-Disposition" in ok["headers"]
    assert "404" in export["responses"]
