"""The ``shortstory`` command: one click group, its sub-commands registered from their modules."""

from __future__ import annotations

import click

from shortstory import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="shortstory")
def main() -> None:
    """Short Story Pipeline: premise -> outline -> scaffold -> draft -> revise."""


def _register_commands() -> None:
    # Each module owns its commands and adds them here; imported lazily so that a missing
    # optional piece never breaks the others.
    import importlib

    for name in ("shortstory.cli.operations", "shortstory.cli.stories"):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(main)


_register_commands()
