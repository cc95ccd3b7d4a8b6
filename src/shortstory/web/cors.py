"""CORS for the configured origins only (no origin configured: no CORS headers at all)."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask, Response, request

ALLOWED_HEADERS = (
    "Authorization, Content-Type, If-Match, Idempotency-Key, Last-Event-ID, X-Request-ID"
)
EXPOSED_HEADERS = (
    "ETag, Location, Retry-After, X-Request-ID, X-Process-Time, "
    "X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset"
)
ALLOWED_METHODS = "GET, POST, PATCH, PUT, DELETE, OPTIONS"


def install_cors(app: Flask, origins: Iterable[str]) -> None:
    """Answer cross-origin requests from ``origins`` (``*`` allows any, outside production)."""
    allowed = frozenset(origins)
    if not allowed:
        return

    def add_headers(response: Response) -> Response:
        origin = request.headers.get("Origin")
        if not origin or ("*" not in allowed and origin.rstrip("/") not in allowed):
            return response
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers.add("Vary", "Origin")
        response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response.headers["Access-Control-Max-Age"] = "600"
        return response

    app.after_request(add_headers)
