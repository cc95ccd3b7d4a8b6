"""The feedback repository: storing ratings and summarising what works best."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, case, func, select
from sqlalchemy.orm import Session

from shortstory.storage.story_models import Feedback, Story, StoryVersion


class FeedbackRepository:
    """Feedback of one database session; flushes, never commits."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, user_id: Any, story_id: str, version: StoryVersion, *, rating: int,
            approved: bool, comment: str) -> Feedback:
        """Store one rating of ``version``."""
        item = Feedback(user_id=user_id, story_id=story_id, version_id=version.id, rating=rating,
                        approved=approved, comment=comment)
        self.session.add(item)
        self.session.flush()
        return item

    def summary(self, user_id: Any) -> dict[str, Any]:
        """Count, average rating and approval rate overall and grouped by genre, structure,
        scaffold (``pov/tense`` of the version rated) and writer, over the feedback on
        ``user_id``'s stories."""
        approved = func.avg(case((Feedback.approved.is_(True), 1.0), else_=0.0))
        base = (
            select(func.count(Feedback.id), func.avg(Feedback.rating.cast(Integer)), approved)
            .join(Story, Story.id == Feedback.story_id)
            .join(StoryVersion, StoryVersion.id == Feedback.version_id)
            .where(Story.user_id == user_id)
        )
        total, average, rate = self.session.execute(base).one()
        groupings = {
            "by_genre": (Story.genre,),
            "by_structure": (Story.structure,),
            # The scaffold of the version rated: a tense revision later does not move it.
            "by_scaffold": (func.coalesce(StoryVersion.pov, Story.pov),
                            func.coalesce(StoryVersion.tense, Story.tense)),
            "by_writer": (StoryVersion.writer,),
        }
        result: dict[str, Any] = {
            "total": int(total or 0),
            "average_rating": _round(average),
            "approval_rate": _round(rate),
        }
        for name, columns in groupings.items():
            rows = self.session.execute(
                base.add_columns(*columns).group_by(*columns).order_by(*columns)
            ).all()
            result[name] = [
                {
                    "key": "/".join(str(part or "unknown") for part in row[3:]),
                    "count": int(row[0]),
                    "average_rating": _round(row[1]) or 0.0,
                    "approval_rate": _round(row[2]) or 0.0,
                }
                for row in rows
            ]
        return result


def _round(value: Any) -> float | None:
    return None if value is None else round(float(value), 3)
