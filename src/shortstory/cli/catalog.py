"""Catalog commands: the genres, structures and ready-made premise templates, as text or JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import click

from shortstory.pipeline import catalog


def _listing(entries: list[Any], fmt: str, line: Callable[[Any], str]) -> None:
    if fmt == "json":
        click.echo(json.dumps([e.model_dump(mode="json") for e in entries], indent=2,
                              ensure_ascii=False))
    else:
        for entry in entries:
            click.echo(line(entry))


_LIST_FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]),
                            default="text", show_default=True)


@click.command("genres")
@_LIST_FORMAT
def genres_command(fmt: str) -> None:
    """List the genres."""
    _listing(catalog.genres(), fmt,
             lambda g: f"{g.id:<16} {g.name} ({g.default_tone}): {g.description}")


@click.command("structures")
@_LIST_FORMAT
def structures_command(fmt: str) -> None:
    """List the outline structures."""
    _listing(catalog.structures(), fmt,
             lambda s: f"{s.id:<16} {s.name}, {len(s.beats)} beats: {s.description}")


@click.command("templates")
@_LIST_FORMAT
def templates_command(fmt: str) -> None:
    """List the ready-made premise templates (use one with --premise-file)."""
    _listing(catalog.templates(), fmt,
             lambda t: f"{t.id:<28} [{t.request.genre}] {t.title}: {t.request.premise.idea}")


def register(group: click.Group) -> None:
    """Add the catalog commands to the ``shortstory`` group."""
    for command in (genres_command, structures_command, templates_command):
        group.add_command(command)
