"""Each fast path of the analysis gives what the plain rule it replaces gives."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import replace
from itertools import accumulate
from pathlib import Path
from random import Random

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from shortstory.analysis.cliches.matcher import _haystack, _KeyIndex
from shortstory.analysis.key_columns import table_keys
from shortstory.analysis.lemmas import text_keys
from shortstory.analysis.memorability import (
    MATTR_WINDOW,
    SENSORY_WORDS,
    _mattr,
    _precise_count,
    _prepare,
    _sensory,
)
from shortstory.analysis.pov.clauses import (
    _CLAUSE_MARK_RE,
    _OPENING_WORDS,
    _QUOTE_OPENING,
    Token,
    _follows_opening_quote,
    _introductory,
    _Words,
    speech_spans,
)
from shortstory.analysis.pov.lexicon import QUOTING_VERBS
from shortstory.analysis.pov.person import ReferentTracker
from shortstory.analysis.readability import _is_complex, readability
from shortstory.analysis.reading import Reading, read_text
from shortstory.analysis.repetition import covered_words
from shortstory.analysis.sentences import (
    _STOP_AND_NEXT_RE,
    _STOP_RE,
    ABBREVIATIONS,
    Span,
    _is_abbreviation,
    _opens_sentence,
    make_span,
    paragraph_sentences,
    split_paragraphs,
)
from shortstory.analysis.speakers.names import mention_pattern
from shortstory.analysis.syllables import count_syllables
from shortstory.analysis.vocabulary import zipf
from shortstory.analysis.word_patterns import any_of

_KEYS = st.lists(st.sampled_from(["a", "heart", "<p>", "|", "", "two words", "x y z"]), max_size=30)


@given(_KEYS, st.data())
def test_the_key_at_an_offset_is_counted_as_the_summed_offsets_say(
    keys: list[str], data: st.DataObject
) -> None:
    haystack = _haystack(keys)
    starts = list(accumulate((len(key) + 1 for key in keys), initial=1))[:-1]
    key_at = _KeyIndex(haystack, keys)
    if not keys:
        return
    # Hits ask in text order, but a longer wording may start before a shorter one's start.
    for index in data.draw(st.lists(st.integers(0, len(keys) - 1), max_size=20)):
        assert key_at(starts[index]) == bisect_left(starts, starts[index])


_PIECES = st.sampled_from(
    ["She", "said", "the", "U.S.", "10:30", "Zoë", "Zoe\u0301", "don't", "—", "…", "“Go,”",
     "(", ")", ":", ".", "!", "?", ",", " ", "  ", "\n", "\n\n", "*", "_", "read:", "I", "and",
     "Della's"]
)
_TEXTS = st.lists(_PIECES, min_size=1, max_size=40).map(" ".join)


@given(_TEXTS)
def test_the_tables_words_gaps_and_capitals_are_what_slicing_gives(text: str) -> None:
    reading = read_text(text)
    table = reading.table
    if not table.starts:
        return
    previous_ends = [reading.sentences[0].start, *table.ends[:-1]]
    gaps = [text[end:start] for end, start in zip(previous_ends, table.starts, strict=True)]
    assert table.gaps() == gaps
    assert table.words(text) == [text[s:e] for s, e in zip(table.starts, table.ends, strict=True)]
    assert table.capitalised(text) == [text[start].isupper() for start in table.starts]


@given(_TEXTS)
def test_the_linters_words_read_off_the_table_are_the_words_sliced(text: str) -> None:
    reading = read_text(text)
    sliced = read_text(text)
    sliced.table = replace(sliced.table, _gaps=None, _words=None, _capitalised=None)
    fast, plain = _Words(reading), _Words(sliced)
    assert fast.tokens == plain.tokens
    assert fast.capitals() == plain.capitals()


def test_the_pronouns_skipped_in_narration_are_those_that_mention_nobody_there() -> None:
    names = frozenset({"della", "her"})  # a name spelt like a pronoun is still a mention
    tracker = ReferentTracker(names, {"della": "she"}, frozenset({"ferryman"}))
    skipped = tracker.speech_only_words()
    assert "her" not in skipped and "she" in skipped
    for word in ("she", "he", "her", "him", "his", "hers", "herself", "himself"):
        for speech in (False, True):
            for text in (word, word.capitalize()):
                probe = ReferentTracker(names, {"della": "she"}, frozenset({"ferryman"}))
                token = Token(text, word, 0, len(word), speech, True, True, False)
                probe.mention(token, 0)
                mentioned = any(probe.available(gender, 0) for gender in ("she", "he"))
                if word in skipped:  # skipped in narration only: there it mentions nobody
                    assert mentioned == speech, (word, speech, text)


@settings(deadline=None)  # the first example loads the pronouncing dictionary
@given(st.lists(st.sampled_from(
    ["Elizabeth", "elizabeth", "extraordinary", "Extraordinary", "co-operation", "the", "cat",
     "beautifully", "1,500", "don't", "Zoë", "interesting", "remembered", ".", "\n\n", "said"]
), min_size=1, max_size=60).map(" ".join))
def test_readability_counts_each_distinct_word_as_the_word_by_word_rule_does(text: str) -> None:
    reading = read_text(text)
    table = reading.table
    score = readability(text, reading.sentences, table)
    syllables = polysyllables = complex_words = letters = 0
    for key, start, initial in zip(table.keys, table.starts, table.initial, strict=True):
        word_syllables = count_syllables(key)
        syllables += word_syllables
        polysyllables += word_syllables >= 3
        letters += sum(ch.isalnum() for ch in key)
        complex_words += _is_complex(key, text[start].isupper(), word_syllables, initial)
    assert (score.syllables, score.polysyllables, score.letters, score.complex_words) == (
        syllables, polysyllables, letters, complex_words
    )


def _plain_mattr(keys: list[str]) -> float:
    """The moving-average type-token ratio, each window counted afresh."""
    if len(keys) <= MATTR_WINDOW:
        return len(set(keys)) / len(keys) if keys else 0.0
    windows = range(len(keys) - MATTR_WINDOW + 1)
    total = sum(len(set(keys[start : start + MATTR_WINDOW])) for start in windows)
    return total / len(windows) / MATTR_WINDOW


@given(st.integers(0, MATTR_WINDOW * 4), st.integers(1, 200), st.randoms(use_true_random=False))
def test_the_sliding_word_variety_is_each_window_counted_afresh(
    length: int, vocabulary: int, random: Random
) -> None:
    keys = [f"w{random.randrange(vocabulary)}" for _ in range(length)]  # all repeats to none
    numbered = {key: number for number, key in enumerate(dict.fromkeys(keys))}
    assert _mattr(np.array([numbered[key] for key in keys], dtype=np.int64)) == _plain_mattr(keys)


@given(_TEXTS)
def test_a_word_after_a_gap_ending_on_no_quotation_mark_opens_no_quotation(text: str) -> None:
    table = read_text(text).table
    for gap, start in zip(table.gaps() or [], table.starts, strict=False):
        if gap and gap[-1] not in _QUOTE_OPENING:
            assert not _follows_opening_quote(text, start)


_CONTENT = st.sampled_from(
    ["bell", "the", "1,500", "Grey", "grey", "said", "palimpsest", "x2", "well-known", "road"]
)
_NAMES = st.sampled_from(["grey", "road", "bell"])


@settings(deadline=None)  # the first example loads the word-frequency list
@given(st.dictionaries(_CONTENT, st.integers(1, 5)), st.dictionaries(_NAMES, st.integers(1, 3)))
def test_the_precise_words_are_counted_as_word_by_word(
    counts: dict[str, int], names: dict[str, int]
) -> None:
    plain = 0
    for key, count in counts.items():
        number = not key.isalpha() and any(ch.isdigit() for ch in key)
        plain += count if number or zipf(key) < 4.5 else names.get(key, 0)
    assert _precise_count(Counter(counts), Counter(names)) == plain


_KEYED_PIECES = st.sampled_from(
    ["She", "was", "pounding", "had", "run", "her", "father's", "Maren's", "the", "a", "didn't",
     "she'd", "been", "would", "like", "U.S.", "3.14", "e.g.", "heart", ";", "…", "[", "]", "(",
     "“", "”", '"', ".", "!", "?", ",", " ", "\n\n", "\n \n", "\n", "once-in-a-lifetime",
     "was.", "Mr.", "—"]
)
_FIXTURE_TEXTS = sorted(
    (Path(__file__).resolve().parents[2] / "fixtures").glob("*/*.txt"), key=lambda path: path.name
)


def _keys_both_ways(text: str) -> None:
    table = read_text(text).table
    fast = table_keys(text, table)
    if fast is None:  # only a text without words has a table without gaps
        assert not table.starts
        return
    plain = text_keys(text, table.starts, table.ends, table.words(text), table.keys)
    assert fast == plain


@settings(deadline=None)  # the first example loads lemminflect's tables
@given(st.lists(_KEYED_PIECES, min_size=1, max_size=40).map(" ".join) | _TEXTS)
@example("Her heart was. Pounding, she had; run. Her father's eyes was pounding")
def test_the_cliche_keys_read_off_the_tables_gaps_are_the_plain_rules(text: str) -> None:
    _keys_both_ways(text)


@pytest.mark.parametrize("path", _FIXTURE_TEXTS, ids=lambda path: path.name)
def test_the_cliche_keys_of_a_fixture_read_off_its_gaps_are_the_plain_rules(path: Path) -> None:
    _keys_both_ways(path.read_text(encoding="utf-8"))


_NAME_KEYS = st.lists(
    st.sampled_from(["della", "jim", "miss brill", "louise mallard", "o'brien", "anne-marie",
                     "the boss", "brill", "mallard", "dr. ames", "", "ann"]),
    unique=True, min_size=1, max_size=6,
).map(lambda keys: sorted(keys, key=len, reverse=True))
_MENTION_TEXTS = st.lists(
    st.sampled_from(["della", "jim", "miss", "brill", "louise", "mallard", "o'brien", "anne-marie",
                     "marie", "the", "boss", "dr.", "ames", "ann", "anne", "jimmy", "'", "’", "-",
                     "_", " ", "\n", "  \n ", ",", "x", "cinderella", "1"]),
    max_size=30,
).map("".join)


def _plain_mention_pattern(keys: list[str]) -> re.Pattern[str]:
    """The names as whole words by one look-behind before all of them (tried at every position)."""
    alternatives = (r"\s+".join(map(re.escape, key.split())) for key in keys)
    return re.compile(r"(?<![\w'’\-])(?:" + "|".join(alternatives) + r")(?![\w\-])")


@given(_NAME_KEYS, _MENTION_TEXTS)
@example(["miss brill", "brill"], "dismiss brill")
def test_names_are_found_as_the_pattern_looking_back_first_finds_them(
    keys: list[str], text: str
) -> None:
    def spans(pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        return [match.span() for match in pattern.finditer(text)]

    assert spans(mention_pattern(keys)) == spans(_plain_mention_pattern(keys))


@given(st.lists(st.integers(0, 6), max_size=40).map(sorted), st.frozensets(st.integers(0, 8)))
def test_the_words_of_sentences_reported_whole_are_those_the_word_by_word_walk_finds(
    sentence_of: list[int], excluded: frozenset[int]
) -> None:
    plain = [9 if sentence in excluded else 0 for sentence in sentence_of]
    assert covered_words(sentence_of, excluded, 9) == plain


_LETTERS = st.text(alphabet="abs.’", min_size=1, max_size=5)


@given(st.lists(_LETTERS, min_size=1, max_size=12), st.text(alphabet="abs.’ x\n", max_size=60))
@example(["said", "says", "sa"], "he said, says sa saidx")
def test_a_word_set_as_a_trie_matches_as_its_alternation_longest_first(
    words: list[str], text: str
) -> None:
    plain = "(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")"
    for template in ("{}", r"\b{}\b", r"{}(?=b)"):
        fast_re, plain_re = re.compile(template.format(any_of(words))), re.compile(
            template.format(plain)
        )
        assert [m.span() for m in fast_re.finditer(text)] == [
            m.span() for m in plain_re.finditer(text)
        ]


_PLAIN_STOP_RE = re.compile(r"(?:[.!?…]+|[—–]+(?=[\"'”’»]))[\"'”’»)\]]*(?=\s)")
"""The stop pattern as the rule says it (two branches), not opening on one character class."""


@given(st.text(alphabet=".!?…—–\"'”’»)]x \n", max_size=40))
@example("a... b.. c?! “d”—” e—x. f!”) g… ”")
def test_the_stops_are_what_the_plain_stop_pattern_finds(text: str) -> None:
    assert [m.span() for m in _STOP_RE.finditer(text)] == [
        m.span() for m in _PLAIN_STOP_RE.finditer(text)
    ]


_SENTENCE_TEXT = st.text(alphabet="aZé²Σ.!?…—–\"'”’»)]“‘«([¡¿1 \n", max_size=50)


@given(_SENTENCE_TEXT, st.integers(0, 10))
@example("Mr. Holt left. Dr. Ames stayed.", 0)
@example("“Stop!” she said. “Go.” (Now.) x", 0)
def test_a_stop_and_what_opens_after_it_are_read_in_one_match(text: str, cut: int) -> None:
    end = max(0, len(text) - cut)
    fast = [(m.span(), m.group(1)) for m in _STOP_AND_NEXT_RE.finditer(text, 0, end)]
    plain = [m.span() for m in _STOP_RE.finditer(text, 0, end)]
    assert [span for span, _ in fast] == plain
    for (_, stop_end), (_, char) in zip(plain, fast, strict=True):
        opens = _opens_sentence(text, stop_end, end)
        assert opens == (char is not None and (char.isupper() or char.isdigit() or (
            not char.isalpha() and char not in "\"'”’»)]")))


def _plain_abbreviation(text: str, stop_start: int, stop: str, floor: int) -> bool:
    """:func:`_is_abbreviation` walking back character by character (the plain rule)."""
    if not stop.startswith(".") or stop.startswith(".."):
        return False
    index, limit = stop_start, max(floor, stop_start - 20)
    while index > limit and (text[index - 1].isalpha() or text[index - 1] == "."):
        index -= 1
    word = text[index:stop_start].lstrip(".")
    if not word:
        return False
    if "." in word:
        return True
    if len(word) == 1:
        return word.isupper() and word != "I"
    return word.lower() in ABBREVIATIONS


@given(st.text(alphabet="aIZéΣ²1. x", max_size=30), st.integers(0, 30), st.integers(0, 5))
@example("U.S.", 3, 0)
@example("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx Dr", 37, 0)
@example("é Dr", 4, 3)
@example("éDr", 3, 0)
@example("²Dr", 3, 0)
def test_the_word_before_a_stop_is_what_walking_back_finds(
    text: str, stop_start: int, floor: int
) -> None:
    stop_start = min(stop_start, len(text))
    floor = min(floor, stop_start)
    assert _is_abbreviation(text, stop_start, ".", floor) == _plain_abbreviation(
        text, stop_start, ".", floor
    )


def _plain_sentences(text: str, paragraph: Span) -> list[Span]:
    """:func:`paragraph_sentences` by the stop pattern, the next character read apart and the
    word before walked back (the plain rule)."""
    spans, sentence_start = [], paragraph.start
    for stop in _STOP_RE.finditer(text, paragraph.start, paragraph.end):
        if not _opens_sentence(text, stop.end(), paragraph.end):
            continue
        if _plain_abbreviation(text, stop.start(), stop.group(), paragraph.start):
            continue
        span = make_span(text, sentence_start, stop.end())
        if span is not None:
            spans.append(span)
        sentence_start = stop.end()
    span = make_span(text, sentence_start, paragraph.end)
    return [*spans, span] if span is not None else spans


def _sentences_both_ways(text: str) -> None:
    for paragraph in split_paragraphs(text):
        assert paragraph_sentences(text, paragraph) == _plain_sentences(text, paragraph)


@given(st.lists(st.sampled_from(["Mr.", "Dr.", "U.S.", "J.", "R.", "I.", "Zoë.", "Éa.", "etc.",
                                 "x", "Go!", "“Stop.”", "(Now.)", "—", "…", "1.", "He", "she",
                                 "²a.", " ", "\n\n", "What?!", "'Tis", "‘Yes.’"]),
                max_size=30).map(" ".join) | _SENTENCE_TEXT)
@example("Go. ” then. ) x. Dr. Ames and J. R. Hartley. Zoë. Éa. “Yes.” ²a. Nine. 9 lives")
def test_the_sentences_are_the_plain_rules(text: str) -> None:
    _sentences_both_ways(text)


@pytest.mark.parametrize("path", _FIXTURE_TEXTS, ids=lambda path: path.name)
def test_a_fixtures_sentences_are_the_plain_rules(path: Path) -> None:
    _sentences_both_ways(path.read_text(encoding="utf-8"))


def _assert_marked_as_word_by_word(text: str) -> None:
    reading = read_text(text)
    words = _Words(reading)
    tokens = words.tokens
    fast = [(token.opens_clause, token.follows_mark, token.sentence_initial) for token in tokens]
    assert fast == _plain_clause_marks(text)
    assert [token.speech for token in tokens] == _plain_speech(reading, words)
    assert words.firsts == [bisect_left(words.starts, span.start) for span in reading.sentences]


def _plain_speech(reading: Reading, words: _Words) -> list[bool]:
    """Each linter word's speech mark, word by word: inside a quotation or italics, or after a
    quoting verb and a colon (to its sentence's end)."""
    text, starts, ends, lowers = reading.text, words.starts, words.ends, words.lowers
    spans = speech_spans(text, reading)
    first = {bisect_left(starts, span.start) for span in reading.sentences}
    speech = [any(span.start <= start < span.end for span in spans) for start in starts]
    for index in range(1, len(starts)):
        gap = text[ends[index - 1] : starts[index]]
        if index not in first and ":" in gap and lowers[index - 1] in QUOTING_VERBS:
            end = index
            while end < len(starts) and (end == index or end not in first):
                speech[end] = True
                end += 1
    return speech


def _plain_clause_marks(text: str) -> list[tuple[bool, bool, bool]]:
    """Each linter word's (opens_clause, follows_mark, sentence_initial), word by word: its gap
    from the word before (from its sentence's start for a first word) searched for a mark."""
    reading = read_text(text)
    words = _Words(reading)
    starts, ends, lowers = words.starts, words.ends, words.lowers
    speech = [token.speech for token in words.tokens]
    first = {bisect_left(starts, span.start) for span in reading.sentences}
    marks: list[tuple[bool, bool, bool]] = []
    introductory_run = False
    for index, start in enumerate(starts):
        if index in first:
            marks.append((True, True, True))
            introductory_run = _introductory(lowers[index])
            continue
        gap = text[ends[index - 1] : start]
        follows = bool(_CLAUSE_MARK_RE.search(gap)) or speech[index] != speech[index - 1]
        initial = (not gap or gap[-1] in _QUOTE_OPENING) and _follows_opening_quote(text, start)
        opens = follows or lowers[index - 1] in _OPENING_WORDS or introductory_run
        introductory_run = introductory_run and _introductory(lowers[index])
        marks.append((opens, follows, initial))
    return marks


@given(_TEXTS)
@example("“Go,” she said. (Then) he left, and — slowly — she: ran.\n\n*I* can't.")
def test_the_linters_clause_marks_are_each_gap_searched_word_by_word(text: str) -> None:
    _assert_marked_as_word_by_word(text)


@pytest.mark.parametrize("path", _FIXTURE_TEXTS, ids=lambda path: path.name)
def test_a_fixtures_clause_marks_are_each_gap_searched_word_by_word(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    _assert_marked_as_word_by_word(text)


def _content_and_senses_both_ways(text: str) -> None:
    data = _prepare(text, read_text(text).table)
    # The content counts picked from the key counts are the content words counted, in order.
    assert list(data.content_counts.items()) == list(Counter(data.content).items())
    senses: Counter[str] = Counter()
    for key, count in data.counts.items():  # the plain rule, key by key
        sense = SENSORY_WORDS.get(key)
        if sense is not None:
            senses[sense] += count
    named = ", ".join(sense for sense, _ in senses.most_common())
    density = 100 * sum(senses.values()) / max(1, len(data.keys))
    expected = f"{density:.1f} sensory words per 100 ({named})"
    assert _sensory(data).reason == (expected if senses else
                                     "no sight, sound, smell, taste or touch words")


@settings(deadline=None)  # the first example loads the word lists
@given(_TEXTS | st.lists(st.sampled_from(["red", "loud", "Red", "the", "bitter", "soft", "and",
                                          "cold", "smoke", "a", "."]), max_size=30).map(" ".join))
def test_the_content_counts_and_senses_are_the_word_by_word_rules(text: str) -> None:
    _content_and_senses_both_ways(text)


@pytest.mark.parametrize("path", _FIXTURE_TEXTS, ids=lambda path: path.name)
def test_a_fixtures_content_counts_and_senses_are_the_word_by_word_rules(path: Path) -> None:
    _content_and_senses_both_ways(path.read_text(encoding="utf-8"))
