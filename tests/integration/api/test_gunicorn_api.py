"""The stories API under real Gunicorn (3 workers, production mode, PostgreSQL): jobs run in
forked workers, any worker answers for any story, and a graceful stop loses no finished work."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import requests
from api_harness import HIGH_LIMITS, STORY_BODY


def test_stories_created_across_workers_all_succeed(
        gunicorn: Callable[..., Any], production_env: dict[str, str], fresh_api_key: str) -> None:
    limits = {name.upper(): value for name, value in HIGH_LIMITS.items()}
    server = gunicorn({**production_env, **limits}, workers=3)
    headers = {"Authorization": f"Bearer {fresh_api_key}"}
    base = f"{server.base_url}/api/v1"
    ids = []
    for seed in range(6):
        response = requests.post(f"{base}/stories", json={**STORY_BODY, "seed": seed},
                                 headers=headers, timeout=30)
        assert response.status_code == 202, response.text
        ids.append(response.json()["story"]["id"])
    deadline = time.monotonic() + 60
    pending = set(ids)
    while pending and time.monotonic() < deadline:
        for story_id in list(pending):
            story = requests.get(f"{base}/stories/{story_id}", headers=headers, timeout=30).json()
            if story["status"] == "succeeded":
                assert story["text"] and story["outline"] and story["analysis"]
                pending.discard(story_id)
            assert story["status"] != "failed", story
        time.sleep(0.1)
    assert not pending, f"not finished: {pending}\n{server.log()[-2000:]}"
    unauthenticated = requests.get(f"{base}/stories", timeout=30)
    assert unauthenticated.status_code == 401
    assert unauthenticated.json()["error_code"] == "UNAUTHORIZED"
    assert server.stop() == 0
