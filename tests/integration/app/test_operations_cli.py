"""The operations commands, run through click's runner against real SQLite files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from shortstory.cli import main
from shortstory.storage.migrate import head_revisions, new_revision, upgrade


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


def test_db_downgrade_and_upgrade_round_trip(runner: CliRunner, tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'round.sqlite3'}"}
    nothing = runner.invoke(main, ["db", "downgrade", "base"], env=env)
    assert nothing.exit_code == 1 and "no migrations applied" in nothing.output
    assert runner.invoke(main, ["db", "upgrade"], env=env).exit_code == 0
    back_one = runner.invoke(main, ["db", "downgrade", "-1"], env=env)
    assert back_one.exit_code == 0, back_one.output
    head = head_revisions()[0]
    assert back_one.output.rstrip().endswith(f"from {head} to {int(head) - 1:04d}")
    unknown = runner.invoke(main, ["db", "downgrade", "0999"], env=env)
    assert unknown.exit_code == 2 and "REVISION" in unknown.output
    assert "Traceback" not in unknown.output
    to_base = runner.invoke(main, ["db", "downgrade", "base"], env=env)
    assert to_base.exit_code == 0 and to_base.output.rstrip().endswith("to base")
    again = runner.invoke(main, ["db", "upgrade"], env=env)
    assert again.exit_code == 0 and "from empty to" in again.output
    assert runner.invoke(main, ["db", "current"], env=env).exit_code == 0


def test_db_revision_needs_a_database_at_head(runner: CliRunner, tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'behind.sqlite3'}"}
    result = runner.invoke(main, ["db", "revision", "-m", "add things"], env=env)
    assert result.exit_code == 1 and "migrate the database to head first" in result.output


def test_the_models_need_no_new_migration(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'head.sqlite3'}"
    upgrade(url)
    written = new_revision(url, "nothing to do", directory=tmp_path)
    source = written.read_text()
    assert written.name.startswith(f"{int(head_revisions()[0]) + 1:04d}_nothing_to_do")
    upgrade_body = source.split("def upgrade() -> None:")[1].split("def downgrade")[0]
    statements = [line.strip() for line in upgrade_body.splitlines()]
    assert [line for line in statements if line and not line.startswith("#")] == ["pass"], source
    assert f"down_revision: str | None = {head_revisions()[0]!r}" in source


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["users", "create", ""], "NAME: must be 1 to 100 characters"),
        (["users", "create"], "Missing argument 'NAME'"),
        (["db", "upgrade", "--bogus"], "No such option '--bogus'"),
        (["db", "nosuch"], "No such command 'nosuch'"),
        (["nosuch"], "No such command 'nosuch'"),
    ],
)
def test_bad_input_to_any_command_is_one_line_and_exit_2(
    runner: CliRunner, tmp_path: Path, args: list[str], says: str
) -> None:
    result = runner.invoke(main, args, env={"DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"})
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    assert says in result.stderr
