"""``shortstory usage``: tokens and cost per user, from the versions in a real SQLite database."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from shortstory.cli import main
from shortstory.config import load_settings
from shortstory.pipeline.models import StoryRequest
from shortstory.storage.migrate import upgrade
from shortstory.storage.session import Database
from shortstory.storage.stories import StoryRepository
from shortstory.storage.users import UserRepository
from shortstory.storage.versions import VersionRepository

REQUEST = StoryRequest.model_validate({
    "premise": {"idea": "A comic going deaf.", "character": {"name": "Clive"}},
    "genre": "literary", "writer": "local"})


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'usage.sqlite3'}"
    upgrade(url)
    database = Database.from_settings(load_settings({"environment": "test", "database_url": url}))
    with database.session_scope() as session:
        users = UserRepository(session)
        ann, _ = users.create_user_with_key("ann")
        bob, _ = users.create_user_with_key("bob")
        for user, versions in ((ann, [(100, 40, 0.002), (50, 10, 0.0005)]), (bob, [(7, 3, 0.0)])):
            story = StoryRepository(session).create(user.id, REQUEST)
            for number, (t_in, t_out, cost) in enumerate(versions, 1):
                VersionRepository(session).add(
                    story.id, number, source="draft", text="Words here.", writer="local",
                    model="m", tokens_in=t_in, tokens_out=t_out,
                    provenance={"prompt_version": "v1", "cost_usd": cost})
    database.engine.dispose()
    return url


def test_usage_totals_per_user(database_url: str) -> None:
    result = CliRunner().invoke(main, ["usage", "--json"], env={"DATABASE_URL": database_url})
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert rows == [
        {"user": "ann", "stories": 1, "versions": 2, "tokens_in": 150, "tokens_out": 50,
         "cost_usd": 0.0025},
        {"user": "bob", "stories": 1, "versions": 1, "tokens_in": 7, "tokens_out": 3,
         "cost_usd": 0.0},
    ]


def test_usage_filters_by_user_and_date(database_url: str) -> None:
    env = {"DATABASE_URL": database_url}
    one = CliRunner().invoke(main, ["usage", "--user", "bob"], env=env)
    assert one.exit_code == 0 and "bob" in one.output and "ann" not in one.output
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%d")
    later = CliRunner().invoke(main, ["usage", "--since", tomorrow], env=env)
    assert later.exit_code == 0 and later.output.strip() == "no usage recorded"


def test_a_bad_date_is_one_line_and_exit_2(database_url: str) -> None:
    result = CliRunner().invoke(main, ["usage", "--since", "yesterday"],
                                env={"DATABASE_URL": database_url})
    assert result.exit_code == 2
    assert "--since" in result.output and "Traceback" not in result.output
