"""Users and their API keys: the one place that queries them."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from shortstory.storage.models import ApiKey, User, utcnow
from shortstory.storage.retry import retrying_read

KEY_PREFIX = "ss_"
DISPLAY_PREFIX_LENGTH = 10
LOCAL_USER_NAME = "local"
# Recording every use would turn each read into a write; a few minutes' precision is enough.
LAST_USED_PRECISION = timedelta(minutes=5)


class UserAlreadyExists(Exception):
    """A user with this name exists already."""

    def __init__(self, name: str) -> None:
        super().__init__(f"a user named {name!r} already exists")
        self.name = name


def hash_api_key(key: str) -> str:
    """The SHA-256 hex digest under which a key is stored."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def generate_api_key() -> str:
    """A new random API key (shown once, never stored)."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


class UserRepository:
    """Queries and changes of users and API keys, within the caller's session.

    The repository flushes but never commits: the caller owns the transaction.
    """

    def __init__(self, session: Session) -> None:
        self.session = session

    def create_user(self, name: str) -> User:
        """Add a user; :raises UserAlreadyExists: when the name is taken."""
        user = User(name=name)
        try:
            with self.session.begin_nested():
                self.session.add(user)
                self.session.flush()
        except IntegrityError:
            raise UserAlreadyExists(name) from None
        return user

    def add_api_key(self, user: User) -> str:
        """Give ``user`` a new key and return it in clear (the only time it exists in clear)."""
        key = generate_api_key()
        self.session.add(
            ApiKey(user_id=user.id, key_hash=hash_api_key(key), prefix=key[:DISPLAY_PREFIX_LENGTH])
        )
        self.session.flush()
        return key

    def create_user_with_key(self, name: str) -> tuple[User, str]:
        """A new user and their first API key (in clear)."""
        user = self.create_user(name)
        return user, self.add_api_key(user)

    @retrying_read
    def find_by_name(self, name: str) -> User | None:
        """The user called ``name``, if any."""
        return self.session.scalars(select(User).where(User.name == name)).one_or_none()

    @retrying_read
    def get(self, user_id: int) -> User | None:
        """The user with this id, if any."""
        return self.session.get(User, user_id)

    @retrying_read
    def _active_key(self, key_hash: str) -> ApiKey | None:
        return self.session.scalars(
            select(ApiKey).where(ApiKey.key_hash == key_hash, ApiKey.revoked_at.is_(None))
        ).one_or_none()

    def find_by_api_key(self, key: str, *, now: datetime | None = None) -> User | None:
        """The owner of an active key, or ``None``; notes when the key was last used."""
        digest = hash_api_key(key)
        api_key = self._active_key(digest)
        # The lookup is by an indexed hash; comparing again in constant time costs nothing and
        # keeps the check safe should the lookup ever become a prefix or range query.
        if api_key is None or not hmac.compare_digest(api_key.key_hash, digest):
            return None
        moment = now or utcnow()
        last = api_key.last_used_at
        if last is not None and last.tzinfo is None:  # SQLite returns naive datetimes
            last = last.replace(tzinfo=moment.tzinfo)
        if last is None or moment - last > LAST_USED_PRECISION:
            api_key.last_used_at = moment
            self.session.flush()
        return api_key.user

    def revoke_keys(self, user: User, *, now: datetime | None = None) -> int:
        """Revoke every active key of ``user``; returns how many."""
        keys = [k for k in user.api_keys if k.revoked_at is None]
        for api_key in keys:
            api_key.revoked_at = now or utcnow()
        self.session.flush()
        return len(keys)

    def get_or_create(self, name: str) -> User:
        """The user called ``name``, created if missing (safe against a concurrent create)."""
        user = self.find_by_name(name)
        if user is not None:
            return user
        try:
            return self.create_user(name)
        except UserAlreadyExists:
            found = self.find_by_name(name)
            assert found is not None
            return found
