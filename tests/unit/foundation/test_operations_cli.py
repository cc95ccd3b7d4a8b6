"""The operations commands, run through click's runner against real SQLite files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from shortstory.cli import main
from shortstory.storage.migrate import head_revisions


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_check_config_masks_secrets(runner: CliRunner) -> None:
    result = runner.invoke(
        main,
        ["check-config", "--json"],
        env={"SECRET_KEY": "visible-if-broken-" + "x" * 20, "REDIS_URL": "redis://:pw9@h:1/0"},
    )
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    assert shown["secret_key"] == "********"
    assert shown["redis_url"] == "redis://:***@h:1/0"
    assert "visible-if-broken" not in result.output


def test_check_config_lists_problems_and_exits_2(runner: CliRunner) -> None:
    result = runner.invoke(main, ["check-config"], env={"SHORTSTORY_ENV": "production"})
    assert result.exit_code == 2
    assert "SECRET_KEY is required in production" in result.output
    assert "Traceback" not in result.output


def test_db_upgrade_then_current_then_users_create(runner: CliRunner, tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}
    before = runner.invoke(main, ["db", "current"], env=env)
    assert before.exit_code == 1 and "empty" in before.output
    upgraded = runner.invoke(main, ["db", "upgrade"], env=env)
    assert upgraded.exit_code == 0, upgraded.output
    assert head_revisions()[0] in upgraded.output
    current = runner.invoke(main, ["db", "current"], env=env)
    assert current.exit_code == 0 and "at head" in current.output

    created = runner.invoke(main, ["users", "create", "maren"], env=env)
    assert created.exit_code == 0, created.output
    key = created.output.split()[-1]
    assert key.startswith("ss_") and len(key) > 40
    again = runner.invoke(main, ["users", "create", "maren"], env=env)
    assert again.exit_code == 1 and "already exists" in again.output


def test_db_upgrade_creates_the_embedded_default_under_var(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(main, ["db", "upgrade"], env={})
    assert result.exit_code == 0, result.output
    assert (tmp_path / "var" / "shortstory.sqlite3").is_file()
