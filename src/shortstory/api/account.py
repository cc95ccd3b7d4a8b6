"""``/api/v1/me``: who the API thinks you are (and a cheap authenticated, rate-limited route)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from shortstory.web.auth import require_user

blueprint = Blueprint("account", __name__)


@blueprint.get("/me")
def me() -> dict[str, Any]:
    """The caller: id, name, and whether it is the development-mode local user."""
    user = require_user()
    return {"id": user.id, "name": user.name, "local": user.is_local}
