"""Token and cost totals per user, for the operator (``shortstory usage``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shortstory.storage.models import User
from shortstory.storage.story_models import Story, StoryVersion


@dataclass(frozen=True)
class UsageTotal:
    """What one user's versions spent."""

    user: str
    stories: int
    versions: int
    tokens_in: int
    tokens_out: int
    cost_usd: float

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return asdict(self)


def usage_by_user(session: Session, *, user: str | None = None,
                  since: datetime | None = None) -> list[UsageTotal]:
    """Stories, versions, tokens and cost per user, over versions made at or after ``since``;
    only user ``user`` when given. Users with no version in the period are left out."""
    query = (
        select(User.name, func.count(func.distinct(Story.id)), func.count(StoryVersion.id),
               func.coalesce(func.sum(StoryVersion.tokens_in), 0),
               func.coalesce(func.sum(StoryVersion.tokens_out), 0),
               func.coalesce(func.sum(StoryVersion.cost_usd), 0.0))
        .join(Story, Story.user_id == User.id)
        .join(StoryVersion, StoryVersion.story_id == Story.id)
        .group_by(User.name)
        .order_by(User.name)
    )
    if user is not None:
        query = query.where(User.name == user)
    if since is not None:
        query = query.where(StoryVersion.created_at >= since)
    return [UsageTotal(name, int(stories), int(versions), int(t_in or 0), int(t_out or 0),
                       round(float(cost or 0.0), 6))
            for name, stories, versions, t_in, t_out, cost in session.execute(query)]
