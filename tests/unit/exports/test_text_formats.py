"""Markdown, plain text and HTML, each read back by a parser, not checked by size."""

from __future__ import annotations

import json
from html.parser import HTMLParser

from shortstory.exports import ExportDocument, export


class _PageReader(HTMLParser):
    """Collects an HTML page's title, meta tags, paragraphs' text and any script element."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.paragraphs: list[str] = []
        self.tags: list[str] = []
        self.h1 = ""
        self._where: str | None = None
        self._cls: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        if tag == "meta" and values.get("name"):
            self.meta[str(values["name"])] = str(values.get("content"))
        if tag in {"p", "h1"}:
            self._where, self._cls = tag, values.get("class")
            if tag == "p" and not self._cls:
                self.paragraphs.append("")
        if tag == "br" and self._where == "p" and not self._cls:
            self.paragraphs[-1] += "\n"

    def handle_endtag(self, tag: str) -> None:
        if tag == self._where:
            self._where = None

    def handle_data(self, data: str) -> None:
        if self._where == "h1":
            self.h1 += data
        elif self._where == "p" and not self._cls:
            self.paragraphs[-1] += data.replace("\n", "")


def test_html_escapes_a_script_planted_in_the_title_and_the_text() -> None:
    document = ExportDocument.from_text(
        title='<script>alert("x")</script> & friends', author="<b>Mallory</b>",
        writer='"><script>', text="A <script>steal()</script> line.\n\nAnd <img src=x>.")
    page = export(document, "html").content.decode("utf-8")
    reader = _PageReader()
    reader.feed(page)
    assert "script" not in reader.tags and "img" not in reader.tags and "b" not in reader.tags
    assert "<script" not in page.lower()
    assert reader.h1 == '<script>alert("x")</script> & friends'
    assert reader.meta["author"] == "<b>Mallory</b>"
    assert reader.meta["writer"] == '"><script>'
    assert reader.paragraphs == ["A <script>steal()</script> line.", "And <img src=x>."]


def test_html_is_a_standalone_page_holding_the_story(document: ExportDocument) -> None:
    page = export(document, "html").content.decode("utf-8")
    reader = _PageReader()
    reader.feed(page)
    assert page.startswith("<!DOCTYPE html>")
    assert "http" not in page  # nothing fetched from anywhere
    assert reader.h1 == document.title
    assert reader.meta == {"author": "Zoë Ångström", "writer": "procedural",
                           "generator": "Short Story Pipeline", "viewport": reader.meta["viewport"]}
    assert reader.paragraphs == list(document.paragraphs)


def _front_matter(markdown: str) -> tuple[dict[str, str], str]:
    assert markdown.startswith("---\n")
    head, _, rest = markdown[4:].partition("\n---\n")
    fields = {}
    for line in head.splitlines():
        key, _, value = line.partition(": ")
        fields[key] = json.loads(value)
    return fields, rest


def test_markdown_has_front_matter_a_heading_and_the_paragraphs(
        document: ExportDocument) -> None:
    markdown = export(document, "md").content.decode("utf-8")
    fields, body = _front_matter(markdown)
    assert fields == {"title": document.title, "author": "Zoë Ångström",
                      "writer": "procedural", "lang": "en"}
    blocks = body.strip("\n").split("\n\n")
    assert blocks[0] == f"# {document.title}"
    assert blocks[1] == "*by Zoë Ångström*"
    unescaped = [b.replace("\\<", "<").replace("\\>", ">") for b in blocks[2:]]
    assert unescaped == list(document.paragraphs)


def test_markdown_escapes_what_would_become_markup() -> None:
    document = ExportDocument.from_text(title="*Bold* # title", author="A", writer="w",
                                        text="# not a heading\n\nstars *here* and _there_\n\n"
                                             "1. not a list")
    markdown = export(document, "md").content.decode("utf-8")
    assert "# \\*Bold\\* # title" in markdown
    assert "\n\\# not a heading\n" in markdown
    assert "stars \\*here\\* and \\_there\\_" in markdown
    assert "\n1\\. not a list\n" in markdown


def test_plain_text_is_title_byline_writer_then_the_story(document: ExportDocument) -> None:
    text = export(document, "txt").content.decode("utf-8")
    head, _, story = text.partition("\n\n")
    assert head.splitlines() == [document.title, "=" * len(document.title),
                                 "by Zoë Ångström", "Written with the procedural writer"]
    assert story == document.text + "\n"
