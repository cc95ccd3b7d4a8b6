"""``shortstory export FILE --format FMT [--output PATH]``: a story file as md, txt, html, pdf,
docx or epub, with the same renderers as ``GET /stories/{id}/export/{fmt}``.

FILE (or ``-`` for stdin) is what ``shortstory generate`` writes: its JSON (title, text, writer
and model are read from it), Markdown (a leading ``# Title`` is the title), or plain text (the
whole file is the story). ``--title``, ``--author`` and ``--writer`` fill in or override. Bad
input prints one ``error: <field>: <problem>`` line and exits 2.
"""

from __future__ import annotations

import getpass
import json
import re
import sys
from pathlib import Path
from typing import Any

import click

from shortstory.cli.input_errors import fail, read_text
from shortstory.exports import FORMATS, ExportDocument, export, writer_credit


def _from_json(content: str, path: str) -> dict[str, Any]:
    try:
        data = json.loads(content)
    except json.JSONDecodeError as exc:
        fail("file", f"{path!r} is not valid JSON: {exc.msg} at line {exc.lineno}")
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        fail("file", f"{path!r} must be a story as `shortstory generate --format json` "
                     "writes it (an object with a \"text\")")
    model = data.get("model")
    writer = data.get("writer") if isinstance(data.get("writer"), str) else None
    if writer:
        writer = writer_credit(writer, model if isinstance(model, str) else None)
    title = data.get("title") if isinstance(data.get("title"), str) else None
    return {"title": title, "text": data["text"], "writer": writer, "author": None}


def _front_matter(content: str) -> tuple[dict[str, str], str]:
    """The ``key: "value"`` lines of a front matter block (as ``export --format md`` writes it)
    and the rest of the file."""
    if not content.startswith("---\n") or "\n---\n" not in content[3:]:
        return {}, content
    head, _, rest = content[4:].partition("\n---\n")
    fields = {}
    for line in head.splitlines():
        key, _, value = line.partition(":")
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError:
            parsed = value.strip()
        if isinstance(parsed, str):
            fields[key.strip()] = parsed
    return fields, rest.lstrip("\n")


_ESCAPED = re.compile(r"\\([\\`*_\[\]<>#+\-=|.)])")


def _from_markdown(content: str) -> dict[str, Any]:
    fields, body = _front_matter(content.lstrip("\ufeff"))
    lines = body.split("\n")
    title = fields.get("title")
    if lines and lines[0].startswith("# "):
        title = title or lines[0][2:].strip()
        lines = lines[1:]
    text = "\n".join(lines)
    if fields:  # written by `export --format md`: its byline and escapes are not the story's
        author = fields.get("author")
        text = text.lstrip("\n")
        if author and text.startswith(f"*by {author}*"):
            text = text.split("\n\n", 1)[1] if "\n\n" in text else ""
        text = _ESCAPED.sub(r"\1", text)
    return {"title": title, "text": text, "writer": fields.get("writer"),
            "author": fields.get("author")}


def read_story(path: str) -> dict[str, Any]:
    """Title, text and writer from a story file (JSON, Markdown or plain text)."""
    content = read_text(path, "file")
    if path.lower().endswith(".json") or content.lstrip().startswith("{"):
        story = _from_json(content, path)
    elif path.lower().endswith((".md", ".markdown")) or content.startswith(("# ", "---\n")):
        story = _from_markdown(content)
    else:
        story = {"title": None, "text": content, "writer": None, "author": None}
    if not story["text"].strip():
        fail("file", f"{path!r} holds no story text")
    return story


def default_author() -> str:
    """Whose story a file is when nobody says: the login name of whoever runs the command."""
    return getpass.getuser()


def _write(content: bytes, output: str) -> None:
    if output == "-":
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
        return
    try:
        Path(output).write_bytes(content)
    except OSError as exc:
        fail("output", f"cannot write {output!r}: {exc.strerror or exc}")


@click.command("export")
@click.argument("file")
@click.option("--format", "fmt", required=True, type=click.Choice(list(FORMATS)),
              help="The file format to write.")
@click.option("-o", "--output",
              help="Where to write (- for stdout); default: a file named after the title.")
@click.option("--title", help="The title (default: the file's own title).")
@click.option("--author", help="The author's name (default: the file's, or your login name).")
@click.option("--writer", help="Who wrote the prose (default: as the file says, or 'unknown').")
def export_command(file: str, fmt: str, output: str | None, title: str | None,
                   author: str | None, writer: str | None) -> None:
    """Export the story in FILE (or - for stdin) as md, txt, html, pdf, docx or epub."""
    story = read_story(file)
    document = ExportDocument.from_text(
        title=title or story["title"], text=story["text"],
        author=author if author is not None else story["author"] or default_author(),
        writer=writer or story["writer"] or "unknown",
    )
    exported = export(document, fmt)
    target = output or exported.filename
    _write(exported.content, target)
    if target != "-":
        click.echo(target)


def register(group: click.Group) -> None:
    """Add ``export`` to the ``shortstory`` group."""
    group.add_command(export_command)
