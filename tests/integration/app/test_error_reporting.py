"""Sentry stays off without a DSN and never sends credentials; pools can be dropped after fork."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from shortstory.config import ConfigError, load_settings
from shortstory.observability.error_reporting import (
    init_error_reporting,
    process_secrets,
    scrub_event,
    scrub_text,
)
from shortstory.storage.engine import build_engine, dispose_engines_after_fork, pool_status


def test_no_dsn_no_sentry() -> None:
    assert init_error_reporting(load_settings(environ={}, dotenv_path=None)) is False


def test_credentials_are_scrubbed_from_events() -> None:
    event = {
        "request": {
            "headers": {"Authorization": "Bearer ss_secret", "Accept": "application/json"},
            "cookies": {"session": "abc"},
        }
    }
    scrubbed = scrub_event(event, {})
    assert scrubbed["request"]["headers"]["Authorization"] == "[Filtered]"
    assert scrubbed["request"]["headers"]["Accept"] == "application/json"
    assert scrubbed["request"]["cookies"] == "[Filtered]"


def test_bodies_sensitive_keys_and_url_passwords_are_scrubbed_but_context_is_kept() -> None:
    event = {
        "request": {"data": {"premise": {"idea": "a town that moves"}}, "url": "http://x/y"},
        "extra": {"database_url": "postgresql://u:pw@h/d", "story_id": "s1",
                  "X-Api-Key": "k", "celery-job": {"task_name": "shortstory.generate"}},
        "contexts": {"runtime": {"name": "CPython"}},
        "exception": {"values": [{"type": "RuntimeError",
                                  "value": "lost redis://:hunter22@h:6379/0, Bearer ss_abc"}]},
        "breadcrumbs": {"values": [{"message": "GET postgresql://u:pw2secret@h/d"}]},
    }
    scrubbed = scrub_event(event, {})
    assert scrubbed["request"]["data"] == "[Filtered]"
    assert scrubbed["request"]["url"] == "http://x/y"
    assert scrubbed["extra"]["database_url"] == "[Filtered]"
    assert scrubbed["extra"]["X-Api-Key"] == "[Filtered]"
    assert scrubbed["extra"]["story_id"] == "s1"
    assert scrubbed["extra"]["celery-job"] == {"task_name": "shortstory.generate"}
    assert scrubbed["contexts"] == {"runtime": {"name": "CPython"}}
    value = scrubbed["exception"]["values"][0]["value"]
    assert value == "lost redis://:[Filtered]@h:6379/0, Bearer [Filtered]"
    assert "pw2secret" not in str(scrubbed["breadcrumbs"])


def test_the_process_secrets_are_the_configured_ones() -> None:
    settings = load_settings({"secret_key": "s" * 40, "metrics_token": "metrics-token-1",
                              "database_url": "postgresql://u:db-password@h/d",
                              "redis_url": "redis://:rpw@h:6379/0"}, environ={})
    found = process_secrets(settings)
    assert "s" * 40 in found and "metrics-token-1" in found and "db-password" in found
    assert "rpw" not in found  # too short to search for in text: URL passwords are cut by shape
    assert scrub_text("key " + "s" * 40, found) == "key [Filtered]"


def test_sample_rates_are_checked() -> None:
    with pytest.raises(ConfigError, match="SENTRY_SAMPLE_RATE"):
        load_settings({"sentry_sample_rate": "1.5"}, environ={})


def test_pools_inherited_across_fork_are_dropped(tmp_path: Path) -> None:
    settings = load_settings({"database_url": f"sqlite:///{tmp_path / 'f.sqlite3'}"}, environ={})
    engine = build_engine(settings)
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    assert pool_status(engine)["checkedin"] == 1
    dispose_engines_after_fork()
    assert pool_status(engine)["checkedin"] == 0
    engine.dispose()
