"""``GET /stories/{id}/export/{fmt}`` through the real server on PostgreSQL, each file read back."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from email.message import Message
from typing import Any
from urllib.parse import unquote

import docx
import pypdf
import pytest
from api_harness import HIGH_LIMITS, Api, make_users, start_server
from lxml import etree

GREEK_TITLE = "Ο φύλακας — Смотритель, à côté"
MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "epub": "application/epub+zip",
}


@pytest.fixture(scope="module")
def pg_api(postgres_api_database: str) -> Iterator[Api]:
    """A server on PostgreSQL; user ``zoë`` owns the stories, ``b`` is someone else."""
    keys = make_users(postgres_api_database, ("zoë", "b"))
    server = start_server({"database_url": postgres_api_database, **HIGH_LIMITS})
    yield Api(server.url, keys, "postgres")
    server.stop()


@pytest.fixture(scope="module")
def story(pg_api: Api) -> dict[str, Any]:
    """A finished story of ``zoë`` (version 1), retitled in Greek and Cyrillic (version 2)."""
    first = pg_api.make_story(user="zoë", target_words=400)
    etag = pg_api.get(f"/stories/{first['id']}", user="zoë").headers["ETag"]
    renamed = pg_api.patch(f"/stories/{first['id']}", user="zoë", json={"title": GREEK_TITLE},
                           headers={"If-Match": etag,
                                    "Authorization": f"Bearer {pg_api.keys['zoë']}"})
    assert renamed.status_code == 200, renamed.text
    return {**pg_api.get(f"/stories/{first['id']}", user="zoë").json(), "first": first}


def _sentences(text: str) -> tuple[str, str]:
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    first = re.split(r"(?<=[.!?”])\s", paragraphs[0])[0]
    last = re.split(r"(?<=[.!?”])\s", paragraphs[-1])[-1]
    return first, last


def _squash(text: str) -> str:
    return " ".join(text.split())


def _disposition(response: Any) -> Message:
    message = Message()
    message["Content-Disposition"] = response.headers["Content-Disposition"]
    return message


@pytest.mark.parametrize("fmt", list(MEDIA_TYPES))
def test_every_format_downloads_as_an_attachment_named_after_the_title(
        pg_api: Api, story: dict[str, Any], fmt: str) -> None:
    response = pg_api.get(f"/stories/{story['id']}/export/{fmt}", user="zoë")
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == MEDIA_TYPES[fmt]
    header = response.headers["Content-Disposition"]
    assert header.startswith("attachment; ")
    assert header.isascii()
    disposition = _disposition(response)
    ascii_name = disposition.get_param("filename", header="content-disposition")
    assert ascii_name == f"O-a-cote.{fmt}" or re.fullmatch(rf"[A-Za-z0-9._-]+\.{fmt}",
                                                            str(ascii_name))
    encoded = re.search(r"filename\*=UTF-8''(\S+)", header)
    assert encoded is not None
    assert unquote(encoded.group(1)) == f"Ο-φύλακας-—-Смотритель,-à-côté.{fmt}"
    assert response.content


def test_the_pdf_holds_the_title_and_the_first_and_last_sentences(
        pg_api: Api, story: dict[str, Any]) -> None:
    response = pg_api.get(f"/stories/{story['id']}/export/pdf", user="zoë")
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    pages = [_squash(page.extract_text()) for page in reader.pages]
    first, last = _sentences(story["text"])
    assert pages[0].startswith(GREEK_TITLE)
    assert _squash(first) in pages[1]
    assert _squash(last) in pages[-1]
    assert reader.metadata is not None
    assert reader.metadata.title == GREEK_TITLE
    assert str(reader.metadata.author).startswith("zoë-")
    assert reader.metadata.subject == "writer: procedural"  # a retitled version keeps its writer


def test_the_docx_paragraphs_are_the_story(pg_api: Api, story: dict[str, Any]) -> None:
    response = pg_api.get(f"/stories/{story['id']}/export/docx", user="zoë")
    document = docx.Document(io.BytesIO(response.content))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == GREEK_TITLE
    assert "\n\n".join(paragraphs[3:]) == story["text"].strip()
    assert document.core_properties.author.startswith("zoë-")


def test_the_epub_chapter_is_the_story(pg_api: Api, story: dict[str, Any]) -> None:
    response = pg_api.get(f"/stories/{story['id']}/export/epub", user="zoë")
    with zipfile.ZipFile(io.BytesIO(response.content)) as book:
        chapter = etree.fromstring(book.read("EPUB/story.xhtml"))
    xhtml = "{http://www.w3.org/1999/xhtml}"
    paragraphs = ["".join(p.itertext()) for p in chapter.iter(f"{xhtml}p")
                  if p.get("class") != "byline"]
    assert "\n\n".join(paragraphs) == story["text"].strip()


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_text_formats_hold_the_story_text(pg_api: Api, story: dict[str, Any],
                                          fmt: str) -> None:
    body = pg_api.get(f"/stories/{story['id']}/export/{fmt}", user="zoë").content.decode()
    first, last = _sentences(story["text"])
    for sentence in (first, last):
        assert sentence.replace("'", "&#x27;" if fmt == "html" else "'") in body
    assert GREEK_TITLE in body


def test_a_version_can_be_exported(pg_api: Api, story: dict[str, Any]) -> None:
    old = pg_api.get(f"/stories/{story['id']}/export/txt", user="zoë",
                     params={"version": 1}).content.decode()
    assert old.splitlines()[0] == story["first"]["title"] != GREEK_TITLE
    missing = pg_api.get(f"/stories/{story['id']}/export/txt", user="zoë",
                         params={"version": 99})
    assert missing.status_code == 404
    assert missing.json()["error_code"] == "NOT_FOUND"
    assert missing.json()["details"] == {"version": 99}
    for bad in ("0", "two"):
        refused = pg_api.get(f"/stories/{story['id']}/export/txt", user="zoë",
                             params={"version": bad})
        assert refused.status_code == 400, bad
        assert refused.json()["error_id"]


def test_an_unknown_format_is_a_400_listing_the_formats(pg_api: Api,
                                                        story: dict[str, Any]) -> None:
    response = pg_api.get(f"/stories/{story['id']}/export/rtf", user="zoë")
    assert response.status_code == 400
    body = response.json()
    assert body["error_code"] == "VALIDATION_ERROR"
    assert body["details"]["formats"] == list(MEDIA_TYPES)
    assert body["details"]["errors"][0]["field"] == "fmt"
    assert body["error_id"] and body["request_id"]


def test_another_users_story_is_a_404_in_every_format(pg_api: Api,
                                                      story: dict[str, Any]) -> None:
    for fmt in MEDIA_TYPES:
        response = pg_api.get(f"/stories/{story['id']}/export/{fmt}", user="b")
        assert response.status_code == 404, fmt
        assert response.json()["error_code"] == "NOT_FOUND"
        assert GREEK_TITLE not in response.text


def test_a_script_in_the_title_is_escaped_in_the_html(pg_api: Api) -> None:
    planted = pg_api.make_story(user="zoë", target_words=100)
    etag = pg_api.get(f"/stories/{planted['id']}", user="zoë").headers["ETag"]
    title = '<script>alert("owned")</script>'
    pg_api.patch(f"/stories/{planted['id']}", user="zoë", json={"title": title},
                 headers={"If-Match": etag, "Authorization": f"Bearer {pg_api.keys['zoë']}"})
    response = pg_api.get(f"/stories/{planted['id']}/export/html", user="zoë")
    page = response.content.decode()
    assert "<script" not in page.lower()
    assert "<title>&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;</title>" in page
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="script-alert-owned-script.html"')


def test_a_story_with_no_text_yet_is_a_404(pg_api: Api, postgres_api_database: str) -> None:
    from shortstory.config import load_settings
    from shortstory.storage.session import Database
    from shortstory.storage.story_models import Story

    me = pg_api.get("/me", user="zoë").json()
    database = Database.from_settings(load_settings({"environment": "test",
                                                     "database_url": postgres_api_database}))
    with database.session_scope() as session:  # a story queued and never written
        story = Story(user_id=me["id"], premise={"idea": "A lamp."}, genre="mystery",
                      structure="three-act", pov="first", tense="past", style="plain",
                      target_words=300, writer="procedural")
        session.add(story)
        session.flush()
        story_id = story.id
    database.engine.dispose()
    response = pg_api.get(f"/stories/{story_id}/export/pdf", user="zoë")
    assert response.status_code == 404
    assert response.json()["message"].startswith("This story has no text yet")
    assert response.json()["details"] == {"story_id": story_id}
