"""The application's Redis client (when ``REDIS_URL`` is set), created on first use."""

from __future__ import annotations

import redis
from flask import current_app

from shortstory.config import app_settings

EXTENSION_KEY = "shortstory.redis"
SOCKET_TIMEOUT_S = 1.0


def redis_client() -> redis.Redis | None:
    """The client for the current app's ``REDIS_URL``, or ``None`` when Redis is not configured."""
    settings = app_settings()
    if not settings.redis_url:
        return None
    client = current_app.extensions.get(EXTENSION_KEY)
    if client is None:
        client = redis.Redis.from_url(
            settings.redis_url,
            socket_connect_timeout=SOCKET_TIMEOUT_S,
            socket_timeout=SOCKET_TIMEOUT_S,
            health_check_interval=30,
        )
        current_app.extensions[EXTENSION_KEY] = client
    return client
