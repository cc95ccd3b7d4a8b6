"""What the browser tests share: the service they drive, a watch on each page, small steps.

Test modules import from here (a uniquely named module), never from ``conftest``: with several
``conftest.py`` files on ``sys.path`` that name is ambiguous.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

import requests
from cutting_proxy import CuttingProxy
from integration.live_server import GunicornServer
from support.fault_llm import FaultLLMServer

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# Chromium's line for a response with an error status, e.g. "... status of 422 (UNPROCESSABLE ...)".
FAILED_LOAD = re.compile(r"Failed to load resource: the server responded with a status of (\d+)")


@dataclass
class Service:
    """The running service as the tests see it."""

    url: str
    """The browser's way in (through the proxy)."""
    direct_url: str
    key: str
    proxy: CuttingProxy
    gunicorn: GunicornServer
    llm: FaultLLMServer

    def api(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """Call the API directly (not through the browser), as the same user."""
        headers = {"Authorization": f"Bearer {self.key}", **kwargs.pop("headers", {})}
        return requests.request(method, f"{self.direct_url}/api/v1{path}", headers=headers,
                                timeout=30, **kwargs)


@dataclass
class PageWatch:
    """What went wrong on one page: console errors, uncaught exceptions, CSP violations."""

    page: Any
    errors: list[str] = field(default_factory=list)
    allowed: set[int] = field(default_factory=set)
    allowed_text: list[re.Pattern[str]] = field(default_factory=list)

    def allow(self, *statuses: int) -> None:
        """HTTP error statuses this test provokes on purpose (a 422, a 412…)."""
        self.allowed.update(statuses)

    def allow_text(self, pattern: str) -> None:
        """A console error this test provokes on purpose (a connection it cuts)."""
        self.allowed_text.append(re.compile(pattern))

    def on_console(self, message: Any) -> None:
        if message.type != "error":
            return
        failed = FAILED_LOAD.search(message.text)
        if failed and int(failed.group(1)) in self.allowed:
            return
        if any(pattern.search(message.text) for pattern in self.allowed_text):
            return
        self.errors.append(f"console: {message.text} at {message.location.get('url')}")

    def problems(self) -> list[str]:
        found = list(self.errors)
        if not self.page.is_closed():
            found += [f"CSP: {v}" for v in self.page.evaluate("window.__cspViolations || []")]
        return found


def enter_key(page: Any, key: str) -> None:
    """Answer the page's API key dialog."""
    page.wait_for_selector("#key-dialog[open]")
    page.fill("#key-input", key)
    page.press("#key-input", "Enter")


def story_text(page: Any) -> str:
    """The story as the reader sees it: the article's text without the marks' suggestion tips."""
    return str(page.evaluate("""(() => {
        const copy = document.querySelector("#story-text").cloneNode(true);
        copy.querySelectorAll(".tip").forEach((tip) => tip.remove());
        return copy.textContent; })()"""))


def make_story(service: Service, **changes: Any) -> dict[str, Any]:
    """A finished story made through the API (procedural writer, first template)."""
    templates = service.api("GET", "/templates").json()["items"]
    body = {**templates[0]["request"], "target_words": 300, "writer": "procedural", **changes}
    created = service.api("POST", "/stories", json=body)
    assert created.status_code == 202, created.text
    job_id = created.json()["job"]["id"]
    deadline = time.monotonic() + 60
    while service.api("GET", f"/jobs/{job_id}").json()["status"] != "succeeded":
        assert time.monotonic() < deadline, "the story was not written in time"
        time.sleep(0.1)
    return service.api("GET", f"/stories/{created.json()['story']['id']}").json()  # type: ignore[no-any-return]
