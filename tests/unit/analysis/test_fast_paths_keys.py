"""The cliché matcher's keys made lazily give what the plain rule's lists give."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from shortstory.analysis.cliches.detector import _matcher
from shortstory.analysis.cliches.matcher import _haystack
from shortstory.analysis.key_columns import keys_without, surface_columns, surface_haystack
from shortstory.analysis.lemmas import BREAK
from shortstory.analysis.reading import read_text


def _plain_surface(keys: list[str], breaks: list[int]) -> tuple[list[str], list[int]]:
    """A break key (owned by the word after it) before each word of ``breaks``, word by word."""
    out: list[str] = []
    owners: list[int] = []
    for index, key in enumerate(keys):
        if index in breaks:
            out.append(BREAK)
            owners.append(index)
        out.append(key)
        owners.append(index)
    return out, owners


@given(st.lists(st.sampled_from(["heart", "a", "|", "she's", "x y", ""]), max_size=12).flatmap(
    lambda keys: st.tuples(
        st.just(keys), st.sets(st.integers(1, max(1, len(keys) - 1))).map(sorted)
    )
))
@example((["young", "and", "foolish"], [1, 2]))
def test_the_surface_keys_and_their_joining_are_the_word_by_word_lists(
    keys_and_breaks: tuple[list[str], list[int]],
) -> None:
    keys, breaks = keys_and_breaks
    breaks = [index for index in breaks if index < len(keys)]
    plain = _plain_surface(keys, breaks)
    assert surface_columns(keys, breaks) == plain
    assert surface_haystack(keys, breaks) == _haystack(plain[0])


_PIECES = st.sampled_from(
    ["You can run but you can't hide", "young and foolish", "a viable alternative", "Young",
     "and", "foolish", "her heart skipped a beat", "suddenly", ".", ";", ",", "“", "”", "\n\n",
     "U.S.", "vested interest", "was", "pounding", "She", "the", "years young"]
)


@settings(deadline=None)  # the first example builds the matcher
@given(st.lists(_PIECES, min_size=1, max_size=25).map(" ".join))
@example("He said: you can run but you can't hide. Young and foolish; a viable alternative.")
def test_the_hits_read_off_a_reading_are_the_plain_rules(text: str) -> None:
    table = read_text(text).table
    fast = _matcher().find(text, table=table)
    plain = _matcher().find(text, offsets=(table.starts, table.ends))
    assert fast == plain


@given(st.lists(st.sampled_from(["slowly", "heart", "|", "quietly", "a", "<p>"]), max_size=20),
       st.sets(st.sampled_from(["slowly", "quietly", "a", "absent"])))
def test_the_keys_without_some_are_the_keys_kept_one_by_one(
    keys: list[str], dropped: set[str]
) -> None:
    owners = list(range(100, 100 + len(keys)))
    kept = [index for index, key in enumerate(keys) if key not in dropped]
    assert keys_without(keys, owners, dropped) == (
        [keys[index] for index in kept], [owners[index] for index in kept]
    )
