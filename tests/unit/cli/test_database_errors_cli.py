"""A command whose database cannot be reached says where and what to check, in one line."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from shortstory.cli import main


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("args", [["db", "upgrade"], ["db", "current"], ["users", "create", "x"],
                                  ["usage"]])
def test_an_unreachable_database_is_one_line_naming_host_and_port(
        args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    port = _closed_port()
    monkeypatch.setenv("DATABASE_URL", f"postgresql://app:pw-not-shown@127.0.0.1:{port}/stories")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"error: cannot reach the database at 127.0.0.1:{port} (Connection refused); check that "
        "PostgreSQL is running and accepts connections there, and DATABASE_URL (host, port, "
        "database 'stories', user, password)"]


def test_db_current_on_a_missing_sqlite_file_says_so_and_creates_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "not-yet" / "stories.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{target}")
    result = CliRunner().invoke(main, ["db", "current"])
    assert result.exit_code == 1
    assert result.output.strip() == (f"empty: no database file at {target} yet "
                                     "(`shortstory db upgrade` creates it)")
    assert not target.parent.exists()
