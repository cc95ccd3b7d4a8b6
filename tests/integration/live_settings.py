"""Settings the integration tests give their servers: a production deployment's."""

from __future__ import annotations

import secrets


def production_settings(app_database_url: str, ratelimit_key_prefix: str) -> dict[str, str]:
    """Settings of a production deployment on the migrated database (no Redis: in-memory limits),
    with a secret key of its own."""
    return {
        "SHORTSTORY_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": app_database_url,
        "RATELIMIT_KEY_PREFIX": ratelimit_key_prefix,
        "LOG_LEVEL": "INFO",
    }
