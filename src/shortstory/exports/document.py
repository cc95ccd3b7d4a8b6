"""What every export is made from: one typed document, built once from a story version."""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")
_NAMESPACE = uuid.UUID("5b1d3c0e-6a52-4b0e-9a38-2f0c1d7e4a11")
UNTITLED = "Untitled story"


def writer_credit(writer: str | None, model: str | None) -> str:
    """``writer (model)``, or the writer alone when the model adds nothing."""
    name = writer or "unknown"
    return f"{name} ({model})" if model and model != name else name


@dataclass(frozen=True)
class ExportDocument:
    """A story ready to be written in any format.

    :param title: the story's title (never empty: :data:`UNTITLED` stands in).
    :param author: the person the story belongs to (the user's name).
    :param writer: who wrote the prose (``procedural``, or a model writer and its model).
    :param paragraphs: the text, one paragraph per item, each with its own line breaks kept.
    """

    title: str
    author: str
    writer: str
    paragraphs: tuple[str, ...]
    language: str = "en"

    @classmethod
    def from_text(cls, *, title: str | None, author: str, writer: str, text: str,
                  language: str = "en") -> ExportDocument:
        """A document from a story's text: paragraphs are separated by blank lines."""
        normalised = text.replace("\r\n", "\n").replace("\r", "\n")
        paragraphs = tuple(p.strip() for p in _PARAGRAPH_BREAK.split(normalised) if p.strip())
        clean_title = " ".join((title or "").split()) or UNTITLED
        return cls(title=clean_title, author=" ".join(author.split()),
                   writer=" ".join(writer.split()), paragraphs=paragraphs, language=language)

    @property
    def text(self) -> str:
        """The story's text, paragraphs separated by one blank line."""
        return "\n\n".join(self.paragraphs)

    @property
    def identifier(self) -> str:
        """A stable ``urn:uuid:`` for this exact document (the EPUB needs one)."""
        digest = hashlib.sha256("\x00".join((self.title, self.author, self.writer, self.text))
                                .encode("utf-8")).hexdigest()
        return f"urn:uuid:{uuid.uuid5(_NAMESPACE, digest)}"

    @property
    def byline(self) -> str:
        """``by <author>`` (empty when there is no author)."""
        return f"by {self.author}" if self.author else ""

    @property
    def credit(self) -> str:
        """Which writer made the prose, in words."""
        return f"Written with the {self.writer} writer" if self.writer else ""
