"""Each fast path over whole-text columns gives what the plain rule it replaces gives."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from shortstory.analysis.cliches.detector import _matcher
from shortstory.analysis.pov.clauses import (
    Sentence,
    _linter_words,
    _tags_thought,
    read_sentences,
    reports_thought,
)
from shortstory.analysis.pov.lexicon import DETERMINERS, THOUGHT_MARKERS
from shortstory.analysis.readability import _histogram
from shortstory.analysis.reading import read_text
from shortstory.analysis.repetition import (
    _kept_runs,
    _repeated_phrases,
    _repeated_rows,
    _repeated_starts,
)
from shortstory.analysis.sentences import Span
from shortstory.analysis.speakers.attribution import _WHO_BEFORE_RE, _who_before, attribute_dialogue
from shortstory.analysis.vocabulary import FUNCTION_WORDS
from shortstory.analysis.voice import _narration_sample
from shortstory.analysis.word_table import (
    _PLAIN_WORD_SPLIT_RE,
    _UNDERSCORELESS_SPLIT_RE,
    _WORD_SPLIT_RE,
    _offsets,
    split_words,
    word_table,
)
from shortstory.analysis.words import WORD_RE, normalise_word

_GAP_AND_WORD_RE = re.compile(rf"([\W_]*)({WORD_RE.pattern})", WORD_RE.flags)
"""The word rule with what comes before each word (the word table's former matcher)."""
_WORD_TEXTS = st.text(alphabet="aZ9é.,:;'’-‐ \n—_\u0301\u20d0“”", max_size=40)


@given(_WORD_TEXTS, st.integers(0, 5), st.integers(0, 5))
@example("U.S. troops", 0, 0)
@example("3.14 and 1,500", 0, 0)
@example("at 10:30", 0, 0)
@example("wait...what", 0, 0)
@example("Zoe\u0301 left", 0, 0)
@example("ends on an accent\u0301", 0, 0)
def test_words_split_plainly_are_the_word_rules_split(
    text: str, cut_start: int, cut_end: int
) -> None:
    start, end = min(cut_start, len(text)), max(len(text) - cut_end, 0)
    start = min(start, end)
    parts, plain = split_words(text, start, end)
    assert parts == _WORD_SPLIT_RE.split(text[start:end])
    if plain:  # no word holds what only the full rule's branches take in
        assert not any(re.search(r"[.,:\u0300-\u036f\u20d0-\u20ff]", word) for word in parts[1::2])
    pairs = _GAP_AND_WORD_RE.findall(text, start, end)
    assert list(zip(parts[0:-1:2], parts[1::2], strict=True)) == pairs
    words = [(match.start(), match.end()) for match in WORD_RE.finditer(text, start, end)]
    starts, ends = _offsets(parts, start)
    assert list(zip(starts, ends, strict=True)) == words


@given(st.text(alphabet="aZ9éΣ'’ʼ-‐‑.,: \n—\u0301", max_size=40))
@example("don't well-known rock’n’roll -x- a--b '' ’a")
@example("Zoe\u0301 ends- don\u02bct")
def test_the_underscoreless_split_is_the_plain_runs_split(text: str) -> None:
    # Without an underscore, the possessive run of word characters is the plain run of letters.
    assert _UNDERSCORELESS_SPLIT_RE.split(text) == _PLAIN_WORD_SPLIT_RE.split(text)


_TAG_TEXTS = st.lists(
    st.sampled_from(["said", "Mr.", "Tom", "Anna", "the", "boss", "quietly", "3rd", "x", "—", ",",
                     "“Go,”", "”", " ", "  ", "\n", "O'Brien", "Mary-Jo", ".", "_", "é", "ly"]),
    max_size=30,
).map(" ".join)


@given(_TAG_TEXTS, st.integers(0, 200))
@example("and then Mr. Tom Anna quietly said", 29)
@example("“Go,” Mary-Jo said", 13)
def test_who_stands_before_a_verb_is_what_the_window_search_finds(text: str, end: int) -> None:
    end = min(end, len(text))
    fast = _who_before(text, end)
    plain = _WHO_BEFORE_RE.search(text, max(0, end - 60), end)
    assert (fast and (fast.span(), fast.group("who"))) == (
        plain and (plain.span(), plain.group("who"))
    )


def _plain_reports_thought(sentence: Sentence) -> bool:
    """:func:`reports_thought` walking every word of the sentence."""
    tokens = sentence.tokens
    for index, token in enumerate(tokens):
        if token.speech or token.lower not in THOUGHT_MARKERS:
            continue
        if (index > 0 and tokens[index - 1].speech) or (index > 1 and tokens[index - 2].speech):
            continue
        ends_clause = index + 1 == len(tokens) or tokens[index + 1].follows_mark
        if index > 0 and _tags_thought(tokens[index - 1]):
            subject = tokens[index - 1]
            if (subject.follows_mark and index > 1) or (index == 1 and ends_clause):
                return True
        if (
            token.follows_mark
            and index + 1 < len(tokens)
            and (_tags_thought(tokens[index + 1]) or tokens[index + 1].lower in DETERMINERS)
        ):
            return True
    return False


_THOUGHT_TEXTS = st.lists(
    st.sampled_from(["She", "thought", "said", "“Go,”", "says", "Tom", "the", "boss", ",", " ",
                     "I", "can't", ".", "wondered", "he", "knew", "than", "Anna", "*", "\n\n"]),
    min_size=1, max_size=30,
).map(" ".join)


@given(_THOUGHT_TEXTS)
@example("I can't , she thought .")
@example("I can't , thought the boss .")
@example("Not now , said the boss .")
def test_a_thought_tag_is_found_as_the_word_by_word_walk_finds_it(text: str) -> None:
    for sentence in read_sentences(text):
        assert reports_thought(sentence) == _plain_reports_thought(sentence)


@given(st.text(alphabet="aZé İΣσς’ʼ‐‑'-.\n", max_size=40))
@example("Don’t ΣΑΣ")
@example("Don’t go")
@example("well‐known")
@example("ΑΣ.Β")
def test_the_tables_keys_are_each_word_normalised(text: str) -> None:
    table = read_text(text).table
    words = [text[start:end] for start, end in zip(table.starts, table.ends, strict=True)]
    assert table.keys == [normalise_word(word) for word in words]


_CLICHE_TEXTS = st.lists(
    st.sampled_from(["Her", "heart", "pounded", "in", "her", "chest", "a", "chill", "ran", "down",
                     "my", "spine", "U.S.", "3.14", "“Go,”", "she", "said", ".", ",", ";", "\n\n",
                     "He", "let", "out", "breath", "he", "didn't", "know", "was", "holding"]),
    min_size=1, max_size=40,
).map(" ".join)


@settings(deadline=None)  # the first example loads the cliché matcher
@given(_CLICHE_TEXTS)
@example("Her heart pounded in her chest. He let out a breath he didn't know he was holding.")
def test_cliches_found_without_a_reading_are_those_the_plain_keys_find(text: str) -> None:
    matcher = _matcher()
    plain = matcher.find(text, None, _offsets(split_words(text, 0, len(text))[0], 0))
    assert matcher.find(text) == plain


@given(_WORD_TEXTS | _THOUGHT_TEXTS)
@example("U.S. troops and 3.14, Zoe\u0301")
def test_the_linters_words_of_a_plain_table_are_those_its_scan_finds(text: str) -> None:
    reading = read_text(text)
    scanned = read_text(text)
    scanned.table = replace(scanned.table, plain=False)
    assert _linter_words(reading) == _linter_words(scanned)


@given(st.lists(st.integers(0, 6), max_size=60), st.integers(1, 5))
@example([0, 1, 2, 0, 1, 2, 3], 3)
@example([5, 5, 5, 5], 3)
def test_the_repeated_runs_read_as_numbers_are_the_rows_sorted(ids: list[int], length: int) -> None:
    array = np.array(ids, dtype=np.int64)
    assert _repeated_starts(array, length) == _repeated_rows(array, length)


def test_runs_too_long_for_a_number_are_sorted_as_rows() -> None:
    # 2**21 keys: three of them in base 2**21 + 1 pass 63 bits, so the rows are sorted.
    array = np.array([2**21, 1, 2, 2**21, 1, 2, 0], dtype=np.int64)
    assert _repeated_starts(array, 3) == _repeated_rows(array, 3) == [0, 3]


_CURLY_TEXTS = st.lists(
    st.sampled_from(["Don’t", "DON’T", "it’s", "ʼTis", "well‐known", "X‑ray", "’", "‘Go,’",
                     "ΣΟΦΙΑΣ", "İstanbul", "O’Brien’s", "the", "U.S.", "3.14", "Zoe\u0301", "_",
                     "’em", "rock’n’roll", " ", "\n\n", ".", "—"]),
    max_size=30,
).map(" ".join)


@given(_CURLY_TEXTS, st.booleans())
@example("Don’t ‘go,’ O’Brien’s X‑ray ’em", True)
@example("ΣΟΦΙΑΣ’s İstanbul‐born", False)
def test_the_tables_keys_are_its_words_normalised_one_by_one(text: str, whole: bool) -> None:
    # Lower-cased at C speed, the few words holding a curly apostrophe or a Unicode hyphen
    # normalised apart: each key is its word normalised (the plain rule).
    half = len(text) // 2
    spans = [Span(0, len(text), text)] if whole else [Span(0, half, text[:half])]
    table = word_table(text, spans)
    words = [text[start:end] for start, end in zip(table.starts, table.ends, strict=True)]
    assert table.keys == [normalise_word(word) for word in words]


@given(st.lists(st.sampled_from(["don't", "rock'n'roll", "it's", "'tis", "said", "Tom", "“Go,”",
                                 "”", "the", "’", ".", "\n\n", "O'Brien's"]), max_size=30)
       .map(" ".join))
@example("rock'n'roll and don't. “It's late,” said Tom.")
def test_the_narrations_contractions_are_its_words_holding_an_apostrophe(text: str) -> None:
    reading = read_text(text)
    sample = _narration_sample(text, attribute_dialogue(text, [], reading), reading.table)
    holding = sum(1 for word in sample.words if "'" in word)  # the plain rule, word by word
    assert sample.habits["contractions"] == round(holding / max(1, len(sample.words)), 4)


def _plain_kept_runs(
    starts_by_n: dict[int, dict[tuple[str, ...], list[int]]], covered: list[int],
    names: frozenset[str],
) -> list[tuple[list[int], int]]:
    """:func:`_kept_runs` word by word (the plain rule)."""
    runs: list[tuple[list[int], int]] = []
    for n in sorted(starts_by_n, reverse=True):
        for gram, starts in starts_by_n[n].items():
            if sum(key not in FUNCTION_WORDS and key not in names for key in gram) < 2:
                continue
            kept: list[int] = []
            for start in starts:
                if kept and start < kept[-1] + n:
                    continue
                if all(covered[i] > n for i in range(start, start + n)):
                    continue
                kept.append(start)
            if len(kept) < 2:
                continue
            for start in kept:
                for i in range(start, start + n):
                    covered[i] = max(covered[i], n)
            runs.append((kept, n))
    return runs


_REPEATING = st.lists(
    st.sampled_from(["the old man", "walked to the sea", "and", "Tom said", "the old", "man",
                     "sea", "Tom", ".", "walked to the sea and back again to the old house"]),
    max_size=40,
).map(" ".join)


@given(_REPEATING, st.sets(st.sampled_from(["tom", "sea", "old"])), st.lists(
    st.integers(0, 9), max_size=3))
@example("the old man walked to the sea. the old man walked to the sea.", {"sea"}, [])
def test_the_runs_kept_are_the_word_by_word_rules(
    text: str, names: set[str], excluded: list[int]
) -> None:
    table = read_text(text).table
    seen: list[tuple[dict[int, dict[tuple[str, ...], list[int]]], list[int]]] = []

    def recording(starts_by_n, covered, names_):  # type: ignore[no-untyped-def]
        seen.append((starts_by_n, covered.copy()))
        return _kept_runs(starts_by_n, covered, names_)

    import shortstory.analysis.repetition as repetition

    original = repetition._kept_runs
    repetition._kept_runs = recording
    try:
        _repeated_phrases(text, table, frozenset(names), frozenset(excluded))
    finally:
        repetition._kept_runs = original
    (starts_by_n, covered), = seen
    fast_covered, plain_covered = covered.copy(), covered.copy()
    assert _kept_runs(starts_by_n, fast_covered, frozenset(names)) == _plain_kept_runs(
        starts_by_n, plain_covered, frozenset(names))
    assert fast_covered == plain_covered


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(1, 9000)), max_size=60))
@example([(3, 1), (3, 2), (0, 5), (40, 9000)])
def test_the_word_lengths_histogram_is_the_counts_summed_one_by_one(
    pairs: list[tuple[int, int]],
) -> None:
    plain: Counter[int] = Counter()
    for value, times in pairs:
        plain[value] += times
    histogram = _histogram((value for value, _ in pairs), [times for _, times in pairs], len(pairs))
    assert histogram == plain
    assert all(type(key) is int and type(count) is int for key, count in histogram.items())
