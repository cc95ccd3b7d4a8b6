"""What the idea's things are (issue #15): a lift is no thing to pocket, a final no thing to lay
on the table. The table of head nouns is read, and beyond it the shape of a word."""

from __future__ import annotations

import pytest

from shortstory.pipeline.idea_nature import is_handled, object_nature
from shortstory.pipeline.situation import read_idea


@pytest.mark.parametrize(("phrase", "nature"), [
    ("the lift", "fixed"), ("the old bridge", "fixed"), ("the door", "fixed"),
    ("the reservoir", "fixed"),
    ("the county cup final", "event"), ("the wedding", "event"), ("the peace summit", "event"),
    ("the distress call", "heard"), ("the radio station", "heard"), ("the song", "heard"),
    ("the secret", "abstract"), ("a debt", "abstract"), ("the truth", "abstract"),
    ("the bees", "living"), ("a runaway dog", "living"), ("the horse", "living"),
    ("the honey", "substance"), ("the last snow", "substance"),
    ("the ledger", "record"), ("a will", "record"),
    ("a loaf", "portable"), ("the loaves", "portable"), ("a brass key", "portable"),
])
def test_listed_head_nouns(phrase: str, nature: str) -> None:
    assert object_nature(phrase) == nature


@pytest.mark.parametrize(("phrase", "nature"), [
    # Held out: none of these words is in the table; each is read by its shape.
    ("the drawbridge", "fixed"), ("a watchtower", "fixed"), ("the floodgates", "fixed"),
    ("the rosewater", "substance"), ("a bloodhound", "living"), ("a starling", "living"),
    ("a songbird", "living"), ("his stubbornness", "abstract"), ("the forgiveness", "abstract"),
    ("her bitterness", "abstract"), ("the brotherhood", "abstract"), ("the lovesong", "heard"),
    ("a snuffbox", "portable"), ("the beerfest", "event"), ("a gosling", "living"),
    ("the logbook", "record"),
])
def test_unlisted_words_are_read_by_their_shape(phrase: str, nature: str) -> None:
    assert object_nature(phrase) == nature


def test_a_phrase_is_read_by_its_head_not_its_tail() -> None:
    assert object_nature("the key to the lift") == "portable"
    assert object_nature("a lift maintenance log with a missing year") == "record"
    # The reader's overrun ("hears the song coming…") is no part of the thing.
    assert object_nature("the song coming") == "heard"


def test_a_thing_the_place_is_built_around_is_fixed() -> None:
    lighthouse = read_idea("A lighthouse keeper finds the lamp lit every night by someone else.")
    attic = read_idea("A girl finds an old lamp in her grandmother's attic.")
    assert not is_handled(lighthouse.item, lighthouse.corners)
    assert is_handled(attic.item, attic.corners)


@pytest.mark.parametrize(("thing", "nature"), [
    # Set G's readers: "a row of books laid across the hillside", a film's scene crouched
    # beside and turned over under a glass, an AI trained like a dog.
    ("the hillside", "fixed"), ("the ski lift", "fixed"), ("the same scene", "abstract"),
    ("the new AI", "abstract"),
])
def test_what_no_one_can_pick_up(thing: str, nature: str) -> None:
    assert object_nature(thing) == nature
