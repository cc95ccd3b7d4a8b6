"""SQLAlchemy 2.0 models: users and API keys here, the stories API's tables in
:mod:`story_models`, all on :class:`~shortstory.storage.base.Base`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shortstory.storage.base import NAMING_CONVENTION, Base, BigId, utcnow

__all__ = ["NAMING_CONVENTION", "ApiKey", "Base", "BigId", "User", "utcnow"]


class User(Base):
    """Someone who owns stories; authenticates with one or more API keys."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.now()
    )

    api_keys: Mapped[list[ApiKey]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )


class ApiKey(Base):
    """An API key, stored only as its SHA-256 hash; ``prefix`` lets a person recognise it."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, server_default=func.now()
    )
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship(back_populates="api_keys")


# The stories API's tables live in their own module; importing it here puts them on Base.metadata.
from shortstory.storage import story_models as _story_models  # noqa: E402, F401
