"""Page benchmark: what the web page costs a browser on its first load, and on the next one.

Real Gunicorn in production mode on a private PostgreSQL database (created, migrated, dropped),
Debian's Chromium driven by Playwright. The API key is put in the tab's ``sessionStorage`` before
the page loads (as after the one-time prompt), so the figures are the page's own:

* **cold**: a fresh browser context (empty cache) loads ``/`` until the write view is ready
  (catalog filled, ``html[data-ready]``): requests, bytes on the wire (headers and bodies as
  Chromium counts them), split into the page's files and its API calls; the same files gzip'ed
  (what the shipped Nginx sends) for comparison; time from the navigation's start to the
  ``shortstory:ready`` performance mark, median of ``--runs``;
* **warm**: the same context loads ``/`` again: the requests that still go out (the scripts and
  style sheet are cached for 5 minutes; the page itself revalidates).

Writes ``bench/results/page.json``. Usage: ``python bench/page.py [--runs 9]``. Loopback only.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import statistics
import tempfile
from pathlib import Path
from typing import Any

import requests
from api import gunicorn, make_key, private_database
from machine_speed import reference_ms
from playwright.sync_api import Browser, sync_playwright

RESULT_PATH = Path(__file__).resolve().parent / "results" / "page.json"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def _load(browser: Browser, context: Any, base: str) -> dict[str, Any]:
    """Load ``/`` in ``context`` until ready; every request with its size."""
    page = context.new_page()
    finished: list[dict[str, Any]] = []

    def record(request: Any) -> None:
        response = request.response()
        sizes = request.sizes()
        finished.append({
            "url": request.url.removeprefix(base), "type": request.resource_type,
            "status": response.status if response else None,
            "bytes": sizes["responseHeadersSize"] + max(0, sizes["responseBodySize"]),
            "from_cache": bool(response and response.from_service_worker) or
            (sizes["responseBodySize"] <= 0 and (response.status if response else 0) == 200),
        })

    page.on("requestfinished", record)
    page.goto(f"{base}/")
    page.wait_for_selector("html[data-ready=true]")
    # Measured in the page: from the navigation's start to the mark main.js sets when ready.
    elapsed = page.evaluate(
        "performance.getEntriesByName('shortstory:ready')[0].startTime") / 1000
    page.wait_for_load_state("networkidle")
    page.close()
    return {"ms": elapsed * 1000, "requests": finished}


def _gzip_sizes(base: str, urls: list[str]) -> dict[str, int]:
    sizes = {}
    for url in urls:
        body = requests.get(base + url, timeout=10).content
        sizes[url] = len(gzip.compress(body, compresslevel=1))  # Nginx's default gzip_comp_level
    return sizes


def measure(base: str, key: str, runs: int) -> dict[str, Any]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        init = f"sessionStorage.setItem('shortstory.apiKey', {json.dumps(key)});"
        cold_runs = []
        warm = None
        for run in range(runs):
            context = browser.new_context()
            context.add_init_script(init)
            cold_runs.append(_load(browser, context, base))
            if run == 0:
                warm = _load(browser, context, base)
            context.close()
        browser.close()
    first = cold_runs[0]["requests"]
    own = [r for r in first if not r["url"].startswith("/api/")]
    api = [r for r in first if r["url"].startswith("/api/")]
    gz = _gzip_sizes(base, [r["url"] for r in own])
    assert warm is not None
    warm_network = [r for r in warm["requests"] if not r["from_cache"]]
    return {
        "cold": {
            "requests": len(first),
            "bytes": sum(r["bytes"] for r in first),
            "page_files": {"requests": len(own), "bytes": sum(r["bytes"] for r in own),
                           "gzip_body_bytes": sum(gz.values())},
            "api_calls": {"requests": len(api), "bytes": sum(r["bytes"] for r in api),
                          "paths": [r["url"] for r in api]},
            "ready_ms_p50": round(statistics.median(r["ms"] for r in cold_runs), 1),
            "ready_ms_max": round(max(r["ms"] for r in cold_runs), 1),
            "runs": runs,
            "files": [{k: r[k] for k in ("url", "type", "bytes")} for r in own],
        },
        "warm": {
            "requests": len(warm["requests"]),
            "over_the_network": len(warm_network),
            "bytes": sum(r["bytes"] for r in warm_network),
            "ready_ms": round(warm["ms"], 1),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with private_database() as url, tempfile.TemporaryDirectory() as tmp:
        key = make_key(url)
        with gunicorn(url, workers=2, log_dir=Path(tmp)) as base:
            figures = measure(base, key, args.runs)
    result = {"machine": platform.machine(), "python": platform.python_version(),
              "reference_ms": reference_ms(), **figures}
    RESULT_PATH.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    cold, warm = figures["cold"], figures["warm"]
    print(f"cold: {cold['requests']} requests, {cold['bytes']:,} bytes "
          f"(page files {cold['page_files']['requests']} / {cold['page_files']['bytes']:,} B, "
          f"gzip bodies {cold['page_files']['gzip_body_bytes']:,} B; API "
          f"{cold['api_calls']['requests']} / {cold['api_calls']['bytes']:,} B); "
          f"ready p50 {cold['ready_ms_p50']} ms")
    print(f"warm: {warm['requests']} requests, {warm['over_the_network']} over the network, "
          f"{warm['bytes']:,} bytes; ready {warm['ready_ms']} ms")


if __name__ == "__main__":
    main()
