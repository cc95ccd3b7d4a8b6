"""EPUB 3 (ebooklib): metadata (title, author, writer, language), one chapter, navigation.

The chapter is XHTML with every piece of text escaped; the book passes ``epubcheck``.
"""

from __future__ import annotations

import io
from html import escape

from ebooklib import epub

from shortstory.exports.document import ExportDocument

_CSS = """body { font-family: serif; line-height: 1.5; }
h1 { text-align: center; margin: 1em 0 0.3em; }
p.byline { text-align: center; font-style: italic; margin: 0 0 2em; }
p { margin: 0; text-indent: 1.5em; }
p.first { text-indent: 0; }
"""


def _chapter_body(document: ExportDocument) -> str:
    parts = [f"<h1>{escape(document.title)}</h1>"]
    if document.byline:
        parts.append(f'<p class="byline">{escape(document.byline)}</p>')
    for index, paragraph in enumerate(document.paragraphs):
        lines = "<br/>".join(escape(line) for line in paragraph.split("\n"))
        parts.append(f'<p class="first">{lines}</p>' if index == 0 else f"<p>{lines}</p>")
    return "\n".join(parts)


def render(document: ExportDocument) -> bytes:
    """The story as an EPUB 3 book with one chapter."""
    book = epub.EpubBook()
    book.set_identifier(document.identifier)
    book.set_title(document.title)
    book.set_language(document.language)
    if document.author:
        book.add_author(document.author)
    book.add_metadata("DC", "contributor", document.writer)
    book.add_metadata("DC", "description", document.credit)

    style = epub.EpubItem(uid="style", file_name="style.css", media_type="text/css",
                          content=_CSS.encode("utf-8"))
    book.add_item(style)
    chapter = epub.EpubHtml(title=document.title, file_name="story.xhtml", lang=document.language)
    chapter.content = _chapter_body(document)
    chapter.add_item(style)
    book.add_item(chapter)
    book.toc = [epub.Link("story.xhtml", document.title, "story")]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", chapter]
    buffer = io.BytesIO()
    epub.write_epub(buffer, book)
    return buffer.getvalue()
