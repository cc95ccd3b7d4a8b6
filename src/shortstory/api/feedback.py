"""Feedback: rate a version (``POST /stories/{id}/feedback``) and see what works best."""

from __future__ import annotations

from uuid import UUID

from flask import Blueprint, Response

from shortstory.api import presenters
from shortstory.api.openapi import documented
from shortstory.api.request_bodies import parse_body
from shortstory.api.responses import json_response
from shortstory.api.schemas.feedback import FeedbackCreate, FeedbackOut, FeedbackSummary
from shortstory.services.stories import add_feedback, owned_story
from shortstory.storage import request_session
from shortstory.storage.feedback import FeedbackRepository
from shortstory.web.auth import require_user

blueprint = Blueprint("feedback", __name__)


@blueprint.post("/stories/<uuid:story_id>/feedback")
@documented(summary="Rate a version (1-5), approve it or not, and comment", tag="feedback",
            body=FeedbackCreate, response=FeedbackOut, status=201, errors=(404, 422))
def create(story_id: UUID) -> Response:
    """Store feedback on a version (the current one unless ``version`` is given)."""
    user = require_user()
    session = request_session()
    owned_story(session, user.id, str(story_id))
    body = parse_body(FeedbackCreate)
    item, number = add_feedback(session, user.id, str(story_id), rating=body.rating,
                                approved=body.approved, comment=body.comment,
                                version=body.version)
    return json_response(presenters.feedback_out(item, number), 201)


@blueprint.get("/feedback/summary")
@documented(summary="Ratings and approval rates by genre, structure, scaffold and writer",
            tag="feedback", response=FeedbackSummary)
def summary() -> Response:
    """What works best, over the caller's stories."""
    user = require_user()
    data = FeedbackRepository(request_session()).summary(user.id)
    return json_response(FeedbackSummary.model_validate(data))
