"""The story commands: generate, analyze, revise and the catalog listings, good and bad input."""

from __future__ import annotations

import getpass
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from shortstory.analysis.words import count_words
from shortstory.cli import main
from shortstory.exports import ExportDocument, export
from shortstory.pipeline import catalog

SHORTSTORY = Path(sys.executable).parent / "shortstory"
BASE = ["generate", "--idea", "A ferry clerk finds a ticket dated for tomorrow.",
        "--name", "Ines Vale", "--genre", "mystery", "--words", "300", "--seed", "5"]


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def _one_error_line(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, (result.output, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.output + result.stderr
    assert result.stdout == ""
    return lines[0]


def test_generate_markdown_text_and_json(runner: CliRunner) -> None:
    md = runner.invoke(main, [*BASE, "--format", "md"])
    assert md.exit_code == 0, md.stderr
    assert md.stdout.startswith("---\n") and "\n# " in md.stdout
    assert "Ines Vale" in md.stdout
    txt = runner.invoke(main, [*BASE, "--format", "txt"])
    assert txt.exit_code == 0
    assert not txt.stdout.startswith(("#", "---"))
    js = runner.invoke(main, [*BASE, "--format", "json"])
    assert js.exit_code == 0
    data = json.loads(js.stdout)
    assert data["writer"] == "procedural"
    assert data["plan"]["request"]["premise"]["character"]["name"] == "Ines Vale"
    assert abs(count_words(data["text"]) - 300) <= 30
    assert md.stderr == ""  # no progress bar when stderr is not a terminal
    # Markdown and text are the files the exports write for the same story (one renderer).
    document = ExportDocument.from_text(title=data["title"], text=data["text"],
                                        author=getpass.getuser(),
                                        writer="procedural (procedural-1)")
    assert md.stdout == export(document, "md").content.decode("utf-8")
    assert txt.stdout == export(document, "txt").content.decode("utf-8")


def test_same_seed_same_story_other_seed_another(runner: CliRunner) -> None:
    first = runner.invoke(main, [*BASE, "--format", "txt"]).stdout
    again = runner.invoke(main, [*BASE, "--format", "txt"]).stdout
    other = runner.invoke(main, [*BASE[:-1], "6", "--format", "txt"]).stdout
    assert first == again
    assert first != other


def test_generate_from_premise_file_and_template(runner: CliRunner, tmp_path: Path) -> None:
    body = catalog.template("ferry-spirit").request.model_dump(mode="json", exclude_none=True)
    body.update(seed=3, target_words=200)
    premise = tmp_path / "premise.json"
    premise.write_text(json.dumps(body), encoding="utf-8")
    out = tmp_path / "story.md"
    result = runner.invoke(main, ["generate", "--premise-file", str(premise), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    story = out.read_text(encoding="utf-8")
    assert story.startswith("---\n") and "\n# " in story and "Wren" in story
    # Options override the file; a template is the same body by name.
    via_template = runner.invoke(main, ["generate", "--template", "ferry-spirit", "--seed", "3",
                                        "--words", "200"])
    assert via_template.stdout.strip() == story.strip()
    renamed = runner.invoke(main, ["generate", "--premise-file", str(premise),
                                   "--name", "Odo Quill", "--format", "txt"])
    assert "Odo Quill" in renamed.stdout and "Wren Saltmarsh" not in renamed.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--words", "50"], "error: target_words: must be between 100 and 7500"),
        (["--words", "9000"], "error: target_words: must be between 100 and 7500"),
        (["--words", "many"], "target_words"),
        (["--genre", "western"], "error: genre: unknown genre 'western'"),
        (["--structure", "hero"], "error: structure: unknown structure 'hero'"),
        (["--pov", "fourth"], "scaffold.pov"),
        (["--tense", "future"], "scaffold.tense"),
        (["--tone", "grim"], "scaffold.tone"),
        (["--pronouns", "xe/xem"], "premise.character.pronouns"),
        (["--name", ""], "premise.character.name"),
        (["--name", "bad\x07name"], "premise.character.name"),
        (["--idea", "x" * 1001], "premise.idea"),
        (["--seed", "-1"], "seed"),
        (["--writer", "gpt"], "error: writer: unknown writer 'gpt'"),
        (["--template", "nope"], "error: template: unknown template 'nope'"),
        (["--colour", "red"], "--colour"),
        (["--format", "pdf"], "--format"),
    ],
)
def test_generate_bad_input_is_one_line_and_exit_2(
    runner: CliRunner, args: list[str], expected: str
) -> None:
    line = _one_error_line(runner.invoke(main, [*BASE, *args]))
    assert expected in line


def test_generate_reports_every_missing_field_at_once(runner: CliRunner) -> None:
    line = _one_error_line(runner.invoke(main, ["generate", "--words", "10"]))
    for field in ("premise: is required", "genre: is required", "target_words"):
        assert field in line


def test_generate_reports_schema_catalog_and_writer_problems_on_one_line(
        runner: CliRunner) -> None:
    line = _one_error_line(runner.invoke(main, [*BASE, "--words", "50", "--genre", "western",
                                                "--writer", "gpt"]))
    for expected in ("target_words: must be between 100 and 7500",
                     "genre: unknown genre 'western'", "writer: unknown writer 'gpt'"):
        assert expected in line


def test_generate_names_schema_and_catalog_problems_together_as_the_issue_tried(
        runner: CliRunner) -> None:
    line = _one_error_line(runner.invoke(main, ["generate", "--idea", "A", "--name", "M",
                                                "--genre", "cookery", "--pov", "omniscient"]))
    assert "scaffold.pov: input should be" in line and "genre: unknown genre 'cookery'" in line


def test_an_unknown_template_is_named_with_the_other_problems(runner: CliRunner) -> None:
    line = _one_error_line(runner.invoke(main, ["generate", "--template", "nope", "--genre",
                                                "cookery", "--pov", "omniscient"]))
    for expected in ("template: unknown template 'nope'", "scaffold.pov: input should be",
                     "genre: unknown genre 'cookery'"):
        assert expected in line
    # What the template would have given is not reported missing.
    assert "premise: is required" not in line


def test_generate_measures_text_in_characters(runner: CliRunner) -> None:
    line = _one_error_line(runner.invoke(main, ["generate", "--idea", "x" * 1001, "--name", "",
                                                "--genre", "mystery"]))
    assert "premise.idea: string should have at most 1000 characters, not 1001" in line
    assert "premise.character.name: string should not be empty" in line
    assert "items" not in line


def test_generate_refuses_a_body_as_the_api_does(runner: CliRunner, tmp_path: Path) -> None:
    from shortstory.config import load_settings
    from shortstory.errors import ValidationError
    from shortstory.services.story_requests import validate_story_request
    from shortstory.writers.registry import WriterRegistry

    body = {"premise": {"idea": "A ferry clerk.", "character": {"name": "Ines", "pronouns": "x"}},
            "genre": "western", "structure": "hero", "target_words": 50, "writer": "gpt"}
    path = tmp_path / "premise.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    line = _one_error_line(runner.invoke(main, ["generate", "--premise-file", str(path)]))
    with pytest.raises(ValidationError) as refused:
        validate_story_request(body, WriterRegistry(load_settings().writer_setup()), strict=True)
    fields = [problem["field"] for problem in refused.value.details["errors"]]
    assert set(fields) == {"premise.character.pronouns", "target_words", "genre", "structure",
                           "writer"}
    positions = [line.find(f" {field}: ") for field in fields]
    assert -1 not in positions and positions == sorted(positions), line


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "error: premise_file: cannot read"),
        ("{not json", "error: premise_file:"),
        ("[1, 2]", "error: premise_file: must hold one JSON object"),
        (b"\xff\xfe", "not valid UTF-8"),
        ('{"premise": {"idea": "x", "character": {"name": "A"}}, "genre": "mystery", '
         '"colour": 1}', "colour: is not a known field"),
    ],
)
def test_bad_premise_files(runner: CliRunner, tmp_path: Path, content, expected) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "premise.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    line = _one_error_line(runner.invoke(main, ["generate", "--premise-file", str(path)]))
    assert expected in line


