"""Every error, whoever raises it, comes back in the one JSON shape of DESIGN §4."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from datetime import datetime

import pytest
from flask import Flask
from pydantic import BaseModel

from shortstory import errors
from shortstory.analysis.input_checks import check_text

ERROR_KEYS = {"error_code", "message", "details", "error_id", "request_id", "timestamp"}

API_ERROR_CLASSES = [
    cls
    for cls in vars(errors).values()
    if isinstance(cls, type) and issubclass(cls, errors.APIError) and cls is not errors.APIError
]


def assert_shape(response, status: int, code: str) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == ERROR_KEYS
    assert body["error_code"] == code
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["details"], dict)
    assert re.fullmatch(r"[0-9a-f]{32}", body["error_id"])
    assert body["request_id"] == response.headers["X-Request-ID"]
    datetime.fromisoformat(body["timestamp"].replace("Z", "+00:00"))
    return body


class Payload(BaseModel):
    count: int
    size: int


ANALYSIS = "/api/v1/analysis"
"""A real JSON endpoint (the local user answers for it outside production)."""


def add_test_routes(app: Flask) -> None:
    """Routes outside /api/ (no auth) that fail in every way a real view can."""

    @app.get("/test/raise/<name>")
    def raise_named(name: str) -> str:
        raise getattr(errors, name)(details={"which": name})

    @app.get("/test/model")
    def validate_inside() -> dict:
        # A model checked inside a view, not by the body parser: the same 422 and mapper.
        return Payload.model_validate({"count": "many"}).model_dump()

    @app.get("/test/analyse")
    def analyse() -> dict:
        return {"text": check_text("one two three four", max_words=3)}

    @app.get("/test/boom")
    def boom() -> str:
        raise RuntimeError("database password is hunter2")


@pytest.fixture
def test_app(make_app: Callable[..., Flask]) -> Flask:
    app = make_app()
    add_test_routes(app)
    return app


@pytest.mark.parametrize("cls", API_ERROR_CLASSES, ids=lambda c: c.__name__)
def test_every_api_error_renders_the_shape(test_app: Flask, cls: type[errors.APIError]) -> None:
    response = test_app.test_client().get(f"/test/raise/{cls.__name__}")
    body = assert_shape(response, cls.status, cls.error_code)
    assert body["details"] == {"which": cls.__name__}
    assert body["message"] == cls.default_message


def test_api_error_to_dict_is_the_body_core() -> None:
    error = errors.Conflict("already there", {"id": 3})
    assert error.to_dict() == {
        "error_code": "CONFLICT",
        "message": "already there",
        "details": {"id": 3},
    }


def test_unauthorized_carries_a_bearer_challenge(test_app: Flask) -> None:
    response = test_app.test_client().get("/test/raise/Unauthorized")
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_unknown_api_path_is_json_404(client) -> None:  # type: ignore[no-untyped-def]
    assert_shape(client.get("/api/v1/no-such-thing"), 404, "NOT_FOUND")
    assert_shape(client.get("/no-such-page"), 404, "NOT_FOUND")


def test_wrong_method_is_json_405_with_allow(client) -> None:  # type: ignore[no-untyped-def]
    response = client.delete("/api/v1/me")
    body = assert_shape(response, 405, "METHOD_NOT_ALLOWED")
    assert "GET" in body["details"]["allowed"]
    assert "GET" in response.headers["Allow"]


def test_body_over_max_content_length_is_413(make_app: Callable[..., Flask]) -> None:
    app = make_app(max_content_length=64)
    response = app.test_client().post(ANALYSIS, json={"text": "x" * 200})
    assert_shape(response, 413, "PAYLOAD_TOO_LARGE")


def test_malformed_json_is_400_invalid_json(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post(ANALYSIS, data="{not json", content_type="application/json")
    assert_shape(response, 400, "INVALID_JSON")


def test_non_json_body_on_a_json_route_is_415(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post(ANALYSIS, data="a=1", content_type="text/plain")
    body = assert_shape(response, 415, "UNSUPPORTED_MEDIA_TYPE")
    assert body["details"] == {"content_type": "text/plain", "expected": "application/json"}


def test_json_that_is_not_an_object_is_422_naming_the_body(  # type: ignore[no-untyped-def]
    client,
) -> None:
    body = assert_shape(client.post(ANALYSIS, json=[1, 2]), 422, "VALIDATION_ERROR")
    assert [error["field"] for error in body["details"]["errors"]] == ["body"]


def test_model_validation_failure_is_422_naming_every_field(  # type: ignore[no-untyped-def]
    client,
) -> None:
    response = client.post(ANALYSIS, json={"text": "A lamp.", "scaffold": "many", "mood": 1})
    body = assert_shape(response, 422, "VALIDATION_ERROR")
    assert sorted(error["field"] for error in body["details"]["errors"]) == ["mood", "scaffold"]
    assert body["message"].startswith("mood: ") or body["message"].startswith("scaffold: ")
    assert "many" not in response.get_data(as_text=True)  # the input is not echoed


def test_a_model_error_inside_a_view_is_the_same_422(test_app: Flask) -> None:
    body = assert_shape(test_app.test_client().get("/test/model"), 422, "VALIDATION_ERROR")
    assert [error["field"] for error in body["details"]["errors"]] == ["count", "size"]
    assert body["message"] == ("count: Input should be a valid integer, unable to parse string "
                               "as an integer; size: Field required")


def test_analysis_input_error_is_422(test_app: Flask) -> None:
    response = test_app.test_client().get("/test/analyse")
    body = assert_shape(response, 422, "VALIDATION_ERROR")
    assert body["details"]["field"] == "text"
    assert body["details"]["limit"] == 3


def test_unexpected_exception_hides_internals_outside_development(
    make_production_app: Callable[..., Flask], capsys: pytest.CaptureFixture[str]
) -> None:
    app = make_production_app()
    add_test_routes(app)
    capsys.readouterr()
    response = app.test_client().get("/test/boom")
    body = assert_shape(response, 500, "INTERNAL_ERROR")
    text = response.get_data(as_text=True)
    assert body["details"] == {}
    assert "hunter2" not in text and "Traceback" not in text and "RuntimeError" not in text
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]
    logged = [line for line in lines if line.get("error_id") == body["error_id"]]
    # The traceback goes to the log, under the same error_id as the response.
    assert logged and logged[0]["level"] == "error"
    assert logged[0]["exception"][0]["exc_type"] == "RuntimeError"


def test_unexpected_exception_shows_details_in_development(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(environment="development")
    add_test_routes(app)
    body = assert_shape(app.test_client().get("/test/boom"), 500, "INTERNAL_ERROR")
    assert body["details"]["exception"].startswith("RuntimeError")
    assert any("raise RuntimeError" in line for line in body["details"]["traceback"])


def test_error_ids_are_unique(test_app: Flask) -> None:
    client = test_app.test_client()
    ids = {client.get("/test/raise/NotFound").get_json()["error_id"] for _ in range(5)}
    assert len(ids) == 5


def test_request_id_in_error_body_is_the_incoming_one(test_app: Flask) -> None:
    rid = str(uuid.uuid4())
    response = test_app.test_client().get("/test/raise/Forbidden", headers={"X-Request-ID": rid})
    assert response.get_json()["request_id"] == rid
