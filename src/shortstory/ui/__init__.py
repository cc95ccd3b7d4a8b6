"""The web page at ``/``: one Jinja template, our own style sheet and ES-module scripts.

Nothing is loaded from another origin and nothing runs inline, so the page works offline under
the strict Content-Security-Policy of :mod:`shortstory.web.security_headers`. The page talks to
the API like any client (``/api/v1``, a Bearer key kept in ``sessionStorage`` in production).
"""

from __future__ import annotations

from shortstory.ui.views import blueprint

__all__ = ["blueprint"]
