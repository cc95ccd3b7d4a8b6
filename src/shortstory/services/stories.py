"""The story service: create, edit, revise, delete and rate stories, apart from HTTP.

Callers validate their input (a story request through
:func:`~shortstory.services.story_requests.validate_story_request`); these functions apply the
rules on a session and commit. Jobs are enqueued only after the rows they read are committed (a
worker must never look for a job row that is not there yet); if the queue is full or its broker
cannot be reached, the just-created rows are removed (a revision's job is failed) and the caller
gets 503 with ``Retry-After``: no job is left ``queued`` with nothing on its way to a worker.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from shortstory.errors import (
    APIError,
    Conflict,
    InstructionNotSupported,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    ServiceUnavailable,
)
from shortstory.jobs.queue import JobQueue, QueueFull, QueueUnavailable
from shortstory.pipeline.models import StoryRequest
from shortstory.services.problems import invalid_input
from shortstory.storage.feedback import FeedbackRepository
from shortstory.storage.jobs import JobRepository
from shortstory.storage.stories import StoryRepository
from shortstory.storage.story_models import Feedback, Job, Story, StoryVersion
from shortstory.storage.versions import VersionRepository
from shortstory.storage.write_retry import retry_locked
from shortstory.writers.providers import PROCEDURAL
from shortstory.writers.registry import WriterRegistry

if TYPE_CHECKING:
    from shortstory.pipeline.revise import Mode


@dataclass(frozen=True)
class Created:
    """A story and its job; ``replayed`` when an ``Idempotency-Key`` found an earlier request."""

    story: Story
    job: Job
    replayed: bool = False


def request_hash(request: StoryRequest) -> str:
    """A fingerprint of a validated request, to tell a retry from a different body."""
    body = json.dumps(request.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _field_error(field: str, problem: str) -> APIError:
    return invalid_input([{"field": field, "problem": problem, "type": "value"}])


def _replay(jobs: JobRepository, stories: StoryRepository, user_id: int, key: str,
            fingerprint: str) -> Created | None:
    job = jobs.by_idempotency_key(user_id, key)
    if job is None:
        return None
    if job.request_hash != fingerprint:
        raise Conflict("This Idempotency-Key was used with a different request body.",
                       {"idempotency_key": key})
    story = stories.get(user_id, job.story_id)
    if story is None:  # pragma: no cover - the job row goes with its story
        return None
    return Created(story, job, replayed=True)


def _enqueue(queue: JobQueue, kind: str, job_id: str) -> None:
    try:
        queue.enqueue(kind, job_id)
    except QueueFull as exc:
        raise ServiceUnavailable(
            "The job queue is full; try again shortly.",
            {"queue_depth": exc.depth, "queue_capacity": exc.capacity},
            headers={"Retry-After": str(exc.retry_after)},
        ) from None
    except QueueUnavailable as exc:
        raise ServiceUnavailable(
            "The job queue cannot be reached; try again shortly.",
            {"queue": "unavailable"},
            headers={"Retry-After": str(exc.retry_after)},
        ) from None


def create_story(session: Session, queue: JobQueue, writers: WriterRegistry, user_id: int,
                 request: StoryRequest, idempotency_key: str | None) -> Created:
    """Store a queued story and its generation job, commit, then enqueue the job.

    :param request: a request :func:`~shortstory.services.story_requests.validate_story_request`
        accepted (schema, catalog and writer).
    :raises Conflict: the key was used before with another body.
    :raises ServiceUnavailable: the queue is full or unreachable (nothing is kept).
    """
    stories, jobs = StoryRepository(session), JobRepository(session)
    fingerprint = request_hash(request)
    if idempotency_key is not None:
        earlier = _replay(jobs, stories, user_id, idempotency_key, fingerprint)
        if earlier is not None:
            return earlier
    # The story records the writer it asked for; none named means the head of the chain.
    resolved = request.model_copy(update={"writer": request.writer or writers.default})

    def insert() -> tuple[Story, Job]:
        story = stories.create(user_id, resolved)
        job = jobs.create(user_id, story.id, "generate", idempotency_key=idempotency_key,
                          request_hash=fingerprint)
        session.commit()
        return story, job

    try:
        story, job = retry_locked(session, insert)
    except IntegrityError:
        # A concurrent request with the same key won the unique (user, key) constraint.
        session.rollback()
        earlier = _replay(jobs, stories, user_id, idempotency_key or "", fingerprint)
        if earlier is None:
            raise
        return earlier
    try:
        _enqueue(queue, "generate", job.id)
    except ServiceUnavailable:
        story_id = story.id

        def remove() -> None:
            stories.delete(user_id, story_id)
            session.commit()

        retry_locked(session, remove)
        raise
    return Created(story, job)


def owned_story(session: Session, user_id: int, story_id: str) -> Story:
    """The caller's story; :raises NotFound: for a missing story and for another user's."""
    story = StoryRepository(session).get(user_id, story_id)
    if story is None:
        raise NotFound("No such story.", {"story_id": story_id})
    return story


def current_version(session: Session, story: Story) -> StoryVersion | None:
    """The story's current version, if it has one yet."""
    if story.current_version is None:
        return None
    return VersionRepository(session).get(story.id, story.current_version)


