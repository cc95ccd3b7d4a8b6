"""No cookie sessions: callers are identified by their API key on every request.

Flask opens its signed-cookie session on every request (building a signing serializer each time)
even when nothing reads it. The service has no use for one, so every request gets Flask's null
session instead: reading it gives nothing, writing to it fails loudly, and no cookie is ever set.
"""

from __future__ import annotations

from flask import Flask, Request
from flask.sessions import SecureCookieSessionInterface


class NoSessionInterface(SecureCookieSessionInterface):
    """A session interface that never opens a session (Flask falls back to its null session)."""

    def open_session(self, app: Flask, request: Request) -> None:
        return None
