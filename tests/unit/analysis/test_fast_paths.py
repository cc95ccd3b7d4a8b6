"""Each fast path of the analysis gives what the plain rule it replaces gives."""

from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate

from hypothesis import given
from hypothesis import strategies as st

from shortstory.analysis.cliches.matcher import _haystack, _KeyIndex

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
