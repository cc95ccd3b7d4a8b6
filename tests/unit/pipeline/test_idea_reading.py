"""Chunking the idea into its parts: a noun phrase stops at a preposition, a subordinator or a
verb; an event is no object; a time phrase is neither place nor object; a compound noun's first
word ("distress call") is no person.

Each idea here is one a blind reader quoted: the reader's chunk came back in the story as a noun
("the runaway teenager during", "hand the curfew to Dana", "the maps change").
"""

from __future__ import annotations

import pytest

from shortstory.pipeline.situation import Situation, read_idea
from shortstory.pipeline.world import idea_nouns


def _parts(situation: Situation) -> list[str]:
    return [situation.role, situation.place, situation.item, situation.event,
            *situation.people]


def test_a_preposition_ends_the_noun_phrase_and_a_time_phrase_is_no_place() -> None:
    situation = read_idea("A widowed sheep farmer takes in a runaway teenager during lambing "
                          "season.")
    assert situation.place in {"the farm", ""}
    assert "teenager" in " ".join(situation.people)
    assert not any("during" in part or "season" in part for part in _parts(situation))


def test_an_event_is_an_event_never_an_object() -> None:
    situation = read_idea("A substitute teacher accidentally enrols in the school talent show "
                          "and has to perform.")
    assert situation.role == "substitute teacher"
    assert "talent show" in situation.event
    assert "show" not in situation.item and "show" not in situation.place


def test_a_condition_is_no_object_when_the_idea_names_a_thing() -> None:
    situation = read_idea("A courier must cross a city under curfew with a package she has been "
                          "told never to open.")
    assert (situation.role, situation.place, situation.item) == (
        "courier", "the city", "the package")
    assert not any("curfew" in part for part in _parts(situation))


def test_a_verb_after_a_plural_noun_ends_the_phrase() -> None:
    situation = read_idea("A cartographer's apprentice discovers her master's maps change the "
                          "land they depict.")
    assert situation.item == "the maps"
    assert not any("change" in part for part in _parts(situation))


def test_a_compound_nouns_first_word_is_no_role_and_a_time_is_no_object() -> None:
    situation = read_idea("In 1912, a ship's wireless operator receives a distress call from a "
                          "vessel that sank ten years earlier.")
    assert situation.item in {"the distress call", "the call"}
    assert situation.place == "the ship"
    assert not any(part in {"distress", "the distress"} for part in _parts(situation))
    assert not any("1912" in part or "years" in part or "earlier" in part
                   for part in _parts(situation))


def test_a_mass_noun_in_ics_is_no_plural_subject() -> None:
    situation = read_idea("On a generation ship, the hydroponics tech finds a seed that is not in "
                          "the manifest and grows overnight.")
    assert situation.role == "hydroponics tech"
    assert (situation.place, situation.item) == ("the ship", "the seed")
    assert situation.predicate.startswith("finds a seed")


@pytest.mark.parametrize(
    ("idea", "expected", "never"),
    [
        # a passive, an event with a possessive
        ("A retired boxer is asked to referee his grandson's wedding.",
         {"role": "retired boxer", "event": "the grandson's wedding", "item": ""}, ("wedding",)),
        # "must", an event with its modifier and its "of" phrase
        ("A chess prodigy must lose the final match of the tournament to save her brother.",
         {"role": "chess prodigy", "event": "the final match", "item": ""}, ("match",)),
        # a relative clause in the subject, an event inside it
        ("A beekeeper whose hives were stolen during the harvest festival tracks the thief to a "
         "monastery.",
         {"role": "beekeeper", "place": "the monastery", "event": "the harvest festival",
          "item": ""}, ("festival", "during")),
        # a place phrase followed by the main verb
        ("A lifeguard at an abandoned lido keeps a logbook of swimmers nobody else can see.",
         {"role": "lifeguard", "place": "the lido", "item": "the logbook"},
         ("keeps",)),
        # a compound subject, a prepositional phrase of place
        ("After the flood, a ferryman and his daughter carry letters across the drowned valley.",
         {"place": "the valley", "item": "the letters"}, ("flood",)),
        # a leading time clause that names an event
        ("During the election, a village postmistress steams open a letter meant for the mayor.",
         {"role": "village postmistress", "item": "the letter", "event": "the election"},
         ("during",)),
        # an event that is also the place (the table's summit is a conference), people as the
        # object
        ("A translator at a peace summit realises the delegates are lying in a language she "
         "invented.",
         {"role": "translator", "place": "the summit", "event": "the peace summit", "item": ""},
         ("she",)),
        # a passive with "to", a place word in a compound
        ("A clockmaker is hired to repair a tower clock that strikes thirteen every Sunday.",
         {"role": "clockmaker", "item": "the clock"}, ("sunday", "thirteen")),
        # a condition noun after "under" in the subject's own phrase
        ("A smuggler rows a crate of oranges into a port under quarantine.",
         {"role": "smuggler", "item": "the crate"}, ("quarantine",)),
        # a place's possessive is no part of the role ("a cruise ship magician")
        ("A cruise ship's magician disappears mid-trick, and the audience swear they saw him go.",
         {"role": "magician", "place": "the cruise ship"}, ("ship's",)),
        # a game and an abstract noun are neither things nor people
        ("A refugee teenager in a camp in Jordan teaches younger children chess with bottle caps.",
         {"role": "refugee teenager", "place": "the camp"}, ("chess",)),
        ("A detective with face blindness must identify a killer from a police line-up.",
         {"role": "detective", "item": ""}, ("blindness",)),
        # a time phrase in the middle of the predicate
        ("An old fisherman finds a message in a bottle during the winter storms.",
         {"role": "old fisherman", "item": "the message"}, ("during", "winter")),
    ],
)
def test_more_ideas_chunk_into_the_parts_a_reader_would_name(
        idea: str, expected: dict[str, str], never: tuple[str, ...]) -> None:
    situation = read_idea(idea)
    assert {key: getattr(situation, key) for key in expected} == expected
    # the words that must not be carried as a thing, a place or a person
    for part in [situation.item, situation.place, *situation.people]:
        assert not any(word in part.lower().split() for word in never), (part, never)


