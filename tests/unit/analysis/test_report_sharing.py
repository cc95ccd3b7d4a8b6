"""A full analysis shares its sentences and words between the analysers: what each part says
inside :func:`analyze` is what it says called on its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from shortstory.analysis import analyze, find_cliches, lint_pov_tense
from shortstory.analysis.input_checks import AnalysisInputError
from shortstory.analysis.lemmas import surface_keys, text_keys, token_keys
from shortstory.analysis.sentences import split_sentences
from shortstory.analysis.word_table import word_table
from shortstory.analysis.words import iter_words

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "public_domain"
TEXTS = sorted(FIXTURES.glob("*.txt"))
CLICHES = (
    "Her heart pounded in her chest. All of a sudden the old captain's breath caught in his "
    "throat, and he avoided the whole committee like the plague.\n\n“Fine,” she said, her voice "
    "barely above a whisper. We were all in the same boat."
)


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem)
def test_analyze_reports_what_each_analyser_finds_alone(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for sample in (text, CLICHES + "\n\n" + text[:3000]):
        report = analyze(sample, {"pov": "first", "tense": "past"}, ["Della", "Jim"])
        assert report.cliches == find_cliches(sample)
        assert report.pov_tense == lint_pov_tense(sample, "first", "past", ["Della", "Jim"])
        assert report.word_count == len(list(iter_words(sample)))


def test_the_word_table_holds_every_word_once_in_its_sentence() -> None:
    text = CLICHES + "\n\nU.S. troops left at 10:30, e.g. Zoë—and 1,500 others…"
    sentences = split_sentences(text)
    table = word_table(text, sentences)
    words = list(iter_words(text))
    assert table.starts == [w.start for w in words]
    assert table.keys == [w.lower for w in words]
    assert sum(table.sentence_lengths) == len(words)
    for index, start in enumerate(table.starts):
        sentence = sentences[table.sentence[index]]
        assert sentence.start <= start < sentence.end
        opens = index == 0 or table.sentence[index - 1] != table.sentence[index]
        assert table.initial[index] == opens


def test_the_word_limit_is_still_enforced_in_a_full_analysis() -> None:
    with pytest.raises(AnalysisInputError) as raised:
        analyze("word " * 7_501)
    assert raised.value.limit == 7_500


def test_the_matchers_one_walk_gives_the_keys_of_the_two_walks() -> None:
    samples = [p.read_text(encoding="utf-8") for p in TEXTS]
    samples.append(CLICHES + " She'd been running; he'd go. U.S. troops… “Why?” Maren's eye.")
    for text in samples:
        words = list(iter_words(text))
        starts, ends = [w.start for w in words], [w.end for w in words]
        assert text_keys(text, starts, ends) == (
            *token_keys(text, words), *surface_keys(text, words)
        )
