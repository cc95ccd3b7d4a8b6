"""``/stories/{id}/versions`` and ``/diff``: the history of a story and word-level diffs."""

from __future__ import annotations

from uuid import UUID

from flask import Blueprint, Response

from shortstory.api import presenters
from shortstory.api.openapi import documented
from shortstory.api.request_bodies import parse_query
from shortstory.api.responses import json_response
from shortstory.api.schemas.versions import DiffQuery, DiffResponse, VersionList, VersionOut
from shortstory.diffing import diff_words
from shortstory.errors import NotFound
from shortstory.services.stories import owned_story
from shortstory.storage import request_session
from shortstory.storage.story_models import StoryVersion
from shortstory.storage.versions import VersionRepository
from shortstory.web.auth import require_user

blueprint = Blueprint("versions", __name__)

VERSION_NUMBER = f"int(min=1, max={2**31 - 1})"
"""The path converter of a version number: the bounds of the diff's ``from`` and ``to`` (a number
outside them is a 404 in our shape before any database sees it, never an overflow)."""


def _version(story_id: str, number: int) -> StoryVersion:
    version = VersionRepository(request_session()).get(story_id, number)
    if version is None:
        raise NotFound("No such version of this story.", {"version": number})
    return version


@blueprint.get("/stories/<uuid:story_id>/versions")
@documented(summary="Every version of the story, oldest first (without texts)",
            tag="versions", response=VersionList, errors=(404,))
def list_versions(story_id: UUID) -> Response:
    """The version history."""
    user = require_user()
    story = owned_story(request_session(), user.id, str(story_id))
    rows = VersionRepository(request_session()).history(story.id)
    return json_response(VersionList(items=[presenters.version_summary(v) for v in rows]))


@blueprint.get(f"/stories/<uuid:story_id>/versions/<{VERSION_NUMBER}:number>")
@documented(summary="One version of the story with its text", tag="versions",
            response=VersionOut, errors=(404,))
def read_version(story_id: UUID, number: int) -> Response:
    """One version."""
    user = require_user()
    story = owned_story(request_session(), user.id, str(story_id))
    return json_response(presenters.version_out(_version(story.id, number)))


@blueprint.get("/stories/<uuid:story_id>/diff")
@documented(summary="Word-level diff between two versions (inserted and deleted spans)",
            tag="versions", query=DiffQuery, response=DiffResponse, errors=(404,))
def diff(story_id: UUID) -> Response:
    """Which words version ``to`` adds to and drops from version ``from``."""
    user = require_user()
    story = owned_story(request_session(), user.id, str(story_id))
    query = parse_query(DiffQuery)
    old, new = _version(story.id, query.from_), _version(story.id, query.to)
    result = diff_words(old.text, new.text)
    body = DiffResponse.model_validate({"from": old.number, "to": new.number,
                                        **result.to_dict()})
    return json_response(body)
