"""Plain text: the title, the byline and the writer, then the paragraphs, blank lines between."""

from __future__ import annotations

from shortstory.exports.document import ExportDocument


def render(document: ExportDocument) -> bytes:
    """The story as a UTF-8 text file."""
    head = [document.title, "=" * min(len(document.title), 72)]
    head += [line for line in (document.byline, document.credit) if line]
    return ("\n".join(head) + "\n\n" + document.text + "\n").encode("utf-8")
