"""PDF (ReportLab): a title page, then the story in a serif face with page numbers.

The face is Noto Serif, embedded (see :mod:`shortstory.exports.pdf_fonts`), so Greek, Cyrillic
and accented Latin letters print as they are, and a reader can extract them again.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

from shortstory.exports.document import ExportDocument
from shortstory.exports.pdf_fonts import register_family

MARGIN = 18 * mm
BODY_SIZE = 10.5


def _styles(family: str) -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=family, fontSize=BODY_SIZE, leading=BODY_SIZE * 1.45,
                          alignment=TA_JUSTIFY, firstLineIndent=5 * mm, spaceAfter=0)
    return {
        "title": ParagraphStyle("title", parent=body, fontSize=24, leading=30, firstLineIndent=0,
                                alignment=TA_CENTER, spaceAfter=10 * mm),
        "byline": ParagraphStyle("byline", parent=body, fontSize=13, leading=18,
                                 firstLineIndent=0, alignment=TA_CENTER, spaceAfter=4 * mm),
        "credit": ParagraphStyle("credit", parent=body, fontSize=9, leading=12,
                                 firstLineIndent=0, alignment=TA_CENTER),
        "first": ParagraphStyle("first", parent=body, firstLineIndent=0),
        "body": body,
    }


def _markup(text: str) -> str:
    return "<br/>".join(escape(line) for line in text.split("\n"))


def _page_number(family: str) -> object:
    def draw(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(family, 9)
        canvas.drawCentredString(doc.pagesize[0] / 2, MARGIN / 2, str(canvas.getPageNumber()))
        canvas.restoreState()

    return draw


def render(document: ExportDocument) -> bytes:
    """The story as a PDF: A5 pages, title page first, page numbers on the story's pages."""
    family = register_family()
    styles = _styles(family)
    buffer = io.BytesIO()
    pdf = SimpleDocTemplate(
        buffer, pagesize=A5, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN, title=document.title, author=document.author,
        subject=f"writer: {document.writer}", creator="Short Story Pipeline",
        lang=document.language,
        initialFontName=family,  # else every page also carries Helvetica, a base font, unused
    )
    story: list[object] = [Spacer(1, 45 * mm), Paragraph(f"<b>{escape(document.title)}</b>",
                                                          styles["title"])]
    if document.byline:
        story.append(Paragraph(f"<i>{escape(document.byline)}</i>", styles["byline"]))
    if document.credit:
        story.append(Paragraph(escape(document.credit), styles["credit"]))
    story.append(PageBreak())
    for index, paragraph in enumerate(document.paragraphs):
        story.append(Paragraph(_markup(paragraph), styles["first" if index == 0 else "body"]))
    pdf.build(story, onLaterPages=_page_number(family))
    return buffer.getvalue()
