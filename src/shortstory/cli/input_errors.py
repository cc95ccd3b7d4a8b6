"""Bad input on the command line: one line on stderr, ``error: <field>: <problem>``, exit code 2.

Click's own usage errors (an unknown option, a missing argument, a bad value) print the usage and
a hint over three lines; every command of ``shortstory`` says them in one line instead.
"""

from __future__ import annotations

import sys
from typing import Any, NoReturn

import click

from shortstory.cli.database_errors import DATABASE_EXIT_CODE, unreachable_database_message

INPUT_EXIT_CODE = 2


class InputProblem(click.ClickException):
    """Bad input from the user: one line on stderr naming the field, exit code 2."""

    exit_code = INPUT_EXIT_CODE

    def __init__(self, field: str | None, problem: str) -> None:
        super().__init__(f"{field}: {problem}" if field else problem)

    def show(self, file: Any = None) -> None:
        """Print ``error: <message>`` on one line."""
        message = " ".join(self.format_message().split())
        click.echo(f"error: {message}", err=True, file=file)


def fail(field: str | None, problem: str) -> NoReturn:
    """Stop the command: ``field`` was given ``problem``."""
    raise InputProblem(field, problem)


def read_text(path: str, field: str) -> str:
    """The text of the file ``path`` (``-`` is stdin), as UTF-8; a problem is ``field``'s."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as handle:
                data = handle.read()
    except OSError as exc:
        fail(field, f"cannot read {path!r}: {exc.strerror or exc}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        fail(field, f"{path!r} is not valid UTF-8 (bad byte at offset {exc.start})")


class OneLineErrorsGroup(click.Group):
    """A command group whose usage errors, and those of every command under it, are one line."""

    def make_context(self, info_name: str | None, args: list[str],
                     parent: click.Context | None = None, **extra: Any) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            raise InputProblem(None, exc.format_message()) from None

    def invoke(self, ctx: click.Context) -> Any:
        from shortstory.storage.availability import DATABASE_UNAVAILABLE

        try:
            return super().invoke(ctx)
        except InputProblem:
            raise
        except click.UsageError as exc:
            raise InputProblem(None, exc.format_message()) from None
        except DATABASE_UNAVAILABLE as exc:
            raise DatabaseUnreachable(exc) from None


class DatabaseUnreachable(click.ClickException):
    """A command stopped because the database could not be reached: one line, exit code 1."""

    exit_code = DATABASE_EXIT_CODE

    def __init__(self, error: BaseException) -> None:
        from shortstory.config import load_settings

        try:
            url: str | None = load_settings().database_url
        except Exception:  # the settings were read once already; never hide the real problem
            url = None
        super().__init__(unreachable_database_message(error, url))

    def show(self, file: Any = None) -> None:
        """Print ``error: <message>`` on one line."""
        click.echo(f"error: {self.format_message()}", err=True, file=file)
