"""A standalone HTML page: one file, its own style, no script, every piece of text escaped."""

from __future__ import annotations

from html import escape

from shortstory.exports.document import ExportDocument

_STYLE = """
body { max-width: 36em; margin: 3em auto; padding: 0 1em; font: 1.125rem/1.6 Georgia, serif;
       color: #1d1d1f; background: #fdfcf9; }
h1 { font-size: 2em; line-height: 1.2; margin-bottom: 0.2em; }
.byline { font-style: italic; margin-top: 0; }
.credit { font-size: 0.85em; color: #5b5b5f; }
article p { margin: 0; text-indent: 1.5em; }
article p:first-child { text-indent: 0; }
@media (prefers-color-scheme: dark) { body { color: #e9e7e2; background: #1b1b1d; }
  .credit { color: #a9a8a4; } }
"""


def _paragraph(text: str) -> str:
    return "<p>" + "<br>\n".join(escape(line) for line in text.split("\n")) + "</p>"


def render(document: ExportDocument) -> bytes:
    """The story as a UTF-8 HTML page that needs nothing else to display."""
    title = escape(document.title)
    meta = [f'<meta name="author" content="{escape(document.author)}">',
            f'<meta name="writer" content="{escape(document.writer)}">',
            '<meta name="generator" content="Short Story Pipeline">']
    header = [f"<h1>{title}</h1>"]
    if document.byline:
        header.append(f'<p class="byline">{escape(document.byline)}</p>')
    if document.credit:
        header.append(f'<p class="credit">{escape(document.credit)}</p>')
    body = "\n".join(_paragraph(p) for p in document.paragraphs)
    page = (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(document.language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n" + "\n".join(meta) + f"\n<style>{_STYLE}</style>\n"
        "</head>\n<body>\n<header>\n" + "\n".join(header) + "\n</header>\n"
        f"<article>\n{body}\n</article>\n</body>\n</html>\n"
    )
    return page.encode("utf-8")
