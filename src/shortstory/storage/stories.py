"""The stories repository: every query on the ``stories`` table lives here.

Reads are always scoped to an owner (another user's story simply is not found). Writes that
must not lose an update go through :meth:`StoryRepository.bump`, a conditional ``UPDATE`` on
``lock_version``: of two writers holding the same version, exactly one changes the row.
"""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from shortstory.pipeline.models import StoryRequest
from shortstory.storage.story_models import Feedback, Job, Story, StoryVersion, utcnow
from shortstory.writers.providers import PROCEDURAL


class BadCursor(ValueError):
    """A pagination cursor that this service did not make."""


def as_utc(moment: datetime) -> datetime:
    """``moment`` as an aware UTC datetime (SQLite hands back naive UTC values)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def encode_cursor(story: Story) -> str:
    """An opaque cursor pointing just after ``story`` in newest-first order."""
    raw = f"{as_utc(story.created_at).isoformat()}|{story.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    """The (created_at, id) a cursor points after.

    :raises BadCursor: the cursor is not one of ours.
    """
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, story_id = raw.split("|", 1)
        return as_utc(datetime.fromisoformat(moment)), story_id
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise BadCursor("cursor is not valid; use next_cursor from a previous page") from exc


def request_columns(request: StoryRequest) -> dict[str, Any]:
    """The story columns a validated request fills (:func:`story_request` reads them back)."""
    scaffold = request.scaffold
    return {
        "premise": request.premise.model_dump(mode="json"),
        "genre": request.genre,
        "structure": request.structure,
        "pov": scaffold.pov,
        "tense": scaffold.tense,
        "tone": scaffold.tone,
        "style": scaffold.style,
        "target_words": request.target_words,
        "seed": request.seed,
        "writer": request.writer or PROCEDURAL,
    }


def story_request(story: Story) -> StoryRequest:
    """The request a story was made from, read back from its columns (checked, as stored data
    coming back in; the catalog is not asked again)."""
    return StoryRequest.model_validate({
        "premise": story.premise,
        "genre": story.genre,
        "structure": story.structure,
        "scaffold": {"pov": story.pov, "tense": story.tense, "tone": story.tone,
                     "style": story.style},
        "target_words": story.target_words,
        "writer": story.writer,
        "seed": story.seed,
    })


class StoryRepository:
    """Stories of one database session; flushes, never commits (the caller owns the transaction)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def create(self, user_id: Any, request: StoryRequest) -> Story:
        """A new ``queued`` story from a validated request."""
        story = Story(user_id=user_id, title=None, status="queued", lock_version=1,
                      **request_columns(request))
        self.session.add(story)
        self.session.flush()
        return story

    def get(self, user_id: Any, story_id: str) -> Story | None:
        """The story if it exists and belongs to ``user_id``."""
        return self.session.scalar(
            select(Story).where(Story.id == story_id, Story.user_id == user_id)
        )

    def get_with_version(self, user_id: Any, story_id: str
                         ) -> tuple[Story, StoryVersion | None] | None:
        """The owner's story and its current version in one query (the hot read path)."""
        row = self.session.execute(
            select(Story, StoryVersion)
            .outerjoin(StoryVersion, and_(StoryVersion.story_id == Story.id,
                                          StoryVersion.number == Story.current_version))
            .where(Story.id == story_id, Story.user_id == user_id)
        ).first()
        return None if row is None else (row[0], row[1])

    def get_any(self, story_id: str) -> Story | None:
        """The story whoever owns it (for job bodies, which act for the owner)."""
        return self.session.get(Story, story_id, populate_existing=True)

    def page(self, user_id: Any, limit: int, cursor: str | None) -> tuple[list[Story], str | None]:
        """Up to ``limit`` stories newest first after ``cursor``, and the next page's cursor.

        The order (created_at, id) is total, so a page never repeats or skips a story even when
        several were created in the same instant.

        :raises BadCursor: ``cursor`` is not one of ours.
        """
        query = select(Story).where(Story.user_id == user_id)
        if cursor is not None:
            moment, story_id = decode_cursor(cursor)
            query = query.where(
                or_(
                    Story.created_at < moment,
                    and_(Story.created_at == moment, Story.id < story_id),
                )
            )
        query = query.order_by(Story.created_at.desc(), Story.id.desc()).limit(limit + 1)
        rows = list(self.session.scalars(query))
        more = len(rows) > limit
        rows = rows[:limit]
        return rows, (encode_cursor(rows[-1]) if more and rows else None)

    def bump(self, story_id: str, expected_lock: int | None = None, **values: Any) -> bool:
        """Set ``values`` and advance ``lock_version`` in one conditional ``UPDATE``.

        With ``expected_lock``, the row changes only if nobody changed it since that version was
        read; the row lock this takes also serialises whatever the caller does next in the same
        transaction (numbering a new version). Returns whether the row changed.
        """
        statement = (
            update(Story)
            .where(Story.id == story_id)
            .values(lock_version=Story.lock_version + 1, updated_at=utcnow(), **values)
            .execution_options(synchronize_session=False)
        )
        if expected_lock is not None:
            statement = statement.where(Story.lock_version == expected_lock)
        changed = cast("CursorResult[Any]", self.session.execute(statement)).rowcount == 1
        if changed:
            self.session.expire_all()
        return changed

    def delete(self, user_id: Any, story_id: str) -> bool:
        """Delete the story with its versions, jobs and feedback; False if it was not found.

        Children are deleted explicitly rather than trusting ``ON DELETE CASCADE``, which SQLite
        only honours when foreign keys are switched on for the connection.
        """
        if self.get(user_id, story_id) is None:
            return False
        for table in (Feedback, Job, StoryVersion):
            self.session.execute(
                delete(table).where(table.story_id == story_id)
                .execution_options(synchronize_session=False)
            )
        self.session.execute(
            delete(Story).where(Story.id == story_id).execution_options(synchronize_session=False)
        )
        self.session.expire_all()
        return True
