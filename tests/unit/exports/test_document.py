"""The common input of every export, the format registry and download file names."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from shortstory.exports import FORMATS, ExportDocument, UnknownFormat, export, filenames
from shortstory.exports.document import UNTITLED


def test_paragraphs_are_split_on_blank_lines_and_keep_their_own_line_breaks() -> None:
    document = ExportDocument.from_text(
        title="  A   title ", author="Ann", writer="procedural",
        text="One.\r\n\r\n“Two,” she said.\nThree.\n \n\n\nFour.\n")
    assert document.paragraphs == ("One.", "“Two,” she said.\nThree.", "Four.")
    assert document.title == "A title"
    assert document.text == "One.\n\n“Two,” she said.\nThree.\n\nFour."


def test_a_missing_title_is_named_and_the_identifier_is_stable() -> None:
    one = ExportDocument.from_text(title=None, author="Ann", writer="w", text="Text.")
    two = ExportDocument.from_text(title="", author="Ann", writer="w", text="Text.")
    other = ExportDocument.from_text(title="", author="Ann", writer="w", text="Other.")
    assert one.title == UNTITLED
    assert one.identifier == two.identifier != other.identifier
    assert one.identifier.startswith("urn:uuid:")


def test_an_unknown_format_lists_the_formats() -> None:
    document = ExportDocument.from_text(title="T", author="A", writer="w", text="Text.")
    with pytest.raises(UnknownFormat) as caught:
        export(document, "rtf")
    assert caught.value.formats == ["md", "txt", "html", "pdf", "docx", "epub"]
    assert "rtf" in str(caught.value)


@pytest.mark.parametrize(("title", "ascii_name", "utf8_name"), [
    ("The Lamp", "The-Lamp.pdf", "The-Lamp.pdf"),
    ("Лампа à côté", "a-cote.pdf", "Лампа-à-côté.pdf"),
    ('A "tale": of/for <you>?', "A-tale-of-for-you.pdf", "A-tale-of-for-you.pdf"),
    ("../../etc/passwd", "etc-passwd.pdf", "etc-passwd.pdf"),
    ("Ωμέγα", "story.pdf", "Ωμέγα.pdf"),
])
def test_file_names_are_safe_and_keep_the_title_in_utf8(title: str, ascii_name: str,
                                                        utf8_name: str) -> None:
    plain, encoded = filenames(title, "pdf")
    assert plain == ascii_name
    assert unquote(encoded) == utf8_name
    assert encoded.isascii() and " " not in encoded


def test_every_format_exports_with_its_media_type_and_a_file_name(
        document: ExportDocument) -> None:
    for fmt in FORMATS:
        exported = export(document, fmt)
        assert exported.content, fmt
        assert exported.filename.endswith(f".{fmt}")
        assert exported.media_type
