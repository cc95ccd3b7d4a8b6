"""The story's memory of what it told: its fast reading of a sentence's echo is the rule's."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from shortstory.writers.repeats import ECHO_MIN_WORDS, ECHO_SHARE, StoryMemory, drop_repeats

WORDS = st.frozensets(st.sampled_from([f"w{n}" for n in range(14)]), max_size=10)


@settings(max_examples=400, deadline=None)
@given(st.lists(WORDS, max_size=12), WORDS)
def test_an_echo_is_a_told_sentence_holding_most_of_the_words(told: list[frozenset[str]],
                                                              words: frozenset[str]) -> None:
    memory = StoryMemory()
    for sentence in told:
        memory.add_sentence((), sentence)
    by_the_rule = len(words) >= ECHO_MIN_WORDS and any(
        len(words & sentence) >= ECHO_SHARE * len(words) for sentence in told)
    assert memory.echoes(words) == by_the_rule


def test_a_passage_remembered_after_its_check_is_remembered_whole() -> None:
    # The check reads the passage's sentences once; the memory keeping it reads the same, and
    # its runs of words across sentences too.
    passage = ("The ferry left at noon. Maren counted the crates twice on the quay. "
               "Gulls argued over the nets.")
    memory = StoryMemory()
    assert drop_repeats(passage, [], story=memory) == (passage, 0)
    memory.add(passage)
    assert drop_repeats("Maren counted the crates twice.", [], story=memory) == ("", 1)
    assert drop_repeats("On the quay gulls argued over.", [], story=memory) == ("", 1)


def test_a_passage_shorter_than_a_run_is_remembered_as_one() -> None:
    memory = StoryMemory(["Yes. No."])
    assert drop_repeats("Yes no.", [], story=memory) == ("", 1)
