"""Repeated sentences, maximal repeated phrases and overused words, each with exact spans."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from shortstory.analysis.repetition import (
    find_overused_words,
    find_repeated_phrases,
    find_repeated_sentences,
    find_repetition,
)
from shortstory.analysis.vocabulary import FUNCTION_WORDS

STORY = (
    "Maren climbed the stairs of the lighthouse. She counted every step aloud. "
    "The lamp was lit again.\n\n"
    "Below, the sea was grey and the gulls were quiet. Maren climbed the stairs of the "
    "lighthouse. The lamp was lit again.\n\n"
    "She said to Maren that she was tired. And then she said to Maren that it was late."
)


def test_a_sentence_written_twice_is_reported_with_both_spans() -> None:
    found = find_repeated_sentences(STORY)
    assert {item.normalised for item in found} == {
        "maren climbed the stairs of the lighthouse",
        "the lamp was lit again",
    }
    for item in found:
        assert item.count == 2
        for span in item.spans:
            assert STORY[span.start : span.end] == span.text


def test_case_and_punctuation_do_not_hide_a_repeated_sentence() -> None:
    text = "The door was open. Later, much later… THE DOOR WAS OPEN!"
    (item,) = find_repeated_sentences(text)
    assert [span.text for span in item.spans] == ["The door was open.", "THE DOOR WAS OPEN!"]


def test_short_sentences_are_not_repetition() -> None:
    assert find_repeated_sentences("No. She left. No. She left.") == []


def test_only_the_maximal_phrase_is_reported() -> None:
    text = (
        "He watched the light on the water for an hour. "
        "Nobody else watched the light on the water for long."
    )
    (phrase,) = find_repeated_phrases(text)
    assert phrase.phrase == "watched the light on the water for"
    assert phrase.words == 7
    assert [text[s.start : s.end] for s in phrase.spans] == [phrase.spans[0].text] * 2
    assert phrase.spans[0].text == "watched the light on the water for"


def test_a_shorter_phrase_that_also_occurs_elsewhere_is_reported_on_its_own() -> None:
    text = (
        "The cold grey sea hissed at the rocks. Again the cold grey sea hissed at the rocks. "
        "By noon the cold grey sea was calm."
    )
    phrases = {item.phrase: item.count for item in find_repeated_phrases(text)}
    assert phrases["the cold grey sea hissed at the rocks"] == 2
    # Its two occurrences inside the longer phrase are subsumed: one left, so not reported.
    assert "the cold grey sea" not in phrases


def test_phrases_never_cross_a_sentence() -> None:
    text = "She ran to the door. Open it now. She ran to the door. Close it now."
    assert find_repeated_phrases(text)[0].phrase == "she ran to the door"
    assert all("now she" not in item.phrase for item in find_repeated_phrases(text))


def test_phrases_need_two_content_words_and_names_are_not_content() -> None:
    text = "And then she told Maren that it was late. And then she told Maren that it was."
    # Content words: "told" and, unless it is a known name, "maren".
    assert find_repeated_phrases(text, characters=["Maren Holt"]) == []
    (phrase,) = find_repeated_phrases(text)
    assert phrase.phrase == "and then she told maren that it was"
    assert find_repeated_phrases("It was in the street. We met in the street.") == []


def test_a_repeated_sentence_is_not_reported_again_as_a_phrase() -> None:
    result = find_repetition(STORY, characters=["Maren"])
    assert len(result.repeated_sentences) == 2
    assert result.repeated_phrases == []


VARIED = (
    "Morning came slowly over the harbour. A fisherman mended his nets beside a blue boat, "
    "whistling something tuneless. Two children chased a dog across the wet cobbles while "
    "their mother argued with the baker about yesterday's bread. Gulls wheeled above the "
    "market. Somewhere a radio played an old song about trains. By noon the fog had lifted "
    "and the hills behind the town showed green and brown, patched with sheep. An old woman "
    "sold apples from a cart. Her hands were cracked from years of cold work. Nobody bought "
    "much, but she stayed until the church bell rang four times. "
)


def test_overused_word_against_its_ordinary_frequency() -> None:
    text = VARIED + "The lantern swung. A lantern burned. His lantern died. Her lantern."
    (word,) = find_overused_words(text)
    assert word.word == "lantern"
    assert word.count == 4
    assert word.ratio > 100
    assert all(text[span.start : span.end].lower() == "lantern" for span in word.spans)


def test_varied_prose_has_no_overused_words() -> None:
    assert find_overused_words(VARIED) == []


def test_a_common_word_at_its_usual_rate_is_not_overused() -> None:
    # "time" (Zipf ≈ 6.2) five times in ~470 words: expected ≈ 0.7, the threshold 5×0.7+2 ≈ 5.7.
    text = (VARIED * 4) + " Time passed. It was time. Time again. Time, time."
    assert all(item.word != "time" for item in find_overused_words(text))


def test_names_are_never_overused_words() -> None:
    text = VARIED + "Maren waited. Maren slept. Maren woke. Maren left."
    assert find_overused_words(text) and find_overused_words(text)[0].word == "maren"
    assert find_overused_words(text, characters=["Maren Holt"]) == []


def test_proper_nouns_mid_sentence_are_not_overused() -> None:
    text = "We sailed to Kerrow. The Kerrow boats were out. They loved Kerrow fish. Kerrow slept."
    assert all(item.word != "kerrow" for item in find_overused_words(text))


def test_function_word_list_is_lower_case_and_straight() -> None:
    assert all(word == word.lower() and "’" not in word for word in FUNCTION_WORDS)


WORDS = st.sampled_from(["sea", "lamp", "the", "grey", "Maren", "stairs", "of", "light", "gull"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(WORDS, min_size=1, max_size=9), min_size=1, max_size=25),
       st.sampled_from([" ", "  ", "\n", " — ", "\u00a0"]))
def test_every_span_slices_the_original_and_results_are_stable(
    sentences: list[list[str]], gap: str
) -> None:
    text = gap.join(" ".join(words).capitalize() + "." for words in sentences)
    first = find_repetition(text, characters=["Maren"])
    assert first == find_repetition(text, characters=["Maren"])
    spans = [s for item in first.repeated_sentences for s in item.spans]
    spans += [s for item in first.repeated_phrases for s in item.spans]
    spans += [s for item in first.overused_words for s in item.spans]
    for span in spans:
        assert text[span.start : span.end] == span.text
    for phrase in first.repeated_phrases:
        assert 3 <= phrase.words <= 8
        assert phrase.count >= 2
        starts = [span.start for span in phrase.spans]
        assert starts == sorted(starts)
        assert all(a.end <= b.start for a, b in zip(phrase.spans, phrase.spans[1:], strict=False))


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aB cé.!?“”\"'’—-\n0,:UİΣ")), max_size=150))
def test_word_table_holds_exactly_the_rule_s_words(text: str) -> None:
    from shortstory.analysis.sentences import split_sentences
    from shortstory.analysis.word_table import word_table
    from shortstory.analysis.words import iter_words

    table = word_table(text, split_sentences(text))
    found = list(iter_words(text))
    assert table.starts == [word.start for word in found]
    assert table.ends == [word.end for word in found]
    assert table.keys == [word.lower for word in found]
    assert sum(table.sentence_lengths) == len(found)


def test_a_phrase_longer_than_eight_words_is_reported_once_whole() -> None:
    text = (
        "Nobody asked about the safety of a child who saw too much that winter. "
        "Later she thought about the safety of a child who saw too much again."
    )
    (phrase,) = find_repeated_phrases(text)
    assert phrase.phrase == "about the safety of a child who saw too much"
    assert phrase.words == 10
    assert [span.text for span in phrase.spans] == [phrase.spans[0].text] * 2
