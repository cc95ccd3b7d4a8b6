"""Who is calling: ``Authorization: Bearer <api key>``, or the local user in development.

Keys are looked up by their SHA-256 hash (see :mod:`shortstory.storage.users`). Under ``/api/``
every view needs a user unless marked :func:`public`; outside it (health, metrics, the page, static
files) nothing is required. Outside production, a request without a key acts as the built-in
local user; a request with a *wrong* key is refused everywhere.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Flask, current_app, g, request

from shortstory.config import app_settings
from shortstory.errors import Unauthorized
from shortstory.storage.session import database
from shortstory.storage.users import LOCAL_USER_NAME, UserRepository, hash_api_key

F = TypeVar("F", bound=Callable[..., Any])

_PUBLIC_ATTR = "_shortstory_public"
_LOCAL_USER_CACHE = "shortstory.local_user"
_KEY_CACHE = "shortstory.api_key_cache"
_UNRESOLVED = object()

KEY_CACHE_SECONDS = 10.0
"""How long a worker trusts a key it has verified; a revoked key stops working within this."""
KEY_CACHE_SIZE = 4096


@dataclass(frozen=True)
class CurrentUser:
    """The caller of the current request."""

    id: int
    name: str
    is_local: bool = False


class VerifiedKeyCache:
    """Keys verified recently, by hash, so that a busy client costs no database round trip.

    Only successful lookups are kept: a wrong key is checked against the database every time.
    """

    def __init__(self, ttl: float = KEY_CACHE_SECONDS, size: int = KEY_CACHE_SIZE) -> None:
        self.ttl = ttl
        self.size = size
        self._entries: dict[str, tuple[float, CurrentUser]] = {}
        self._lock = threading.Lock()

    def get(self, digest: str) -> CurrentUser | None:
        """The user of a key verified less than ``ttl`` seconds ago, else ``None``."""
        entry = self._entries.get(digest)
        if entry is None or entry[0] < time.monotonic():
            return None
        return entry[1]

    def put(self, digest: str, user: CurrentUser) -> None:
        """Remember that ``digest`` belongs to ``user`` for ``ttl`` seconds."""
        with self._lock:
            if len(self._entries) >= self.size:
                now = time.monotonic()
                self._entries = {k: v for k, v in self._entries.items() if v[0] >= now}
                if len(self._entries) >= self.size:
                    self._entries.clear()
            self._entries[digest] = (time.monotonic() + self.ttl, user)


def public(view: F) -> F:
    """Mark an ``/api/`` view as answering without authentication."""
    setattr(view, _PUBLIC_ATTR, True)
    return view


def is_public(view: Callable[..., Any] | None) -> bool:
    """True for a view marked :func:`public`."""
    return bool(getattr(view, _PUBLIC_ATTR, False))


def bearer_token() -> str | None:
    """The token of the request's ``Authorization: Bearer <token>``, ``None`` without the header.

    :raises Unauthorized: the header is there but is not a Bearer token.
    """
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, key = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise Unauthorized("The Authorization header must be 'Bearer <api key>'.")
    return key.strip()


def _local_user() -> CurrentUser:
    cached = current_app.extensions.get(_LOCAL_USER_CACHE)
    if cached is None:
        with database().session_scope() as session:
            user = UserRepository(session).get_or_create(LOCAL_USER_NAME)
            cached = CurrentUser(id=user.id, name=user.name, is_local=True)
        current_app.extensions[_LOCAL_USER_CACHE] = cached
    return cached


def _resolve() -> CurrentUser | None:
    key = bearer_token()
    if key is not None:
        cache: VerifiedKeyCache = current_app.extensions[_KEY_CACHE]
        digest = hash_api_key(key)
        cached = cache.get(digest)
        if cached is not None:
            return cached
        # Its own short transaction: the request's session stays the route's alone.
        with database().session_scope() as session:
            user = UserRepository(session).find_by_api_key(key)
            if user is None:
                raise Unauthorized("The API key is not valid.")
            verified = CurrentUser(id=user.id, name=user.name)
        cache.put(digest, verified)
        return verified
    if app_settings().local_user_enabled:
        return _local_user()
    return None


def current_user() -> CurrentUser | None:
    """The caller, resolved once per request; :raises Unauthorized: for a wrong key."""
    user = g.get("user", _UNRESOLVED)
    if user is _UNRESOLVED:
        user = _resolve()
        g.user = user
    return user


def require_user() -> CurrentUser:
    """The caller; :raises Unauthorized: when there is none."""
    user = current_user()
    if user is None:
        raise Unauthorized()
    return user


def authenticated_user_or_none() -> CurrentUser | None:
    """The caller if one can be established, never raising (for the rate limiter's key)."""
    try:
        return current_user()
    except Exception:
        return None


def _requires_user() -> bool:
    # One proxy lookup instead of one per attribute: this runs on every request.
    current = request._get_current_object()  # type: ignore[attr-defined]
    if current.method == "OPTIONS" or not current.path.startswith("/api/"):
        return False
    view = current_app.view_functions.get(current.endpoint or "")
    return view is not None and not is_public(view)


def _authenticate() -> None:
    if _requires_user():
        require_user()


def install_auth(app: Flask) -> None:
    """Require a user on every non-public ``/api/`` view of ``app``."""
    app.extensions[_KEY_CACHE] = VerifiedKeyCache()
    app.before_request(_authenticate)