def parse_if_match(header: str | None) -> list[int | None]:
    """The lock versions an ``If-Match`` header accepts (``None`` stands for ``*``).

    :raises PreconditionRequired: no header.
    """
    if header is None or not header.strip():
        raise PreconditionRequired("PATCH needs If-Match with the ETag from GET /stories/{id}.")
    wanted: list[int | None] = []
    for tag in header.split(","):
        tag = tag.strip()
        if tag == "*":
            wanted.append(None)
            continue
        tag = tag.removeprefix("W/").strip('"')
        if tag.startswith("v") and tag[1:].isdigit():
            wanted.append(int(tag[1:]))
    return wanted


def edit_story(session: Session, user_id: int, story_id: str, if_match: str | None, *,
               title: str | None = None, text: str | None = None) -> Story:
    """Apply a title and/or text edit (see :func:`_edit_story`), re-run on SQLite contention."""
    return retry_locked(session, lambda: _edit_story(session, user_id, story_id, if_match,
                                                     title, text))


def _edit_story(session: Session, user_id: int, story_id: str, if_match: str | None,
                title: str | None, text: str | None) -> Story:
    """Apply a title and/or text edit as a new ``edit`` version, if ``if_match`` is current.

    The check and the write are one conditional ``UPDATE``: of two edits made from the same
    ETag exactly one lands, the other gets 412.

    :raises PreconditionRequired: no ``If-Match``.
    :raises PreconditionFailed: the ETag is stale.
    :raises Conflict: a text edit while the story has no text yet.
    """
    story = owned_story(session, user_id, story_id)
    accepted = parse_if_match(if_match)
    expected = story.lock_version if None in accepted else (
        story.lock_version if story.lock_version in accepted else None)
    if expected is None:
        raise PreconditionFailed("The story changed since you read it; GET it again.",
                                 {"etag": f'"v{story.lock_version}"'})
    if text is not None and story.current_version is None:
        raise Conflict("The story has no text yet to edit; wait for its job to finish.",
                       {"status": story.status})
    stories, versions = StoryRepository(session), VersionRepository(session)
    base = current_version(session, story)
    values: dict[str, Any] = {}
    if title is not None:
        values["title"] = title
    if not stories.bump(story.id, expected, **values):
        session.rollback()
        raise PreconditionFailed("The story changed since you read it; GET it again.")
    if base is not None:
        number = versions.next_number(story.id)
        versions.add(
            story.id, number, source="edit",
            text=text if text is not None else base.text,
            title=title if title is not None else base.title,
            writer=None if text is not None else base.writer,
            parent_number=base.number,
            note="title and text edited" if title and text else
            ("text edited" if text is not None else "title edited"),
            analysis=None if text is not None else base.analysis,
        )
        stories.bump(story.id, current_version=number)
    session.commit()
    return owned_story(session, user_id, story_id)