def test_analyze_file_and_stdin(runner: CliRunner, tmp_path: Path) -> None:
    text = "Her heart pounded in her chest. The tide came in over the causeway at dusk."
    path = tmp_path / "story.txt"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["analyze", str(path)])
    assert result.exit_code == 0, result.stderr
    assert "words: 15" in result.stdout and "clichés: 1" in result.stdout
    as_json = runner.invoke(main, ["analyze", "-", "--format", "json"], input=text)
    report = json.loads(as_json.stdout)
    assert report["word_count"] == 15 and len(report["cliches"]) == 1
    linted = runner.invoke(main, ["analyze", str(path), "--pov", "first", "--tense", "past",
                                  "--format", "json"])
    assert json.loads(linted.stdout)["pov_tense"] is not None


@pytest.mark.parametrize(
    ("args", "stdin", "expected"),
    [
        (["analyze", "/no/such/file.txt"], None, "error: text: cannot read"),
        (["analyze", "-"], "", "error: text: is empty"),
        (["analyze", "-"], "  ... —  ", "error: text: contains no words"),
        (["analyze", "-", "--pov", "fourth"], "Some words.", "scaffold.pov"),
        (["revise", "-", "--mode", "sharpen"], "   ", "error: text: is empty"),
        (["revise", "-"], "Words.", "--mode"),
        (["revise", "-", "--mode", "polish"], "Words.", "--mode"),
        (["revise", "-", "--mode", "instruction", "--instruction", "change tense to present"],
         "Some words here.", "error: plan: instruction revisions re-render"),
    ],
)
def test_analyze_and_revise_bad_input(runner: CliRunner, args, stdin, expected) -> None:  # type: ignore[no-untyped-def]
    line = _one_error_line(runner.invoke(main, args, input=stdin))
    assert expected in line


