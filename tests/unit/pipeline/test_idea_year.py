"""The story's year read from its idea (issue 15: "a switchboard log" in 1790, "hand gel" in
1862): years, decades, centuries and eras that say when the story happens, and the numbers and
dated things that do not."""

from __future__ import annotations

import pytest

from shortstory.pipeline.idea_year import idea_year, story_year


@pytest.mark.parametrize(("idea", "year"), [
    ("A switchboard operator in 1790 hears a voice on a dead line.", 1790),
    ("In 1862 a nurse at a field hospital hides a deserter.", 1862),
    ("The winter of 1862 buries a village, and a schoolmistress rations the coal.", 1862),
    ("Paris, 1790: a printer hides pamphlets under the floor.", 1790),
    ("1862. A nurse writes to a soldier's mother.", 1862),
    ("In June 1944 a nurse waits for a ship that does not come.", 1944),
    ("A detective in the 1920s hunts a jewel thief.", 1924),
    ("In the late 1890s, a lady typist is sent to a remote mill.", 1898),
    ("In the early 1920s a widow opens a tea room.", 1921),
    ("In the nineteen-twenties a singer leaves her husband.", 1924),
    ("A woman in 1920s Berlin sings in a cellar bar.", 1924),
    ("The 1920s. A flapper dances on a table.", 1924),
    ("In the eighteenth century, a cartographer maps a coast.", 1749),
    ("In the late 18th century a wigmaker loses his shop.", 1780),
    ("An 18th-century clockmaker builds a singing bird.", 1749),
    ("A Victorian governess hides a letter from her employer.", 1869),
    ("A maid in Victorian times hides a letter.", 1869),
    ("A lady in the Victorian era paints the sea.", 1869),
    ("A Regency debutante refuses a proposal.", 1815),
    ("A monk in medieval France copies a forbidden book.", 1250),
    ("In Renaissance Florence a painter loses a commission.", 1500),
    ("A fire warden during the Blitz finds a dog in the rubble.", 1940),
    ("On the last night of the Blitz a warden finds a dog.", 1940),
    ("A Blitz fire warden finds a cat.", 1940),
    ("A soldier in the Great War writes home every day.", 1916),
    ("During World War II a radio operator hears a call.", 1942),
    ("A farmer during the Depression sells his land.", 1934),
    ("A prospector in the Gold Rush finds a nugget.", 1851),
    ("In the 1800s a whaler loses his ship.", 1849),
    ("In the early 1900s a suffragette hides a bomb.", 1919),
    ("In the Twenties a singer leaves her husband.", 1924),
    ("Rome, 44 BC: a senator's slave overhears a plot.", -44),
    ("In AD 793 a monk sees longships off the coast.", 793),
    ("A Roman centurion guards a well.", 175),
    ("An Anglo-Saxon thane buries his sword.", 758),
    ("In ancient Rome a baker bakes a coin into a loaf.", -200),
    ("A clerk in an office in 1850 copies a will he should not read.", 1850),
])
def test_a_time_the_story_happens_in_is_its_year(idea: str, year: int) -> None:
    assert idea_year(idea) == year


@pytest.mark.parametrize("idea", [
    "A lighthouse keeper finds the lamp lit every night by someone else.",
    "A clerk in room 1790 counts coins nobody has counted.",
    "A debt of £1790 ruins a baker.",
    "A courier rides 1,790 miles with a sealed box.",
    "In 1790 pages, a scribe hides a code.",
    "1790 lanterns light a harbour for a wedding.",
    "A 1990s song haunts a wedding DJ.",
    "A woman inherits a Victorian house and finds a diary in the wall.",
    "An 18th-century clock stops in a museum.",
    "A Tudor manor burns on the night of a party.",
    "A woman dressed in 1920s clothes gatecrashes a party.",
    "A Victorian ghost haunts a studio flat.",
    "A Renaissance man opens a cafe.",
    "A man fights his depression by walking.",
    "Twelve hours before a Cabinet vote, a clerk finds a memo.",
    "An elderly woman on a train is sure the man opposite is the spy who betrayed her in 1973.",
    "The call centre's night shift gets calls from numbers that were disconnected in 1987.",
    "A rental car's satnav keeps routing a family to a town that was flooded in 1954.",
    "A historian reads letters written in 1862.",
    "A woman born in 1790 wakes in a hospital.",
    "A woman in her twenties moves to London.",
    "In the twenties, temperatures fall and a greenhouse fails.",
    "A Roman Catholic priest hears a confession he cannot keep.",
    "An ancient woman feeds the crows every morning.",
])
def test_a_number_or_a_dated_thing_is_no_year(idea: str) -> None:
    assert idea_year(idea) is None


def test_the_latest_time_named_is_the_storys() -> None:
    # A story that reaches the later time may hold its things; one dated thing moves nothing.
    assert idea_year("In 2024 a woman reads letters written in 1862.") == 2024
    assert idea_year("In 1995 a DJ plays a 1920s record.") == 1995
    assert idea_year("A Victorian governess is still alive in 1911.") == 1911


def test_the_theme_dates_a_story_only_when_the_idea_does_not() -> None:
    assert story_year("A nurse hides a deserter.", "loyalty in the Great War") == 1916
    assert story_year("In 1862 a nurse hides a deserter.", "loyalty in the Great War") == 1862
    assert story_year("A nurse hides a deserter.", "loyalty") is None