def test_two_people_joined_by_and_take_a_plural_verb_and_the_first_is_the_protagonist() -> None:
    situation = read_idea("A retired clockmaker and his grown son restore a tower clock that "
                          "stopped the night his wife died.")
    assert situation.role == "retired clockmaker"
    assert "son" in situation.people
    assert situation.predicate.startswith("restore")
    assert situation.item.endswith("clock")
    situation = read_idea("A baker and a thief share a flat above the shop.")
    assert (situation.role, situation.people) == ("baker", ["thief"])


def test_the_last_part_of_a_hyphened_word_can_be_the_place() -> None:
    assert read_idea("A late-ferry steward counts one passenger too many.").place == "the ferry"


def test_what_nobody_can_pick_up_is_no_prop() -> None:
    for idea in ("A harbour pilot guides a tanker through the strait in thick fog.",
                 "A pool attendant notices the water has turned warm overnight.",
                 "A night porter keeps hearing music from the empty ballroom.",
                 "A stranger starts racing a retired swimmer across the bay every morning."):
        item = read_idea(idea).item
        assert not {"strait", "fog", "water", "music", "bay", "starts"} & set(item.split()), (
            idea, item)


def test_a_modifier_of_the_role_can_be_the_prop_but_its_head_cannot() -> None:
    assert read_idea("A violin teacher finds a violin nobody has played in forty years.").item \
        == "the violin"
    assert read_idea("A lighthouse keeper finds a bottle on the rocks.").item == "the bottle"


def test_a_diver_is_a_person() -> None:
    assert read_idea("A cave diver finds a rope that was not there yesterday.").role == \
        "cave diver"


@pytest.mark.parametrize(("idea", "role", "verb"), [
    ("When the mill closes for good, a weaver sells her loom to a stranger.", "weaver", "sells"),
    ("While the village sleeps, a baker bakes bread for the dead.", "baker", "bakes"),
    ("The old man upstairs plays the same record every night.", "old man", "plays"),
    ("Ward porters on the late shift run a lottery on the vending machine.", "ward porter",
     "run"),
    ("A boy and his grandmother dig up the garden looking for a will.", "boy", "dig"),
    ("Her brother comes home from sea with a parrot that speaks Portuguese.", "brother",
     "comes"),
])
def test_the_protagonist_and_their_deed_are_found_past_clauses_and_companions(
        idea: str, role: str, verb: str) -> None:
    situation = read_idea(idea)
    assert situation.role == role
    assert situation.predicate.split()[0] == verb


def test_a_time_word_and_a_building_are_no_prop_or_person() -> None:
    situation = read_idea("A novice is sent to a mountain convent and the bell rings tonight.")
    assert "convent" not in situation.people
    assert "tonight" not in situation.item


@pytest.mark.parametrize(("idea", "role"), [
    ("A lighthouse keeper's daughter trains carrier pigeons to carry messages to a quarantined "
     "island.", "lighthouse keeper's daughter"),
    ("A cartographer's apprentice discovers that her master's maps change overnight.",
     "cartographer's apprentice"),
    ("A blacksmith's son forges a sword for the king.", "blacksmith's son"),
])
def test_a_possessive_role_keeps_its_possessive(idea: str, role: str) -> None:
    assert read_idea(idea).role == role


def test_a_person_word_naming_a_kind_of_thing_is_no_person() -> None:
    situation = read_idea("A lighthouse keeper's daughter trains carrier pigeons to carry "
                          "messages to a quarantined island.")
    assert "carrier" not in situation.people
    assert situation.item == "the pigeons"


def test_a_time_of_day_is_no_object() -> None:
    situation = read_idea("A florist must deliver flowers to the groom's brother before noon.")
    assert "noon" not in situation.item


def test_a_plural_possessive_leads_to_its_thing() -> None:
    situation = read_idea("A hotel night porter finds guests' shoes outside rooms that have been "
                          "empty for a year.")
    # Before: "the rooms", and scenes had the porter lock the rooms in a drawer.
    assert "shoes" in situation.item


def test_a_verb_with_its_particle_ends_the_noun_phrase() -> None:
    situation = read_idea("A wedding caterer must feed two hundred guests after the marquee "
                          "blows away.")
    # Before: "the marquee blows", a thing the caterer kept in a drawer.
    assert "blows" not in situation.item


def test_a_bare_plural_after_in_is_no_place() -> None:
    situation = read_idea("A ferryman is paid in coins that have not been minted yet.")
    # Before: "the coins" was the story's place ("at the coins").
    assert "coins" not in situation.place


def test_a_reflexive_pronoun_is_no_idea_noun() -> None:
    nouns = idea_nouns("A cartographer's apprentice discovers that her master's maps redraw "
                       "themselves at night.")
    # Before: "you think of the redraw, and of the themselves".
    assert "themselves" not in nouns
