"""Sentry stays off without a DSN and never sends credentials; pools can be dropped after fork."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from shortstory.config import load_settings
from shortstory.storage.engine import build_engine, dispose_engines_after_fork, pool_status
from shortstory.web.error_reporting import init_error_reporting, scrub_event


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
    assert "cookies" not in scrubbed["request"]


def test_pools_inherited_across_fork_are_dropped(tmp_path: Path) -> None:
    settings = load_settings({"database_url": f"sqlite:///{tmp_path / 'f.sqlite3'}"}, environ={})
    engine = build_engine(settings)
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    assert pool_status(engine)["checkedin"] == 1
    dispose_engines_after_fork()
    assert pool_status(engine)["checkedin"] == 0
    engine.dispose()
