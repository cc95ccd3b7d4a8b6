"""Story commands: generate, analyze and revise.

Bad input — a field that fails validation, an unknown genre, an unreadable file, bad JSON, empty
text, a usage mistake — prints ONE line on stderr, ``error: <field>: <problem>``, and exits 2.
``generate`` checks its request with the API's own validation
(:func:`~shortstory.services.story_requests.validate_story_request`), so both refuse the same
input, every problem at once (``field: problem; field: problem``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import click
from pydantic import ValidationError

from shortstory.analysis.input_checks import AnalysisInputError
from shortstory.cli.exports import default_author
from shortstory.cli.input_errors import fail, read_text
from shortstory.exports import ExportDocument, export, writer_credit
from shortstory.pipeline import catalog
from shortstory.services.problems import field_problems, problems_message


@contextmanager
def _input_errors() -> Iterator[None]:
    """Turn the library's input errors into one-line CLI errors."""
    from shortstory.errors import ValidationError as InvalidInput
    from shortstory.pipeline.revise import InstructionError, UnsupportedInstruction

    try:
        yield
    except ValidationError as exc:
        fail(None, validation_summary(exc))
    except InvalidInput as exc:
        fail(None, problems_summary(exc.details["errors"]))
    except catalog.CatalogError as exc:
        fail(exc.field, str(exc))
    except AnalysisInputError as exc:
        fail(exc.field, exc.problem)
    except UnsupportedInstruction as exc:
        # The API's error code, as the README promises it for both.
        fail(exc.field, f"{exc.error_code}: {exc}")
    except InstructionError as exc:
        fail(exc.field, str(exc))


_RANGE_FIELDS = {"target_words": ("100", "7500")}


def validation_summary(exc: ValidationError) -> str:
    """Every problem of a pydantic error on one line: ``field: problem; field: problem``."""
    return problems_summary(field_problems(exc, whole="input"))


def problems_summary(problems: Iterable[Mapping[str, str]]) -> str:
    """Field problems (``{"field", "problem", "type"}``, as a service reports them) on one line,
    in the command line's words: ``field: problem; field: problem``."""
    return problems_message([_in_our_words(problem) for problem in problems], shown=None)


def _in_our_words(problem: Mapping[str, str]) -> dict[str, str]:
    where, kind, message = problem["field"], problem["type"], problem["problem"]
    if where in _RANGE_FIELDS and kind in {"greater_than_equal", "less_than_equal"}:
        low, high = _RANGE_FIELDS[where]
        message = f"must be between {low} and {high}"
    elif kind == "missing":
        message = "is required"
    elif kind == "extra_forbidden":
        message = "is not a known field"
    else:
        message = message[:1].lower() + message[1:]
        message = message.removeprefix("value error, ")
    return {"field": where, "problem": message, "type": kind}


def _read_json(path: str, field: str) -> Any:
    try:
        return json.loads(read_text(path, field))
    except json.JSONDecodeError as exc:
        fail(field, f"{path!r} is not valid JSON: {exc.msg} at line {exc.lineno} "
                    f"column {exc.colno}")


def _write_output(text: str, output: str | None) -> None:
    if output is None or output == "-":
        click.echo(text, nl=not text.endswith("\n"))
        return
    try:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text if text.endswith("\n") else text + "\n")
    except OSError as exc:
        fail("output", f"cannot write {output!r}: {exc.strerror or exc}")


