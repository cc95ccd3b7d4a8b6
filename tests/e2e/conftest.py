"""The browser tests: Debian's Chromium driven by Playwright against a real Gunicorn.

One production-mode server for the session (PostgreSQL, in-process jobs, a real API key the page
asks for once per tab), with two writers: the offline ``procedural`` one and ``slow``, the
fault-injecting OpenAI-protocol server streaming a few words every 30 ms, so a draft can be
watched, cancelled and interrupted. The browser reaches the server through a proxy that can
drop every connection at once.

Every page a test opens is watched: a console error, an uncaught exception or a CSP violation
fails the test, except the HTTP statuses the test provokes on purpose (``PageWatch.allow``).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_harness import DESKTOP, PageWatch, Service, enter_key
from cutting_proxy import CuttingProxy
from integration.live_server import create_api_key, running_in_ci, start_gunicorn
from support.fault_llm import FaultLLMServer

from shortstory.storage.migrate import upgrade
from shortstory.storage.scratch import scratch_database

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts" / "e2e"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
HIGH_LIMITS = {"RATELIMIT_DEFAULT": "100000 per day;100000 per hour",
               "RATELIMIT_GENERATION": "100000 per minute",
               "RATELIMIT_REVISION": "100000 per hour", "RATELIMIT_OTHER": "100000 per hour"}

CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM} (make test installs Debian's chromium)"
        if running_in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="session")
def service(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    workdir = tmp_path_factory.mktemp("e2e-server")
    with scratch_database(database_url, "shortstory_e2e") as url, \
            FaultLLMServer(chunk_delay_s=0.03, words_per_chunk=3) as llm:
        upgrade(url)
        key = create_api_key(url, workdir)
        writers = {"slow": {"base_url": llm.base_url, "model": "fault-llm-1"}}
        env = {"SHORTSTORY_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(48),
               "DATABASE_URL": url, "JOB_BACKEND": "inprocess", "LOG_LEVEL": "WARNING",
               "RATELIMIT_KEY_PREFIX": f"e2e-{secrets.token_hex(4)}",
               "WRITERS": json.dumps(writers), "WRITER_RETRIES": "0", **HIGH_LIMITS}
        server = start_gunicorn(env, workdir / "server.log", workers=2, threads=8)
        try:
            port = int(server.base_url.rsplit(":", 1)[1])
            with CuttingProxy(port) as proxy:
                yield Service(proxy.url, server.base_url, key, proxy, server, llm)
        finally:
            server.stop()


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser: Any, service: Service) -> Iterator[Callable[..., tuple[Any, PageWatch]]]:
    """Factory: ``open_page(hash="", viewport=DESKTOP, scheme="light")`` -> (page, watch), the
    page loaded, the key entered and the app ready. Each call is a new tab (its own
    sessionStorage)."""
    watches: list[PageWatch] = []
    contexts: list[Any] = []

    def open_(hash: str = "", viewport: dict[str, int] = DESKTOP, scheme: str = "light",
              context: Any = None) -> tuple[Any, PageWatch]:
        if context is None:
            context = browser.new_context(viewport=viewport, color_scheme=scheme,
                                          accept_downloads=True)
            contexts.append(context)
        page = context.new_page()
        page.add_init_script(CSP_LISTENER)
        watch = PageWatch(page)
        page.on("console", watch.on_console)
        page.on("pageerror", lambda error: watch.errors.append(f"uncaught: {error}"))
        watches.append(watch)
        page.goto(f"{service.url}/{hash}")
        enter_key(page, service.key)
        page.wait_for_selector("html[data-ready=true]")
        return page, watch

    yield open_
    problems = [problem for watch in watches for problem in watch.problems()]
    for context in contexts:
        context.close()
    assert problems == [], "\n".join(problems)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """test-artifacts/e2e/, emptied once per session (git-ignored)."""
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS
