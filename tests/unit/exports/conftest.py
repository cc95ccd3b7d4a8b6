"""The export tests' fixture: the story of :mod:`export_story` as a document."""

from __future__ import annotations

import pytest
from export_story import TITLE, story_text

from shortstory.exports import ExportDocument


@pytest.fixture
def document() -> ExportDocument:
    """The story, by Zoë Ångström, written by the procedural writer."""
    return ExportDocument.from_text(title=TITLE, author="Zoë Ångström", writer="procedural",
                                    text=story_text())
