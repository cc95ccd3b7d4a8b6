"""The ``shortstory`` command: one click group, its sub-commands registered from their modules.

``operations`` holds the service's commands (check-config, db, users, serve); ``stories`` the
pipeline's (generate, analyze, revise); ``catalog`` lists genres, structures and templates;
``exports`` writes a story file as md, txt, html, pdf, docx or epub; ``worker`` the Celery
worker.
"""

from __future__ import annotations

import click

from shortstory import __version__
from shortstory.cli import catalog, exports, operations, stories, worker
from shortstory.cli.input_errors import OneLineErrorsGroup


@click.group(cls=OneLineErrorsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="shortstory")
def main() -> None:
    """Short Story Pipeline: premise -> outline -> scaffold -> draft -> revise."""


operations.register(main)
stories.register(main)
catalog.register(main)
exports.register(main)
worker.register(main)
