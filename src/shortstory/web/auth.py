"""Who is calling: ``Authorization: Bearer <api key>``, or the local user in development.

Keys are looked up by their SHA-256 hash (see :mod:`shortstory.storage.users`). Under ``/api/``
every view needs a user unless marked :func:`public`; outside it (health, metrics, the page, static
files) nothing is required. Outside production, a request without a key acts as the built-in
local user; a request with a *wrong* key is refused everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Flask, current_app, g, request

from shortstory.errors import Unauthorized
from shortstory.storage.session import database
from shortstory.storage.users import LOCAL_USER_NAME, UserRepository

F = TypeVar("F", bound=Callable[..., Any])

_PUBLIC_ATTR = "_shortstory_public"
_LOCAL_USER_CACHE = "shortstory.local_user"
_UNRESOLVED = object()


@dataclass(frozen=True)
class CurrentUser:
    """The caller of the current request."""

    id: int
    name: str
    is_local: bool = False


def public(view: F) -> F:
    """Mark an ``/api/`` view as answering without authentication."""
    setattr(view, _PUBLIC_ATTR, True)
    return view


def _bearer_key() -> str | None:
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
    return cached  # type: ignore[no-any-return]


def _resolve() -> CurrentUser | None:
    key = _bearer_key()
    if key is not None:
        # Its own short transaction: the request's session stays the route's alone.
        with database().session_scope() as session:
            user = UserRepository(session).find_by_api_key(key)
            if user is None:
                raise Unauthorized("The API key is not valid.")
            return CurrentUser(id=user.id, name=user.name)
    if current_app.config["SHORTSTORY_SETTINGS"].local_user_enabled:
        return _local_user()
    return None


def current_user() -> CurrentUser | None:
    """The caller, resolved once per request; :raises Unauthorized: for a wrong key."""
    user = g.get("user", _UNRESOLVED)
    if user is _UNRESOLVED:
        user = _resolve()
        g.user = user
    return user  # type: ignore[return-value]


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
    if request.method == "OPTIONS" or not request.path.startswith("/api/"):
        return False
    view = current_app.view_functions.get(request.endpoint or "")
    return view is not None and not getattr(view, _PUBLIC_ATTR, False)


def _authenticate() -> None:
    if _requires_user():
        require_user()


def install_auth(app: Flask) -> None:
    """Require a user on every non-public ``/api/`` view of ``app``."""
    app.before_request(_authenticate)
