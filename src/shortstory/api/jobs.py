"""``/jobs/{id}``: a job's state from its row, its events as a live stream, and cancel."""

from __future__ import annotations

import logging
from uuid import UUID

from flask import Blueprint, Response, request

from shortstory.api import presenters
from shortstory.api.openapi import Header, documented
from shortstory.api.responses import json_response
from shortstory.api.schemas.jobs import JobOut
from shortstory.errors import Conflict, NotFound
from shortstory.jobs.event_stream import FinishedJob, job_event_stream
from shortstory.jobs.runtime import jobs_runtime
from shortstory.storage import request_session
from shortstory.storage.jobs import FINISHED, JobRepository
from shortstory.storage.session import Database
from shortstory.storage.stories import StoryRepository
from shortstory.storage.story_models import Job
from shortstory.storage.versions import VersionRepository
from shortstory.web.auth import require_user

log = logging.getLogger(__name__)

blueprint = Blueprint("jobs", __name__)

LAST_EVENT_ID = Header(
    "Last-Event-ID",
    "The id of the last event received: the stream resumes after it (EventSource sends it).",
)


def _own_job(job_id: UUID) -> Job:
    user = require_user()
    job = JobRepository(request_session()).get(user.id, str(job_id))
    if job is None:
        raise NotFound("No such job.", {"job_id": str(job_id)})
    return job


@blueprint.get("/jobs/<uuid:job_id>")
@documented(summary="A job: status, stage, progress 0-1, error", tag="jobs", response=JobOut,
            errors=(404,))
def read(job_id: UUID) -> Response:
    """The caller's job."""
    return json_response(presenters.job_out(_own_job(job_id)))


@blueprint.get("/jobs/<uuid:job_id>/events")
@documented(
    summary="The job's events as Server-Sent Events: stage, chunk, rewrite, progress, then "
            "done, error or cancelled. Append chunk texts; a rewrite keeps the first `at` "
            "characters and appends its text. Reconnect with Last-Event-ID to resume.",
    tag="jobs", errors=(404,), headers=(LAST_EVENT_ID,), content_type="text/event-stream")
def events(job_id: UUID) -> Response:
    """Stream the caller's job's events (replayed after ``Last-Event-ID``)."""
    job = _own_job(job_id)
    runtime = jobs_runtime()
    after = request.headers.get("Last-Event-ID") or request.args.get("last_event_id")
    database = runtime.database
    stream = job_event_stream(runtime.events, job.id, after,
                              lambda: _finished(database, job.id))
    return Response(stream, mimetype="text/event-stream",
                    headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


def _finished(database: Database, job_id: str) -> FinishedJob | None:
    """What the row of a finished job says (read in a session of its own: the stream outlives
    the request's)."""
    with database.session_scope() as session:
        job = JobRepository(session).get_any(job_id)
        if job is None:
            return FinishedJob("cancelled")
        if job.status not in FINISHED:
            return None
        if job.status == "failed":
            error = presenters.job_error(job)
            return FinishedJob("failed", error=error.model_dump() if error else None)
        text = None
        if job.status == "succeeded" and job.result_version is not None:
            version = VersionRepository(session).get(job.story_id, job.result_version)
            text = version.text if version is not None else None
        return FinishedJob(job.status, version=job.result_version, text=text)


@blueprint.post("/jobs/<uuid:job_id>/cancel")
@documented(summary="Cancel a queued or running job (a running one stops at its next chunk)",
            tag="jobs", response=JobOut, errors=(404, 409))
def cancel(job_id: UUID) -> Response:
    """Cancel the caller's job; 409 when it has already finished."""
    job = _own_job(job_id)
    session = request_session()
    jobs = JobRepository(session)
    if not jobs.cancel(job.id):
        session.rollback()
        current = jobs.get_any(job.id)
        status = current.status if current is not None else job.status
        raise Conflict("The job has already finished.", {"job_id": job.id, "status": status})
    if job.kind == "generate":
        StoryRepository(session).bump(job.story_id, status="cancelled")
    session.commit()
    # A queued job never runs, so nobody else would end its stream; a running one's worker
    # also says so when it stops (a stream ends at the first of the two).
    try:
        jobs_runtime().events.append(job.id, [("cancelled", {})])
    except Exception:  # the stream still ends: it reads the row when the log stays quiet
        log.warning("could not write the cancelled event of job %s", job.id, exc_info=True)
    cancelled = jobs.get_any(job.id)
    assert cancelled is not None
    return json_response(presenters.job_out(cancelled))
