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