def start_revision(session: Session, queue: JobQueue, writers: WriterRegistry, user_id: int,
                   story_id: str, *, mode: Mode, instruction: str | None = None) -> Job:
    """Queue a revision of the story's current version.

    The registry says who revises it (:meth:`WriterRegistry.reviser_for`): a model its own story,
    taking any instruction; the procedural writer the others, taking the instructions of its
    grammar, which are checked here before a job is queued.

    :raises Conflict: the story has no text yet.
    :raises ValidationError: an instruction outside the accepted grammar.
    """

    def insert() -> Job:
        story = owned_story(session, user_id, story_id)
        if story.current_version is None:
            raise Conflict("The story has no text yet to revise; wait for its job to finish.",
                           {"status": story.status})
        reviser = writers.reviser_for(story.writer, has_plan=bool(story.plan))
        if mode == "instruction" and reviser == PROCEDURAL:
            _check_instruction(session, instruction or "", story)
        job = JobRepository(session).create(
            user_id, story.id, "revise",
            params={"mode": mode, "instruction": instruction,
                    "base_version": story.current_version},
        )
        session.commit()
        return job

    job = retry_locked(session, insert)
    try:
        _enqueue(queue, "revise", job.id)
    except ServiceUnavailable as exc:
        JobRepository(session).fail(job.id, f"the job was not queued: {exc.message}")
        session.commit()
        raise
    return job


def _check_instruction(session: Session, instruction: str, story: Story) -> None:
    """Refuse, before a job is queued, an instruction the revision would fail on (outside the
    grammar, contradictory, a length that goes the wrong way, a rename of nobody, no plan)."""
    from shortstory.pipeline.plan import StoryPlan
    from shortstory.pipeline.revise import (
        ACCEPTED_FORMS,
        InstructionError,
        UnsupportedInstruction,
        check_instruction,
    )

    if not story.plan:
        raise _field_error("instruction", "instruction revisions need the story's plan")
    version = (
        VersionRepository(session).get(story.id, story.current_version)
        if story.current_version is not None
        else None
    )
    text = version.text if version is not None else ""
    try:
        check_instruction(text, instruction, StoryPlan.from_dict(story.plan))
    except UnsupportedInstruction as exc:
        problem = {"field": "instruction", "problem": str(exc), "type": "unsupported_instruction"}
        raise InstructionNotSupported(str(exc), {"errors": [problem], "clause": exc.clause,
                                                 "supported": list(ACCEPTED_FORMS)}) from None
    except InstructionError as exc:
        raise _field_error("instruction", str(exc)) from None


def delete_story(session: Session, user_id: int, story_id: str) -> None:
    """Delete the story with its versions, jobs and feedback; :raises NotFound:."""
    def remove() -> None:
        if not StoryRepository(session).delete(user_id, story_id):
            raise NotFound("No such story.", {"story_id": story_id})
        session.commit()

    retry_locked(session, remove)


def add_feedback(session: Session, user_id: int, story_id: str, *, rating: int, approved: bool,
                 comment: str = "", version: int | None = None) -> tuple[Feedback, int]:
    """Store feedback on ``version`` (default: the current one); returns it and the number.

    :raises NotFound: no such story or version.
    """

    def insert() -> tuple[Feedback, int]:
        story = owned_story(session, user_id, story_id)
        number = version if version is not None else story.current_version
        rated = VersionRepository(session).get(story.id, number) if number else None
        if rated is None or number is None:
            raise NotFound("No such version of this story.", {"version": number})
        item = FeedbackRepository(session).add(user_id, story.id, rated, rating=rating,
                                               approved=approved, comment=comment)
        session.commit()
        return item, number

    return retry_locked(session, insert)
