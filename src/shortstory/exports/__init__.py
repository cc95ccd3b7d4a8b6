"""Exports: a story as Markdown, plain text, standalone HTML, PDF, DOCX or EPUB 3.

Each format is one module with ``MEDIA_TYPE``, ``EXTENSION`` and ``render(document) -> bytes``;
:data:`FORMATS` names them. Every format reads the same :class:`ExportDocument` (title, author,
writer, paragraphs), built once from a story version by the caller. The modules are imported when
first used: a plain-text export does not load ReportLab.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Protocol, cast
from urllib.parse import quote

from shortstory.exports.document import UNTITLED, ExportDocument

__all__ = ["FORMATS", "ExportDocument", "Exported", "UnknownFormat", "export", "filenames",
           "format_module"]

FORMATS: dict[str, str] = {
    "md": "shortstory.exports.markdown",
    "txt": "shortstory.exports.plain_text",
    "html": "shortstory.exports.html_page",
    "pdf": "shortstory.exports.pdf",
    "docx": "shortstory.exports.word",
    "epub": "shortstory.exports.epub",
}
"""Format name -> the module that writes it."""

_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")
_RESERVED = frozenset('<>:"/\\|?*')
"""Characters no file system is sure to accept in a name."""
MAX_STEM = 80


class UnknownFormat(ValueError):
    """A format this package does not write; :attr:`formats` lists those it does."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.formats = list(FORMATS)
        super().__init__(f"unknown format {name!r}; choose one of {', '.join(self.formats)}")


class FormatModule(Protocol):
    """What a format's module provides."""

    MEDIA_TYPE: str
    EXTENSION: str

    def render(self, document: ExportDocument) -> bytes:
        """The document as this format's file."""
        ...


@dataclass(frozen=True)
class Exported:
    """A rendered file: its bytes, its media type, and file names made from the story's title
    (``filename`` in ASCII, ``filename_utf8`` percent-encoded for an RFC 5987 ``filename*``)."""

    content: bytes
    media_type: str
    filename: str
    filename_utf8: str


def format_module(fmt: str) -> FormatModule:
    """The module writing ``fmt``; :raises UnknownFormat: for a format not in FORMATS."""
    if fmt not in FORMATS:
        raise UnknownFormat(fmt)
    return cast(FormatModule, importlib.import_module(FORMATS[fmt]))


def filenames(title: str, extension: str) -> tuple[str, str]:
    """An ASCII file name for ``title`` (accents dropped, the rest replaced) and the full UTF-8
    name, percent-encoded for an RFC 5987 ``filename*``."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    stem = "-".join(_UNSAFE.sub(" ", folded).replace(".", " ").split())[:MAX_STEM].strip("-")
    stem = stem or "story"
    kept = "".join(c if c.isprintable() and c not in _RESERVED else " " for c in title)
    unicode_stem = "-".join(kept.replace(".", " ").split())[:MAX_STEM] or stem
    return f"{stem}.{extension}", quote(f"{unicode_stem}.{extension}", safe="")


def export(document: ExportDocument, fmt: str) -> Exported:
    """``document`` rendered in ``fmt``; :raises UnknownFormat: for a format not in FORMATS."""
    module = format_module(fmt)
    ascii_name, utf8_name = filenames(document.title or UNTITLED, module.EXTENSION)
    return Exported(module.render(document), module.MEDIA_TYPE, ascii_name, utf8_name)
