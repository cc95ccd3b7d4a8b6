"""Markdown: YAML front matter (title, author, writer), the title as a heading, the paragraphs.

Prose is escaped so that a story's own ``*``, ``_`` or a line starting with ``#`` stays text.
"""

from __future__ import annotations

import json
import re

from shortstory.exports.document import ExportDocument

_INLINE = re.compile(r"([\\`*_\[\]<>])")
_BLOCK_START = re.compile(r"^(\s*)([#>+\-=|])", re.MULTILINE)
_ORDERED_ITEM = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)


def escape(text: str) -> str:
    """``text`` as Markdown that renders as exactly this text (a digit cannot be escaped, so
    ``1.`` at the start of a line becomes ``1\\.``)."""
    text = _INLINE.sub(r"\\\1", text)
    return _ORDERED_ITEM.sub(r"\1\\\2", _BLOCK_START.sub(r"\1\\\2", text))


def _front_matter(document: ExportDocument) -> str:
    # JSON strings are valid YAML scalars: quotes, colons and non-ASCII letters need no care.
    fields = {"title": document.title, "author": document.author, "writer": document.writer,
              "lang": document.language}
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---"


def render(document: ExportDocument) -> bytes:
    """The story as a Markdown file (UTF-8)."""
    parts = [_front_matter(document), f"# {escape(document.title)}"]
    if document.byline:
        parts.append(f"*{escape(document.byline)}*")
    parts.extend(escape(paragraph) for paragraph in document.paragraphs)
    return ("\n\n".join(parts) + "\n").encode("utf-8")
