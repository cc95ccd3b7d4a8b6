"""The linter's sentences, made column by column, are what the plain rules make of each one."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from shortstory.analysis.pov.clauses import read_sentences

_TEXTS = st.lists(
    st.sampled_from(["She left", "Why", "Go", "?", "!", ".", "?!", "”", "’", ")", "]", "»", "\"",
                     "'", " ", "\n\n", "“Stop", "Now", "…", "—"]),
    min_size=1, max_size=30,
).map("".join)


@given(_TEXTS)
@example("Why? She left!” Go.) “Stop?” Now?!’ ”")
def test_a_sentence_asks_or_exclaims_as_its_text_ends_past_its_closers(text: str) -> None:
    for sentence in read_sentences(text):
        ending = sentence.span.text.rstrip("\"'”’»)] ")
        assert sentence.question == ending.endswith("?")
        assert sentence.exclamation == ending.endswith("!")
