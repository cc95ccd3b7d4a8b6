"""The idea's object is a thing: never the describing word of a name ("northern Canada"), a verb
done to someone ("is accused of"), or a state nobody could put on a table ("the respect")."""

from __future__ import annotations

import pytest

from shortstory.pipeline.situation import read_idea


@pytest.mark.parametrize(("idea", "never"), [
    # Before: "the northern lay between you on the table".
    ("A mail pilot in northern Alaska picks up a boy who says he is from the future.",
     "northern"),
    # Before: "the readings on the accused come in at the end of the shift".
    ("A Venusian courier is accused of murder and has two days to run.", "accused"),
    # Before: "I went to bed with the respect on my mind".
    ("An old boxer trains every dawn to earn back the respect of his daughter.", "respect"),
    ("A robot nanny keeps three orphans in its care through a war.", "care"),
])
def test_no_describing_word_passive_verb_or_state_is_the_object(idea: str, never: str) -> None:
    assert never not in read_idea(idea).item.split()


@pytest.mark.parametrize(("idea", "not_a_thing"), [
    # Set G's readers: "the comes underlined twice", "of the film, and of the little", "you
    # saw the behind".
    ("A hospital porter walks a dog every morning until the owner comes home.", "comes"),
    ("A projectionist notices that a scene in an old film changes a little every night.",
     "little"),
    ("A cleaner finds a child's map tucked behind a hand dryer.", "behind"),
])
def test_a_word_that_is_no_thing_where_it_stands_is_no_idea_noun(idea: str,
                                                                 not_a_thing: str) -> None:
    from shortstory.pipeline.idea_words import idea_nouns

    nouns = idea_nouns(idea)
    assert not_a_thing not in nouns
    assert len(nouns) >= 3  # the things are still there
