"""Who the idea is about and whom else it names, read as a reader would: the protagonist past an
adverb, a participle or "off the coast"; a person's word the lexicon does not know; one person
named twice, or named with whose they are; a kind someone works or passes as, which is nobody.
"""

from __future__ import annotations

import pytest

from shortstory.pipeline.situation import read_idea


@pytest.mark.parametrize(("idea", "role", "verb"), [
    # Before: no protagonist at all ("I counted the weeks since anything had surprised me at
    # Dublin", a story of a trophy and a goat): "in Dublin accidentally captures" read the verb
    # as a noun of the phrase.
    ("A hotel porter in Lisbon secretly reads the guests' postcards.", "hotel porter", "reads"),
    # Before: "deep-sea diver off coast" was no person.
    ("A lobster fisherman off the coast of Maine hauls up a locked trunk.", "lobster fisherman",
     "hauls"),
    # Before: "Roman legionary stationed" was no person.
    ("A Papal emissary stationed in Avignon receives a letter from the king.", "Papal emissary",
     "receives"),
])
def test_the_protagonist_is_read_past_an_adverb_a_participle_or_off(
        idea: str, role: str, verb: str) -> None:
    situation = read_idea(idea)
    assert situation.role == role
    assert situation.predicate.split()[0] == verb


@pytest.mark.parametrize(("idea", "role"), [
    ("A Viking skald recites his poems for a dying jarl.", "Viking skald"),
    ("A druid hides her daughter from the legions.", "druid"),
])
def test_a_subject_the_predicate_calls_his_or_her_own_is_someone(idea: str, role: str) -> None:
    # Words the person lexicon does not know: "recites his poems" says the skald is someone.
    assert read_idea(idea).role == role


@pytest.mark.parametrize(("idea", "person"), [
    # Before: the fiancée was the story's object ("who had moved the fiancée").
    ("A chauffeur in Monaco drives the duke's Swiss fiancée to a secret appointment.",
     "the duke's fiancée"),
    # Before: the warlord was nobody (a word the lexicon does not know).
    ("A reporter in Kabul interviews a warlord about a missing convoy.", "warlord"),
    ("A shy waiter falls for a famous guru at a silent retreat.", "guru"),
    # Before: "captain"; the kind of captain is who she is.
    ("A radio ham on a Shetland croft tries to reach a trawler captain lost in fog.",
     "trawler captain"),
    ("A bank clerk in Leeds testifies against the pawnshop owner who threatened her.",
     "pawnshop owner"),
    # Before: "his son Tariq" in the clown's story: the son of a bull rider is the rider's.
    ("A widowed nurse takes in the daughter of a lorry driver killed on the motorway.",
     "the lorry driver's daughter"),
])
def test_the_ideas_people_are_read_whole(idea: str, person: str) -> None:
    situation = read_idea(idea)
    assert person in situation.people, situation.people
    assert person.split()[-1] not in situation.item


@pytest.mark.parametrize(("idea", "never"), [
    # What someone works or passes as is a kind, nobody on stage.
    ("A ruined opera singer works as a cleaner in a Milan theatre.", "cleaner"),
    ("A farm girl disguises herself as a soldier to find her brother.", "soldier"),
    # One person, named twice.
    ("A nurse in Belfast treats a gunman who was once her childhood sweetheart.", "sweetheart"),
    # A person's word before an occasion or a place names the occasion, the place.
    ("A florist decorates a family wedding on a barge.", "family"),
    ("A teacher volunteers at a refugee camp on Lesbos.", "refugee"),
    # The protagonist's own kind, capitalised ("Martian colonist"), is no one else.
    ("A Martian engineer hides a stowaway from the company.", "martian"),
    # A number is nobody ("a clock that strikes thirteen").
    ("A bell ringer hears the church bell toll fifteen at midnight.", "fifteen"),
])
def test_no_person_is_read_from_a_kind_a_repetition_or_a_modifier(idea: str, never: str) -> None:
    people = read_idea(idea).people
    assert not any(never in person.split() for person in people), people


def test_one_who_turns_out_to_be_another_stays_for_the_turn() -> None:
    situation = read_idea("A border guard arrests a smuggler who turns out to be his own son.")
    assert situation.people[:2] == ["smuggler", "son"]
