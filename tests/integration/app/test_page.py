"""The web page at ``/``: served under the strict CSP, nothing inline, every file it names served.

The browser journey itself is in ``tests/e2e``; these checks need no browser and fail fast.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

from flask import Flask

from shortstory.web.security_headers import HTML_CSP

UI_DIR = Path(__file__).resolve().parents[3] / "src" / "shortstory" / "ui"
IMPORT_RE = re.compile(r"""^import\s[^;]*?from\s+["'](\./[^"']+)["']""", re.MULTILINE)


class PageParser(HTMLParser):
    """What a CSP without 'unsafe-inline' would refuse, and the URLs the page loads."""

    def __init__(self) -> None:
        super().__init__()
        self.inline: list[str] = []
        self.urls: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        for name in names:
            if name == "style" or name.startswith("on"):
                self.inline.append(f"<{tag} {name}=…>")
        if tag == "style":
            self.inline.append("<style>")
        if tag == "script":
            self._in_script = "src" not in names
            if names.get("src"):
                self.urls.append(str(names["src"]))
        if tag == "link" and names.get("href"):
            self.urls.append(str(names["href"]))

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline.append("<script> with a body")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False


def test_the_page_is_served_under_the_strict_csp_with_nothing_inline(
        make_production_app: Callable[..., Flask]) -> None:
    client = make_production_app().test_client()
    response = client.get("/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.headers["Content-Security-Policy"] == HTML_CSP
    assert "unsafe-inline" not in HTML_CSP
    parser = PageParser()
    parser.feed(response.get_data(as_text=True))
    assert parser.inline == []
    assert parser.urls, "the page names its style sheet and scripts"
    for url in parser.urls:
        assert url.startswith("/static/"), url
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert "max-age=300" in asset.headers["Cache-Control"]


def test_in_production_the_page_needs_no_key_but_the_api_does(
        make_production_app: Callable[..., Flask], make_app: Callable[..., Flask]) -> None:
    client = make_production_app().test_client()
    page = client.get("/")
    assert page.status_code == 200
    assert b'data-key-required="true"' in page.data
    assert b'data-key-required="false"' in make_app().test_client().get("/").data
    assert client.get("/static/js/main.js").status_code == 200
    assert client.get("/api/v1/me").status_code == 401


def test_every_module_the_scripts_import_exists_and_is_served_as_javascript(
        make_production_app: Callable[..., Flask]) -> None:
    client = make_production_app().test_client()
    scripts = sorted((UI_DIR / "static" / "js").glob("*.js"))
    assert scripts
    for script in scripts:
        response = client.get(f"/static/js/{script.name}")
        assert response.status_code == 200
        assert response.mimetype in ("text/javascript", "application/javascript")
        for target in IMPORT_RE.findall(script.read_text(encoding="utf-8")):
            assert (script.parent / target).is_file(), f"{script.name} imports missing {target}"


def test_the_api_docs_page_is_still_served(make_production_app: Callable[..., Flask]) -> None:
    client = make_production_app().test_client()
    page = client.get("/api/v1/docs")
    assert page.status_code == 200 and b"docs/docs.js" in page.data
    assert client.get("/api/v1/docs/docs.js").status_code == 200
    assert client.get("/static/nothing-here.js").status_code == 404


def test_the_page_and_its_files_are_not_rate_limited(make_app: Callable[..., Flask]) -> None:
    app = make_app(ratelimit_default="2 per minute", ratelimit_other="2 per minute")
    client = app.test_client()
    for _ in range(5):
        assert client.get("/").status_code == 200
        assert client.get("/static/css/page.css").status_code == 200
    statuses = [client.get("/api/v1/genres").status_code for _ in range(3)]
    assert statuses[-1] == 429, "the limits are on: the API is counted"