def test_revise_modes_from_the_command_line(runner: CliRunner, tmp_path: Path) -> None:
    story = runner.invoke(main, [*BASE, "--format", "json"])
    data = json.loads(story.stdout)
    text_path = tmp_path / "story.txt"
    text_path.write_text(data["text"], encoding="utf-8")
    story_path = tmp_path / "story.json"
    story_path.write_text(story.stdout, encoding="utf-8")

    cliched = "All of a sudden the lamp went out. The ferry was very late."
    fixed = runner.invoke(main, ["revise", "-", "--mode", "cliches"], input=cliched)
    assert fixed.exit_code == 0
    assert "All of a sudden" not in fixed.stdout and fixed.stdout[:1].isupper()
    assert fixed.stdout.endswith("The ferry was very late.\n")
    sharp = runner.invoke(main, ["revise", "-", "--mode", "sharpen", "--format", "json"],
                          input="The ferry was very late and the clerk was very tired.")
    revised_text = json.loads(sharp.stdout)["text"]
    assert revised_text == "The ferry was very late and the clerk was exhausted."

    retold = runner.invoke(main, ["revise", str(text_path), "--mode", "instruction",
                                  "--instruction", "rename Ines to Ada", "--plan",
                                  str(story_path), "--format", "json"])
    assert retold.exit_code == 0, retold.stderr
    revised = json.loads(retold.stdout)
    assert "Ada Vale" in revised["text"] and "Ines" not in revised["text"]
    assert revised["plan"]["request"]["premise"]["character"]["name"] == "Ada Vale"

    bad = runner.invoke(main, ["revise", str(text_path), "--mode", "instruction",
                               "--instruction", "make it scarier", "--plan", str(story_path)])
    line = _one_error_line(bad)
    assert "unsupported instruction" in line and "rename <name> to <new name>" in line
    assert line.startswith("error: instruction: UNSUPPORTED_INSTRUCTION: ")
    not_a_plan = runner.invoke(main, ["revise", str(text_path), "--mode", "instruction",
                                      "--instruction", "more dialogue", "--plan", str(text_path)])
    assert "error: plan:" in _one_error_line(not_a_plan)


@pytest.mark.parametrize("command", ["genres", "structures", "templates"])
def test_catalog_listings(runner: CliRunner, command: str) -> None:
    text = runner.invoke(main, [command])
    assert text.exit_code == 0
    entries = getattr(catalog, command)()
    assert len(text.stdout.strip().splitlines()) == len(entries)
    as_json = json.loads(runner.invoke(main, [command, "--format", "json"]).stdout)
    assert [item["id"] for item in as_json] == [entry.id for entry in entries]


def test_the_installed_command_runs_in_a_real_process(tmp_path: Path) -> None:
    ok = subprocess.run([str(SHORTSTORY), *BASE, "--format", "txt"], capture_output=True,
                        text=True, timeout=60, check=False)
    assert ok.returncode == 0, ok.stderr
    assert "Ines Vale" in ok.stdout and ok.stderr == ""
    bad = subprocess.run([str(SHORTSTORY), *BASE, "--words", "50"], capture_output=True,
                         text=True, timeout=60, check=False)
    assert bad.returncode == 2
    assert bad.stderr == "error: target_words: must be between 100 and 7500\n"
    assert bad.stdout == ""


def test_progress_bar_is_drawn_only_when_stderr_is_a_terminal() -> None:
    import os
    import pty

    master, slave = pty.openpty()
    try:
        done = subprocess.run([str(SHORTSTORY), *BASE, "--format", "txt"], stdout=subprocess.PIPE,
                              stderr=slave, timeout=60, check=False)
    finally:
        os.close(slave)
    drawn = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        drawn += chunk
    os.close(master)
    assert done.returncode == 0
    assert b"writing" in drawn and b"100%" in drawn
    assert b"writing" not in done.stdout and b"Ines Vale" in done.stdout


def test_generate_reads_the_premise_from_stdin_and_takes_spaced_pov(runner: CliRunner) -> None:
    body = {"premise": {"idea": "A bell founder casts a bell that will not ring.",
                        "character": {"name": "Odo Ferrow"}}, "genre": "fantasy",
            "target_words": 200, "seed": 2}
    result = runner.invoke(main, ["generate", "--premise-file", "-", "--pov", "close third",
                                  "--format", "json"], input=json.dumps(body))
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["plan"]["request"]["scaffold"]["pov"] == "close_third"
    assert "Odo" in data["text"]
