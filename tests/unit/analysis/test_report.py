"""The analyze entry point: validation, one JSON-ready report, offsets into the original."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shortstory.analysis import (
    AnalysisInputError,
    AnalysisReport,
    analyze,
    count_words,
    find_cliches,
    readability,
)
from shortstory.pipeline.models import Character, Scaffold

STORY = (
    "I climbed the two hundred and twelve stairs with my heart pounding in my chest. "
    "The lamp was lit again.\n\n"
    "“You’re late,” Tom said.\n\n"
    "“I counted the stairs twice,” I said. “Always two hundred and twelve.”\n\n"
    "Tom shrugged. “Reckon it just burns.”\n\n"
    "She opens the door and looked at the sea. The lamp was lit again."
)


def test_report_has_every_part_and_is_json_ready() -> None:
    report = analyze(STORY, Scaffold(pov="first", tense="past"), ["Maren Holt", "Tom"])
    assert isinstance(report, AnalysisReport)
    data = report.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert set(data) == {
        "word_count", "readability", "cliches", "repetition", "pov_tense", "scaffold",
        "voice", "memorability",
    }
    assert data["word_count"] == count_words(STORY)
    assert data["scaffold"] == {"pov": "first", "tense": "past"}


def test_parts_agree_with_the_analysers_called_alone() -> None:
    report = analyze(STORY)
    assert report.readability == readability(STORY)
    assert report.cliches == find_cliches(STORY)
    assert report.pov_tense is None and report.scaffold is None


def test_findings_point_into_the_original_text() -> None:
    report = analyze(STORY, {"pov": "first", "tense": "past"}, ["Maren Holt", "Tom"])
    assert any("heart pounding" in match.text for match in report.cliches)
    assert [item.normalised for item in report.repetition.repeated_sentences] == [
        "the lamp was lit again"
    ]
    assert report.pov_tense, "the planted “She opens” slip is reported"
    spans = [(m.start, m.end, m.text) for m in report.cliches]
    spans += [(i.start, i.end, i.text) for i in report.pov_tense or []]
    spans += [(s.start, s.end, s.text) for line in report.voice.lines for s in line.spans]
    spans += [
        (s.start, s.end, s.text)
        for item in report.repetition.repeated_sentences
        for s in item.spans
    ]
    for start, end, text in spans:
        assert STORY[start:end] == text
    assert {line.speaker for line in report.voice.lines} == {"Tom", "narrator"}


def test_scaffold_may_be_an_object_or_a_mapping() -> None:
    as_object = analyze(STORY, SimpleNamespace(pov="first", tense="past"))
    as_mapping = analyze(STORY, {"pov": "first", "tense": "past"})
    assert as_object.pov_tense == as_mapping.pov_tense


def test_characters_may_be_models() -> None:
    tom = Character(name="Tom Pike", pronouns="he/him")
    report = analyze(STORY, characters=[tom])
    assert "Tom Pike" in {line.speaker for line in report.voice.lines}


@pytest.mark.parametrize(
    ("scaffold", "field"),
    [({"pov": "omniscient", "tense": "past"}, "scaffold.pov"),
     ({"pov": "first", "tense": "future"}, "scaffold.tense"),
     (SimpleNamespace(pov="first"), "scaffold.tense")],
)
def test_a_bad_scaffold_is_a_typed_error(scaffold: object, field: str) -> None:
    with pytest.raises(AnalysisInputError) as info:
        analyze(STORY, scaffold)
    assert info.value.field == field


@pytest.mark.parametrize(
    ("text", "limit"),
    [("", 1), ("word " * 7501, 7500), (b"\xff bad bytes", None), ("bell\x07", None)],
)
def test_bad_text_is_a_typed_error_never_a_truncation(text: str | bytes, limit: int | None) -> None:
    with pytest.raises(AnalysisInputError) as info:
        analyze(text)
    assert info.value.field == "text"
    assert info.value.limit == limit


def test_utf8_bytes_are_analysed() -> None:
    assert analyze(STORY.encode()).word_count == count_words(STORY)


def test_the_ceiling_itself_is_analysed() -> None:
    text = ("The keeper climbed. " * 2500).strip()
    assert analyze(text).word_count == 7500


PIECES = st.sampled_from([
    "Her heart pounded in her chest.", "“Go,” Tom said.", "The lamp was lit again.",
    "She opens the door.", "Salt on the rail.", "I counted the stairs…", "— Nothing.",
])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, min_size=1, max_size=20), st.sampled_from([" ", "\n\n", "  \u00a0"]))
def test_same_text_same_report(pieces: list[str], gap: str) -> None:
    text = gap.join(pieces)
    first = analyze(text, {"pov": "first", "tense": "past"}, ["Tom"]).to_dict()
    assert analyze(text, {"pov": "first", "tense": "past"}, ["Tom"]).to_dict() == first
    for match in first["cliches"]:
        assert text[match["start"] : match["end"]] == match["text"]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab cé.!?“”\"'’—-\n0,:U")), min_size=1, max_size=120))
def test_word_count_is_the_one_word_rule(text: str) -> None:
    if count_words(text) == 0:
        return
    assert analyze(text).word_count == count_words(text)


FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "public_domain"


def _all_spans(report: AnalysisReport) -> list[tuple[int, int, str]]:
    spans = [(m.start, m.end, m.text) for m in report.cliches]
    spans += [(i.start, i.end, i.text) for i in report.pov_tense or []]
    spans += [(s.start, s.end, s.text) for line in report.voice.lines for s in line.spans]
    repetition = report.repetition
    for group in (repetition.repeated_sentences, repetition.repeated_phrases,
                  repetition.overused_words):
        spans += [(s.start, s.end, s.text) for item in group for s in item.spans]
    return spans


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.txt")), ids=lambda path: path.name)
def test_published_stories_analyse_cleanly(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    report = analyze(text, {"pov": "close_third", "tense": "past"})
    for start, end, found in _all_spans(report):
        assert text[start:end] == found
    # Published prose repeats a sentence only on purpose: O. Henry's refrain "One dollar and
    # eighty-seven cents." is the one repeated sentence in the fixtures.
    repeated = [item.normalised for item in report.repetition.repeated_sentences]
    assert repeated in ([], ["one dollar and eighty-seven cents"])
    assert 60 <= report.readability.flesch_reading_ease <= 95  # plain literary prose
    assert 65 <= report.memorability.score <= 100
    assert report.word_count == count_words(text)


def test_preload_loads_everything_once_and_changes_no_result() -> None:
    from shortstory.analysis import preload

    before = analyze(STORY).to_dict()
    preload()
    preload()
    assert analyze(STORY).to_dict() == before
