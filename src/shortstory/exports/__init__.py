"""Exports: a story as Markdown, plain text, standalone HTML, PDF, DOCX or EPUB 3.

Each format is one module with ``render(document) -> bytes``; :data:`FORMATS` names them with
their media types and file extensions. Every format reads the same :class:`ExportDocument`
(title, author, writer, paragraphs), built once from a story version by the caller. The modules
are imported when first used: a plain-text export does not load ReportLab.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Protocol, cast
from urllib.parse import quote

from shortstory.exports.document import UNTITLED, ExportDocument, writer_credit

__all__ = ["FORMATS", "ExportDocument", "Exported", "Format", "UnknownFormat", "export",
           "filenames", "find_format", "writer_credit"]



@dataclass(frozen=True)
class Format:
    """A file format: its name (as in URLs and ``--format``), media type, file extension and the
    module whose ``render(document) -> bytes`` writes it (imported when first used)."""

    name: str
    media_type: str
    extension: str
    module: str


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("md", "text/markdown; charset=utf-8", "md", "shortstory.exports.markdown"),
    Format("txt", "text/plain; charset=utf-8", "txt", "shortstory.exports.plain_text"),
    Format("html", "text/html; charset=utf-8", "html", "shortstory.exports.html_page"),
    Format("pdf", "application/pdf", "pdf", "shortstory.exports.pdf"),
    Format("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           "docx", "shortstory.exports.word"),
    Format("epub", "application/epub+zip", "epub", "shortstory.exports.epub"),
)}
"""Every format, by name, in the order they are listed to users."""

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


class Renderer(Protocol):
    """What a format's module provides."""

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


def find_format(name: str) -> Format:
    """The format called ``name``; :raises UnknownFormat: for a name not in FORMATS."""
    try:
        return FORMATS[name]
    except KeyError:
        raise UnknownFormat(name) from None


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
    chosen = find_format(fmt)
    renderer = cast(Renderer, importlib.import_module(chosen.module))
    ascii_name, utf8_name = filenames(document.title or UNTITLED, chosen.extension)
    return Exported(renderer.render(document), chosen.media_type, ascii_name, utf8_name)