def _set(body: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node = body
    for key in parents:
        child = node.get(key)
        if not isinstance(child, dict):
            child = {}
            node[key] = child
        node = child
    node[last] = value


_OPTION_PATHS = {
    "idea": "premise.idea", "name": "premise.character.name",
    "pronouns": "premise.character.pronouns", "quirk": "premise.character.quirk",
    "contradiction": "premise.character.contradiction", "want": "premise.character.want",
    "theme": "premise.theme", "genre": "genre", "structure": "structure",
    "pov": "scaffold.pov", "tense": "scaffold.tense", "tone": "scaffold.tone",
    "style": "scaffold.style", "words": "target_words", "seed": "seed", "writer": "writer",
}  # fmt: skip


def build_request_body(
    premise_file: str | None, options: dict[str, Any], template: str | None = None
) -> dict[str, Any]:
    """The request body from a template or ``--premise-file``, the options on top."""
    body: dict[str, Any] = {}
    if template is not None:
        with _input_errors():
            body = catalog.template(template).request.model_dump(mode="json", exclude_none=True)
    if premise_file is not None:
        loaded = _read_json(premise_file, "premise_file")
        if not isinstance(loaded, dict):
            fail("premise_file", "must hold one JSON object (the body of POST /stories)")
        body = loaded
    for option, path in _OPTION_PATHS.items():
        value = options.get(option)
        if value is not None:
            if path == "scaffold.pov":
                value = value.replace(" ", "_").replace("-", "_")
            _set(body, path, value)
    if options.get("traits"):
        _set(body, "premise.character.traits", list(options["traits"]))
    return body


def _progress_reporter() -> tuple[Callable[[Any], None], Callable[[], None]]:
    """An ``on_event`` callback drawing a progress bar on stderr, only when it is a terminal."""
    if not sys.stderr.isatty():
        return (lambda event: None), (lambda: None)
    bar = click.progressbar(length=100, label="writing", file=sys.stderr)
    bar.__enter__()
    shown = [0]

    def on_event(event: Any) -> None:
        done = round(float(getattr(event, "progress", 0.0)) * 100)
        if done > shown[0]:
            bar.update(done - shown[0])
            shown[0] = done

    return on_event, lambda: bar.__exit__(None, None, None)


def render_story(result: Any, fmt: str) -> str:
    """A written story as JSON (everything ``generate`` knows, the plan included), or as the
    Markdown or plain text file ``shortstory export`` and the API's downloads write."""
    if fmt == "json":
        return json.dumps(result.to_dict(), indent=2, ensure_ascii=False)
    document = ExportDocument.from_text(title=result.title, text=result.text,
                                        author=default_author(),
                                        writer=writer_credit(result.writer, result.model))
    return export(document, fmt).content.decode("utf-8")


_FORMAT = click.Choice(["md", "txt", "json"], case_sensitive=False)


@click.command("generate")
@click.option("--premise-file", help="A JSON file (or -) holding the POST /stories body.")
@click.option("--template", help="Start from a catalog template (see `shortstory templates`).")
@click.option("--idea", help="The idea: one to a few sentences.")
@click.option("--name", help="The protagonist's name.")
@click.option("--pronouns", help="she/her, he/him or they/them.")
@click.option("--trait", "traits", multiple=True, help="A trait (repeat for up to 8).")
@click.option("--quirk", help="A quirk the story shows in action.")
@click.option("--contradiction", help="A contradiction in the character.")
@click.option("--want", help="What the character wants.")
@click.option("--theme", help="The question the story turns on.")
@click.option("--genre", help="A genre id (see `shortstory genres`).")
@click.option("--structure", help="A structure id (see `shortstory structures`).")
@click.option("--pov", help="first, close_third or second.")
@click.option("--tense", help="past or present.")
@click.option("--tone", help="wry, earnest, dark, warm, tense, melancholy, playful or eerie.")
@click.option("--style", help="spare, plain, lyrical or ornate.")
@click.option("--words", help="Target length in words, 100 to 7500.")
@click.option("--seed", help="Seed: the same inputs and seed give the same story.")
@click.option("--writer", help="A writer by name (default: the head of WRITER_CHAIN).")
@click.option("--format", "fmt", type=_FORMAT, default="md", show_default=True)
@click.option("-o", "--output", help="Write to this file instead of stdout.")
def generate(premise_file: str | None, template: str | None, fmt: str, output: str | None,
             **options: Any) -> None:
    """Write a story from a premise given as options or as --premise-file."""
    from shortstory.config import load_settings_or_exit
    from shortstory.pipeline.run import write_story
    from shortstory.pipeline.writer_protocol import WriterError
    from shortstory.writers.registry import WriterRegistry

    template_problems = _template_problems(template)
    body = build_request_body(premise_file, options, None if template_problems else template)
    registry = WriterRegistry(load_settings_or_exit().writer_setup())
    with _input_errors():
        # The API's own validation; options are text, so not strict about JSON types.
        request = _validated(body, registry, template_problems)
    writers = registry.build_chain(request.writer)
    on_event, finish = _progress_reporter()
    try:
        with _input_errors():
            result = write_story(request, writers, on_event=on_event)
    except WriterError as exc:
        fail("writer", str(exc))
    finally:
        finish()
    _write_output(render_story(result, fmt.lower()), output)


def _template_problems(template: str | None) -> list[dict[str, str]]:
    """The problem with ``--template`` (an unknown name), to report with all the others."""
    if template is None:
        return []
    try:
        catalog.template(template)
    except catalog.CatalogError as exc:
        return [{"field": "template", "problem": str(exc), "type": "value"}]
    return []


def _validated(body: dict[str, Any], registry: Any,
               template_problems: list[dict[str, str]]) -> Any:
    """``body`` through the API's validation, with ``--template``'s problem among the rest. When
    the template is unknown, the fields it would have given are not reported missing."""
    from shortstory.errors import ValidationError as InvalidInput
    from shortstory.services.problems import invalid_input
    from shortstory.services.story_requests import validate_story_request

    try:
        request = validate_story_request(body, registry)
    except InvalidInput as exc:
        if not template_problems:
            raise
        given = [p for p in exc.details["errors"] if p["type"] != "missing"]
        raise invalid_input([*template_problems, *given]) from None
    if template_problems:
        raise invalid_input(template_problems)
    return request


def _analysis_text(report: dict[str, Any]) -> str:
    readability = report["readability"]
    memorability = report["memorability"]
    lines = [
        f"words: {report['word_count']}",
        f"sentences: {readability['sentences']}",
        f"reading ease: {readability['flesch_reading_ease']}  "
        f"grade: {readability['flesch_kincaid_grade']}",
        f"memorability: {memorability['score']}/100",
    ]
    lines += [f"  {d['name']}: {d['score']} ({d['reason']})" for d in memorability["dimensions"]]
    cliches = report["cliches"]
    lines.append(f"clichés: {len(cliches)}")
    for match in cliches:
        suggestion = match["suggestions"][0] if match["suggestions"] else ""
        lines.append(f"  {match['start']}-{match['end']} {match['text']!r} -> {suggestion!r}")
    issues = report.get("pov_tense")
    if issues is not None:
        lines.append(f"pov/tense issues: {len(issues)}")
    repeated = report["repetition"].get("repeated_sentences", [])
    lines.append(f"repeated sentences: {len(repeated)}")
    return "\n".join(lines) + "\n"


@click.command("analyze")
@click.argument("file")
@click.option("--pov", help="Check the narration against this POV (first, close_third, second).")
@click.option("--tense", help="Check the narration against this tense (past, present).")
@click.option("--character", "characters", multiple=True, help="A character's name (repeat).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def analyze_command(file: str, pov: str | None, tense: str | None,
                    characters: tuple[str, ...], fmt: str) -> None:
    """Analyse the text in FILE (or - for stdin): clichés, readability, memorability, words."""
    from shortstory.analysis.report import analyze

    text = read_text(file, "text")
    scaffold = None
    if pov or tense:
        scaffold = {"pov": (pov or "close_third").replace(" ", "_"), "tense": tense or "past"}
    with _input_errors():
        report = analyze(text, scaffold=scaffold, characters=list(characters) or None).to_dict()
    if fmt == "json":
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        click.echo(_analysis_text(report), nl=False)


def _load_plan(path: str) -> Any:
    from shortstory.pipeline.plan import StoryPlan

    data = _read_json(path, "plan")
    if isinstance(data, dict) and isinstance(data.get("plan"), dict):
        data = data["plan"]  # the output of `generate --format json`
    try:
        return StoryPlan.from_dict(data)
    except (KeyError, TypeError, ValueError) as exc:
        fail("plan", f"{path!r} is not a story plan ({exc.__class__.__name__}: {exc})")


@click.command("revise")
@click.argument("file")
@click.option("--mode", required=True, type=click.Choice(["cliches", "sharpen", "instruction"]))
@click.option("--instruction", help="For --mode instruction: e.g. 'change tense to present'.")
@click.option("--plan", "plan_file",
              help="The story's plan (JSON, or the output of `generate --format json`).")
@click.option("--format", "fmt", type=click.Choice(["txt", "json"]), default="txt",
              show_default=True)
@click.option("-o", "--output", help="Write to this file instead of stdout.")
def revise_command(file: str, mode: str, instruction: str | None, plan_file: str | None,
                   fmt: str, output: str | None) -> None:
    """Revise the text in FILE (or -) by clichés, sharpening or an instruction."""
    from shortstory.config import load_settings_or_exit
    from shortstory.writers.providers import PROCEDURAL
    from shortstory.writers.registry import WriterRegistry

    text = read_text(file, "text")
    plan = _load_plan(plan_file) if plan_file else None
    # The offline writer: it revises by recorded edits, which this command can print.
    writer = WriterRegistry(load_settings_or_exit().writer_setup()).build(PROCEDURAL)
    with _input_errors():
        result = writer.revise(text, mode, instruction, plan)
    revision = result.revision
    assert revision is not None  # the procedural writer records every edit
    if fmt == "json":
        _write_output(json.dumps(revision.to_dict(), indent=2, ensure_ascii=False), output)
    else:
        _write_output(revision.text, output)
    if sys.stderr.isatty():
        click.echo(f"{len(revision.changes)} changes; words {revision.word_count_before} -> "
                   f"{revision.word_count_after}", err=True)


def register(group: click.Group) -> None:
    """Add the story commands to the ``shortstory`` group."""
    for command in (generate, analyze_command, revise_command):
        group.add_command(command)
