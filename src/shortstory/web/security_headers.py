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
    """Add the headers to every response of ``app``; a header a view set itself is kept."""
    common = [
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]
    if hsts:
        common.append(("Strict-Transport-Security", HSTS))
    html = [
        (name.lower(), name, value)
        for name, value in [*common, ("Content-Security-Policy", HTML_CSP)]
    ]
    other = [
        (name.lower(), name, value)
        for name, value in [*common, ("Content-Security-Policy", API_CSP)]
    ]

    def add_headers(response: Response) -> Response:
        headers = response.headers
        # One pass over the existing headers instead of one setdefault scan per header.
        present = {name.lower() for name, _ in headers.items()}
        # The media type without parsing its parameters (Response.mimetype parses them all).
        media_type = headers.get("Content-Type", "").partition(";")[0].strip().lower()
        wanted = html if media_type == "text/html" else other
        for key, name, value in wanted:
            if key not in present:
                headers.add(name, value)
        return response

    app.after_request(add_headers)
