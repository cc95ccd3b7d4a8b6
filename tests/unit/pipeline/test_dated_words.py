"""The dated lexicon (``pipeline/data/dated_words.json``): every word a story's time may lack has
the year from which a reader accepts it, and the filter holds back exactly those after a story's
year (or, without one, a period genre's lists as before)."""

from __future__ import annotations

import json

import pytest

from shortstory.pipeline.dated_words import DATA, anachronism, dated_words, modern_words
from shortstory.pipeline.place_table import period_genres


def _groups() -> dict[str, dict[str, object]]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    groups = {name: words for name, words in data.items() if name not in {"_doc", "genres"}}
    groups.update({f"genre:{g}": words for g, words in data["genres"].items()})
    return groups


def test_every_word_has_a_year_a_reader_would_accept() -> None:
    groups = _groups()
    assert set(groups) >= {"modern", "period", "dated", "genre:fantasy"}
    for name, words in groups.items():
        wrong = {w: y for w, y in words.items() if not isinstance(y, int) or not 500 <= y <= 2030
                 or w != w.lower().strip() or not w}
        assert not wrong, (name, wrong)


def test_no_word_is_dated_twice() -> None:
    seen: dict[str, str] = {}
    for name, words in _groups().items():
        for word in words:
            assert word not in seen, (word, seen.get(word), name)
            seen[word] = name


def test_the_words_readers_found_are_dated() -> None:
    years = dated_words()
    assert years["switchboard"] == years["telephone"] == 1880
    assert years["hand gel"] == years["mobile"] == 1990
    assert years["radio"] < 1941 < years["television"]
    assert years["car"] <= years["aeroplane"] <= years["radio"] <= years["computer"] <= (
        years["email"])


@pytest.mark.parametrize(("text", "genre", "year", "found"), [
    ("a switchboard log", "literary", 1790, "switchboard"),
    ("hand gel by the door", "mystery", 1862, "hand gel"),
    ("a radio by the bed", "historical", 1941, ""),
    ("a mobile by the bed", "historical", 1941, "mobile"),
    ("a train in the valley", "fantasy", 1890, ""),
    ("a train in the valley", "fantasy", None, "train"),
    ("a radio by the bed", "historical", None, "radio"),
    ("a radio by the bed", "literary", None, ""),
    ("the wet tarmac", "literary", 1900, "tarmac"),
    ("the wet tarmac", "literary", 1910, ""),
    ("two computers on a desk", "mystery", 1950, "computers"),
])
def test_a_year_holds_back_what_came_after_it(text: str, genre: str, year: int | None,
                                              found: str) -> None:
    assert anachronism(text, genre, year) == found


def test_without_a_year_a_period_genre_keeps_its_lists() -> None:
    # The plan's corners take only the modern words; the writer's sentences its period words too.
    assert "fantasy" in period_genres()
    assert anachronism("a tyre swing", "historical", sentences=False) == ""
    assert anachronism("a tyre swing", "historical") == "tyre"
    assert anachronism("the parked van", "historical", sentences=False) == "van"
    assert "van" in modern_words()
    assert anachronism("a switchboard", "historical") == ""  # dated by a year alone
    assert anachronism("a radio operator", "historical", allowed=frozenset({"radio"})) == ""
    assert anachronism("the radios", "historical") == ""  # its lists hold their own plurals
    assert anachronism("the radios", "historical", 1900, allowed=frozenset({"radio"})) == ""


def test_every_dated_word_is_found_in_a_sentence_in_the_singular_and_plural() -> None:
    # The search runs only on sentences holding every run of letters of some dated word (most
    # hold none); this holds that shortcut to finding every word the full search finds.
    for word, since in dated_words().items():
        for form in (word, f"{word}s", word.upper()):
            sentence = f"Then she saw it: the {form}, by the door."
            assert anachronism(sentence, "literary", since - 1), (word, form)
