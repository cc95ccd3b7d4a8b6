"""``shortstory export``: a story file from ``generate`` in each format, and bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest
from click.testing import CliRunner, Result

from shortstory.cli import main

SHORTSTORY = Path(sys.executable).parent / "shortstory"
GENERATE = ["generate", "--template", "lamp-lit-by-another", "--words", "300", "--seed", "3"]


@pytest.fixture(scope="module")
def generated() -> dict[str, Any]:
    result = CliRunner().invoke(main, [*GENERATE, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _one_error_line(result: Result) -> str:
    assert result.exit_code == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert result.stdout == ""
    return lines[0]


def test_a_generated_json_story_becomes_a_pdf_named_after_its_title(
        generated: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "story.json").write_text(json.dumps(generated), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["export", "story.json", "--format", "pdf",
                                       "--author", "Zoë Ångström"])
    assert result.exit_code == 0, result.stderr
    name = result.stdout.strip()
    assert name == generated["title"].replace(" ", "-") + ".pdf"
    reader = pypdf.PdfReader(tmp_path / name)
    assert reader.metadata is not None
    assert reader.metadata.title == generated["title"]
    assert reader.metadata.author == "Zoë Ångström"
    assert reader.metadata.subject == "writer: procedural (procedural-1)"
    first_sentence = generated["text"].split("\n\n")[0]
    assert " ".join(first_sentence.split()) in " ".join(reader.pages[1].extract_text().split())


def test_generated_markdown_becomes_a_docx_with_a_title_given_on_the_line(
        generated: dict[str, Any], tmp_path: Path) -> None:
    source = tmp_path / "story.md"
    source.write_text(f"# {generated['title']}\n\n{generated['text']}\n", encoding="utf-8")
    target = tmp_path / "out.docx"
    result = CliRunner().invoke(main, ["export", str(source), "--format", "docx", "-o",
                                       str(target), "--title", "Лампа", "--author", "Ann"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == str(target)
    document = docx.Document(io.BytesIO(target.read_bytes()))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "Лампа"
    assert "\n\n".join(paragraphs[3:]) == generated["text"].strip()
    assert document.core_properties.author == "Ann"
    assert document.core_properties.comments == "writer: unknown"


def test_plain_text_from_stdin_becomes_escaped_html_on_stdout() -> None:
    result = CliRunner().invoke(main, ["export", "-", "--format", "html", "-o", "-",
                                       "--title", "<script>x</script>", "--writer", "me"],
                                input="A <b>bold</b> claim.\n\nThe end.\n")
    assert result.exit_code == 0, result.stderr
    assert "<script" not in result.stdout
    assert "<p>A &lt;b&gt;bold&lt;/b&gt; claim.</p>" in result.stdout
    assert '<meta name="writer" content="me">' in result.stdout


def test_an_exported_markdown_file_exports_again_to_the_same_story(
        generated: dict[str, Any], tmp_path: Path) -> None:
    source = tmp_path / "story.json"
    source.write_text(json.dumps(generated), encoding="utf-8")
    runner = CliRunner()
    markdown = tmp_path / "story.md"
    assert runner.invoke(main, ["export", str(source), "--format", "md", "-o", str(markdown),
                                "--author", "Ann"]).exit_code == 0
    again = runner.invoke(main, ["export", str(markdown), "--format", "txt", "-o", "-"])
    assert again.exit_code == 0, again.stderr
    head, _, story = again.stdout.partition("\n\n")
    assert head.splitlines()[0] == generated["title"]
    assert head.splitlines()[2:] == ["by Ann", "Written with the procedural (procedural-1) writer"]
    assert story.strip() == generated["text"].strip()


@pytest.mark.parametrize(("content", "args", "expected"), [
    (b"Text.", ["--format", "rtf"], "error: Invalid value for '--format'"),
    (b"Text.", [], "error: Missing option '--format'"),
    (b"{not json", ["--format", "md"], "error: file: "),
    (b'{"title": "T"}', ["--format", "md"], "must be a story as `shortstory generate"),
    (b"   \n\n ", ["--format", "md"], "holds no story text"),
    (b"\xff\xfe bad", ["--format", "md"], "is not valid UTF-8"),
    (b"Text.", ["--format", "md", "-o", "{tmp}"], "error: output: cannot write"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, content: bytes, args: list[str],
                                          expected: str) -> None:
    source = tmp_path / "story.txt"
    source.write_bytes(content)
    args = [arg.replace("{tmp}", str(tmp_path)) for arg in args]  # a directory: not writable
    line = _one_error_line(CliRunner().invoke(main, ["export", str(source), *args]))
    assert expected in line


def test_a_missing_file_is_one_line() -> None:
    line = _one_error_line(CliRunner().invoke(main, ["export", "/no/such/story.json",
                                                     "--format", "txt"]))
    assert line == "error: file: cannot read '/no/such/story.json': No such file or directory"


def test_the_installed_command_writes_an_epub(generated: dict[str, Any], tmp_path: Path) -> None:
    source = tmp_path / "story.json"
    source.write_text(json.dumps(generated), encoding="utf-8")
    target = tmp_path / "story.epub"
    done = subprocess.run([str(SHORTSTORY), "export", str(source), "--format", "epub", "-o",
                           str(target)], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert target.read_bytes().startswith(b"PK") and b"application/epub+zip" in target.read_bytes()
