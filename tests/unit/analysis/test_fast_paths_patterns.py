"""Each regular expression written for the engine's speed matches what the plain rule matches."""

from __future__ import annotations

import re
from operator import contains

from hypothesis import example, given
from hypothesis import strategies as st

from shortstory.analysis.pov.clauses import text_keys_where
from shortstory.analysis.sentences import _STOP_RE
from shortstory.analysis.speakers.names import mention_pattern

_PLAIN_STOP_RE = re.compile(r"(?:[.!?…]+|[—–]+(?=[\"'”’»]))[\"'”’»)\]]*(?=\s)")


@given(st.text(alphabet=".!?…—–\"'”’»)]x \n", max_size=40), st.integers(0, 40), st.integers(0, 40))
@example("a... b.. c?! “d”—” e—x. f!”) g… ”", 0, 40)
def test_the_stops_within_bounds_are_what_the_plain_stop_pattern_finds(
    text: str, start: int, length: int
) -> None:
    end = min(len(text), start + length)
    assert [m.span() for m in _STOP_RE.finditer(text, start, end)] == [
        m.span() for m in _PLAIN_STOP_RE.finditer(text, start, end)
    ]


_KEYS = st.lists(
    st.sampled_from(["miss", "miss brill", "m", "mallard", "ma", "jim", "jimmy", "j. r.",
                     "the boss", "the", "dr. ames", "o'brien", "anne-marie", "ann", "-x", "", " "]),
    unique=True, min_size=1, max_size=8,
)
_TEXTS = st.lists(
    st.sampled_from(["miss", "brill", "mallard", "ma", "m", "jim", "jimmy", "j.", "r.", "the",
                     "boss", "dr.", "ames", "o'brien", "anne-marie", "ann", "-x", "'", "’", "-",
                     " ", "\n", "  \n ", ",", "x", "1", "dismiss"]),
    max_size=30,
).map("".join)


def _plain(keys: list[str]) -> re.Pattern[str]:
    """One alternative a key, in the order given, behind one look-behind."""
    alternatives = (r"\s+".join(map(re.escape, key.split())) for key in keys)
    return re.compile(r"(?<![\w'’\-])(?:" + "|".join(alternatives) + r")(?![\w\-])")


@given(_KEYS, _TEXTS)
@example(["m", "miss brill", "miss", "mallard"], "miss brill, mallard m miss")
@example(["ma", "jim", "mallard", ""], "mallard jim ma")
def test_names_grouped_by_first_letter_match_as_the_keys_in_the_order_given(
    keys: list[str], text: str
) -> None:
    assert [m.span() for m in mention_pattern(keys).finditer(text)] == [
        m.span() for m in _plain(keys).finditer(text)
    ]


@given(st.frozensets(st.sampled_from(["she's", "ferryman", "men", "man's", "o'", "omen", "x",
                                      "boatmen", "'s", "", "amen", "it's", "cats"])))
def test_the_keys_kept_by_a_c_function_are_those_the_plain_test_keeps(keys: frozenset[str]) -> None:
    assert text_keys_where([], contains, "'", keys) == {key for key in keys if "'" in key}
    endings = ("'s", "man", "men")
    assert text_keys_where([], str.endswith, endings, keys) == {
        key for key in keys if key.endswith(endings)
    }
