"""The shipped ``deploy/nginx.conf`` in front of real Gunicorn: client address, HTTPS, SSE."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests
import urllib3
from frame_app import PREFIX, SSE_GAP_SECONDS, SSE_PATH
from live_server import GunicornServer, NginxServer, nginx_binary, running_in_ci, start_nginx
from support.fault_llm import FaultLLMServer


@pytest.fixture
def proxied(
    gunicorn: Callable[..., GunicornServer],
    production_env: dict[str, str],
    api_key: str,
    tmp_path: Path,
) -> Iterator[tuple[NginxServer, requests.Session]]:
    """Gunicorn (production, one trusted proxy) behind the shipped Nginx site."""
    if nginx_binary() is None:
        if running_in_ci():
            pytest.fail("nginx not installed (make test installs it)", pytrace=False)
        pytest.skip("nginx not installed (make test installs it)")
    server = gunicorn({**production_env, "TRUSTED_PROXIES": "1"}, app="frame_app:build()")
    upstream_port = int(server.base_url.rsplit(":", 1)[1])
    nginx = start_nginx(upstream_port, tmp_path / "nginx")
    session = requests.Session()
    # The test's own self-signed certificate; trust_env off so that REQUESTS_CA_BUNDLE (which
    # would override session.verify) and proxy variables do not apply on loopback.
    session.trust_env = False
    session.verify = False
    session.headers["Authorization"] = f"Bearer {api_key}"
    urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
    yield nginx, session
    session.close()
    nginx.stop()


def test_the_app_sees_the_real_client_over_https_and_ignores_a_forged_forwarded_for(
    proxied: tuple[NginxServer, requests.Session],
) -> None:
    nginx, session = proxied
    response = session.get(
        f"{nginx.https_url}{PREFIX}/client", headers={"X-Forwarded-For": "203.0.113.9"}, timeout=10
    )
    assert response.status_code == 200, response.text
    seen = response.json()
    assert seen["remote_addr"] == "127.0.0.1"
    assert seen["scheme"] == "https"


def test_plain_http_is_redirected_to_https(proxied: tuple[NginxServer, requests.Session]) -> None:
    nginx, session = proxied
    response = session.get(f"{nginx.http_url}/health/live", allow_redirects=False, timeout=10)
    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://")


def test_errors_and_request_ids_pass_through_the_proxy(
    proxied: tuple[NginxServer, requests.Session],
) -> None:
    nginx, session = proxied
    response = session.get(
        f"{nginx.https_url}/api/v1/no-such-resource", headers={"X-Request-ID": "via-nginx-1"},
        timeout=10,
    )  # fmt: skip
    assert response.status_code == 404
    assert response.json()["error_code"] == "NOT_FOUND"
    assert response.headers["X-Request-ID"] == "via-nginx-1"


def test_the_page_its_scripts_and_style_sheet_arrive_compressed(
    proxied: tuple[NginxServer, requests.Session],
) -> None:
    nginx, session = proxied
    for path in ("/", "/static/js/main.js", "/static/css/page.css", "/static/icon.svg"):
        response = session.get(f"{nginx.https_url}{path}", headers={"Accept-Encoding": "gzip"},
                               timeout=10)
        assert response.status_code == 200, path
        assert response.headers.get("Content-Encoding") == "gzip", path


def test_server_sent_events_stream_through_without_buffering(
    proxied: tuple[NginxServer, requests.Session],
) -> None:
    nginx, session = proxied
    started = time.monotonic()
    arrivals: list[float] = []
    with session.get(
        nginx.https_url + SSE_PATH,
        headers={"Accept": "text/event-stream", "Accept-Encoding": "gzip"},
        stream=True,
        timeout=30,
    ) as response:
        assert response.status_code == 200
        assert "gzip" not in response.headers.get("Content-Encoding", "")
        for line in response.iter_lines():
            if line.startswith(b"data:"):
                arrivals.append(time.monotonic() - started)
    assert len(arrivals) == 3
    # Buffered, every event would arrive at the end (after 3 gaps); streamed, the first comes
    # well before the second gap.
    assert arrivals[0] < SSE_GAP_SECONDS, arrivals
    assert arrivals[-1] - arrivals[0] >= SSE_GAP_SECONDS, arrivals


def test_a_jobs_draft_streams_through_nginx_as_it_is_written(
    gunicorn: Callable[..., GunicornServer],
    production_env: dict[str, str],
    api_key: str,
    tmp_path: Path,
) -> None:
    """The real ``/jobs/{id}/events`` behind the shipped site: chunks arrive while the model
    writes (a slow fault-injecting model server), not all at the end."""
    if nginx_binary() is None:
        if running_in_ci():
            pytest.fail("nginx not installed (make test installs it)", pytrace=False)
        pytest.skip("nginx not installed (make test installs it)")
    with FaultLLMServer(chunk_delay_s=0.05, words_per_chunk=3) as model:
        writers = {"slow": {"base_url": model.base_url, "model": "fault-llm-1"}}
        server = gunicorn({**production_env, "TRUSTED_PROXIES": "1",
                           "WRITERS": json.dumps(writers), "WRITER_RETRIES": "0",
                           "RATELIMIT_GENERATION": "1000 per minute"})
        nginx = start_nginx(int(server.base_url.rsplit(":", 1)[1]), tmp_path / "nginx")
        try:
            session = requests.Session()
            session.trust_env = False
            session.verify = False
            session.headers["Authorization"] = f"Bearer {api_key}"
            urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
            body = {"premise": {"idea": "A ferry pilot finds a stowaway on the last crossing",
                                "character": {"name": "Ines Farrow", "pronouns": "she/her"}},
                    "genre": "literary", "writer": "slow", "target_words": 300,
                    "scaffold": {"pov": "first", "tense": "past"}}
            created = session.post(f"{nginx.https_url}/api/v1/stories", json=body, timeout=30)
            assert created.status_code == 202, created.text
            job_id = created.json()["job"]["id"]
            started = time.monotonic()
            chunk_times: list[float] = []
            last = ""
            with session.get(f"{nginx.https_url}/api/v1/jobs/{job_id}/events",
                             headers={"Accept": "text/event-stream",
                                      "Accept-Encoding": "gzip"},
                             stream=True, timeout=60) as response:
                assert response.status_code == 200
                assert "gzip" not in response.headers.get("Content-Encoding", "")
                for line in response.iter_lines(decode_unicode=True):
                    if line.startswith("event: "):
                        last = line.removeprefix("event: ")
                        if last == "chunk":
                            chunk_times.append(time.monotonic() - started)
            assert last == "done"
            assert len(chunk_times) >= 3
            # Buffered, every chunk would arrive at the end; streamed, they spread out.
            assert chunk_times[-1] - chunk_times[0] > 1.0, chunk_times
        finally:
            nginx.stop()
