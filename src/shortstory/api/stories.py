"""``/stories``: create (202 + job), list, read (ETag), edit (If-Match), delete, revise."""

from __future__ import annotations

from typing import cast
from uuid import UUID

from flask import Blueprint, Flask, Response, request
from flask.blueprints import BlueprintSetupState

from shortstory.api import presenters
from shortstory.api.openapi import Header, documented
from shortstory.api.request_bodies import parse_body, parse_query, read_json
from shortstory.api.responses import json_response
from shortstory.api.schemas.jobs import JobOut
from shortstory.api.schemas.stories import (
    RevisionCreate,
    StoryCreate,
    StoryCreated,
    StoryListQuery,
    StoryOut,
    StoryPage,
    StoryPatch,
)
from shortstory.errors import BadRequest, NotFound
from shortstory.jobs.runtime import init_jobs, jobs_runtime
from shortstory.rate_limits import limit_generation, limit_revision
from shortstory.services.problems import invalid_input
from shortstory.services.stories import (
    create_story,
    current_version,
    delete_story,
    edit_story,
    owned_story,
    start_revision,
)
from shortstory.services.story_requests import validate_story_request
from shortstory.storage import request_session
from shortstory.storage.stories import BadCursor, StoryRepository
from shortstory.storage.versions import VersionRepository
from shortstory.web.auth import require_user

blueprint = Blueprint("stories", __name__)

MAX_IDEMPOTENCY_KEY = 200
IDEMPOTENCY_HEADER = Header(
    "Idempotency-Key",
    "Retrying with the same key returns the same story and job; another body is a 409.",
    schema={"type": "string", "minLength": 1, "maxLength": MAX_IDEMPOTENCY_KEY,
            "pattern": "^[\\x21-\\x7e]+$"},
)


@blueprint.record_once
def _attach_jobs(state: BlueprintSetupState) -> None:
    init_jobs(cast(Flask, state.app))


def _idempotency_key() -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not 0 < len(key) <= MAX_IDEMPOTENCY_KEY or not all(33 <= ord(c) <= 126 for c in key):
        raise invalid_input([{
            "field": "Idempotency-Key", "type": "value",
            "problem": f"must be 1 to {MAX_IDEMPOTENCY_KEY} visible ASCII characters",
        }], BadRequest)
    return key


@blueprint.post("/stories")
@documented(summary="Start a story: 202 with the queued story and its generation job",
            tag="stories", body=StoryCreate, response=StoryCreated, status=202,
            errors=(409, 422, 503), headers=(IDEMPOTENCY_HEADER,),
            response_headers=("Location",))
@limit_generation
def create() -> Response:
    """Create a story from a premise and queue its generation."""
    user = require_user()
    runtime = jobs_runtime()
    body = validate_story_request(read_json(), runtime.writers, strict=True)
    session = request_session()
    created = create_story(session, runtime.queue, runtime.writers, user.id, body,
                           _idempotency_key())
    story = owned_story(session, user.id, created.story.id)
    payload = StoryCreated(story=presenters.story_out(story, current_version(session, story)),
                           job=presenters.job_out(created.job))
    return json_response(payload, 202, {"Location": f"{request.root_path}/api/v1/stories/"
                                                    f"{story.id}"})


@blueprint.get("/stories")
@documented(summary="The caller's stories, newest first, one page at a time", tag="stories",
            query=StoryListQuery, response=StoryPage)
def list_stories() -> Response:
    """One page of stories; pass ``next_cursor`` back as ``cursor`` for the next."""
    user = require_user()
    query = parse_query(StoryListQuery)
    session = request_session()
    try:
        rows, cursor = StoryRepository(session).page(user.id, query.limit, query.cursor)
    except BadCursor as exc:
        raise invalid_input([{"field": "cursor", "problem": str(exc), "type": "value"}],
                            BadRequest) from None
    counts = VersionRepository(session).current_word_counts(
        [(row.id, row.current_version) for row in rows if row.current_version is not None])
    items = [presenters.story_summary(row, word_count=counts.get(row.id)) for row in rows]
    return json_response(StoryPage(items=items, next_cursor=cursor))


@blueprint.get("/stories/<uuid:story_id>")
@documented(summary="A story with its outline, current text and analysis; ETag for edits",
            tag="stories", response=StoryOut, errors=(404,), response_headers=("ETag",),
            headers=(Header("If-None-Match", "an ETag you hold: 304 if unchanged"),),
            extra_responses={304: None})
def read(story_id: UUID) -> Response:
    """The story; 304 when ``If-None-Match`` holds its current ETag."""
    user = require_user()
    found = StoryRepository(request_session()).get_with_version(user.id, str(story_id))
    if found is None:
        raise NotFound("No such story.", {"story_id": str(story_id)})
    story, version = found
    tag = presenters.etag(story)
    header = request.headers.get("If-None-Match", "")
    held = {t.strip().removeprefix("W/") for t in header.split(",")}
    if tag in held or "*" in held:
        response = Response(status=304)
        response.headers["ETag"] = tag
        return response
    body = presenters.story_out(story, version)
    return json_response(body, headers={"ETag": tag, "Cache-Control": "private, no-cache"})


@blueprint.patch("/stories/<uuid:story_id>")
@documented(summary="Edit the title and/or text (a new version); If-Match required",
            tag="stories", body=StoryPatch, response=StoryOut, errors=(404, 409, 412, 422, 428),
            headers=(Header("If-Match", "the ETag from GET /stories/{id} (required)"),),
            response_headers=("ETag",))
def patch(story_id: UUID) -> Response:
    """Apply an edit if the caller's ETag is still current (412 otherwise, 428 without one)."""
    user = require_user()
    session = request_session()
    owned_story(session, user.id, str(story_id))  # 404 before anything about the body
    body = parse_body(StoryPatch)
    story = edit_story(session, user.id, str(story_id), request.headers.get("If-Match"),
                       title=body.title, text=body.text)
    out = presenters.story_out(story, current_version(session, story))
    return json_response(out, headers={"ETag": presenters.etag(story)})


@blueprint.delete("/stories/<uuid:story_id>")
@documented(summary="Delete the story with its versions, jobs and feedback", tag="stories",
            status=204, errors=(404,))
def delete(story_id: UUID) -> Response:
    """Delete a story; 204."""
    user = require_user()
    delete_story(request_session(), user.id, str(story_id))
    return Response(status=204)


@blueprint.post("/stories/<uuid:story_id>/revisions")
@documented(summary="Revise the current version (cliches, sharpen, instruction): 202 + job",
            tag="stories", body=RevisionCreate, response=JobOut, status=202,
            errors=(404, 409, 422, 503))
@limit_revision
def revise(story_id: UUID) -> Response:
    """Queue a revision; its result becomes a new version."""
    user = require_user()
    session = request_session()
    owned_story(session, user.id, str(story_id))
    body = parse_body(RevisionCreate)
    runtime = jobs_runtime()
    job = start_revision(session, runtime.queue, runtime.writers, user.id, str(story_id),
                         mode=body.mode, instruction=body.instruction)
    return json_response(presenters.job_out(job), 202,
                         {"Location": f"{request.root_path}/api/v1/jobs/{job.id}"})
