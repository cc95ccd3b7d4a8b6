"""Security headers on every response; a strict CSP for HTML, HSTS in production."""

from __future__ import annotations

from flask import Flask, Response

# Everything from our own origin, nothing inline: the page ships its scripts and styles as files.
HTML_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# A JSON or file response never needs to load anything.
API_CSP = "default-src 'none'; frame-ancestors 'none'"
HSTS = "max-age=31536000; includeSubDomains"


def install_security_headers(app: Flask, *, hsts: bool) -> None:
    """Add the headers to every response of ``app``; a view may set its own CSP first."""

    def add_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        is_html = (response.mimetype or "") == "text/html"
        headers.setdefault("Content-Security-Policy", HTML_CSP if is_html else API_CSP)
        if hsts:
            headers.setdefault("Strict-Transport-Security", HSTS)
        return response

    app.after_request(add_headers)
