"""The ``document`` fixture: the sample story of :mod:`export_samples`."""

from __future__ import annotations

import pytest
from export_samples import sample_document

from shortstory.exports import ExportDocument


@pytest.fixture
def document() -> ExportDocument:
    """The story, by Zoë Ångström, written by the procedural writer."""
    return sample_document()
