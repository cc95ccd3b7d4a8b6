"""Clichés: find catalogue phrases in a text, with exact spans, and fit their replacements.

:func:`find_cliches` and :func:`replacement_for` (:mod:`.detector`) are the public face; the
work is done by :mod:`.catalogue` (our data file and its schema), :mod:`.similes` (stock similes
listed by their parts), :mod:`.sources` (proselint's lists, the second source), :mod:`.matcher`
(one Aho–Corasick pass per kind of key, slots extended by :mod:`.slots`) and
:mod:`.replacements` with :mod:`.pronouns` (fitting a suggestion in place). Keys come from
:mod:`shortstory.analysis.lemmas`.
"""

from shortstory.analysis.cliches.detector import (
    CATEGORIES,
    SEVERITIES,
    Catalogue,
    CatalogueEntry,
    CatalogueError,
    ClicheMatch,
    SlotFill,
    catalogue,
    fill_slots,
    find_cliches,
    full_catalogue,
    replacement_for,
)

__all__ = [
    "CATEGORIES",
    "SEVERITIES",
    "Catalogue",
    "CatalogueEntry",
    "CatalogueError",
    "ClicheMatch",
    "SlotFill",
    "catalogue",
    "fill_slots",
    "find_cliches",
    "full_catalogue",
    "replacement_for",
]
