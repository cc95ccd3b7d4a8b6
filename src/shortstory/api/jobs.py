"""``/jobs/{id}``: a job's status, stage, progress and error, straight from its row."""

from __future__ import annotations

from uuid import UUID

from flask import Blueprint, Response

from shortstory.api import presenters
from shortstory.api.openapi import documented
from shortstory.api.responses import json_response
from shortstory.api.schemas import JobOut
from shortstory.errors import NotFound
from shortstory.storage import request_session
from shortstory.storage.jobs import JobRepository
from shortstory.web.auth import require_user

blueprint = Blueprint("jobs", __name__)


@blueprint.get("/jobs/<uuid:job_id>")
@documented(summary="A job: status, stage, progress 0-1, error", tag="jobs", response=JobOut,
            errors=(404,))
def read(job_id: UUID) -> Response:
    """The caller's job."""
    user = require_user()
    job = JobRepository(request_session()).get(user.id, str(job_id))
    if job is None:
        raise NotFound("No such job.", {"job_id": str(job_id)})
    return json_response(presenters.job_out(job))
