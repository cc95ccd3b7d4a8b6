"""Telling the idea in the story's words (issue #15): the deed, the fact it reports, never six
of the idea's words in a row; and the slips the blind reading quoted, each at its mechanism."""

from __future__ import annotations

from random import Random

import pytest

from shortstory.pipeline import catalog
from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.planning import plan_story
from shortstory.pipeline.situation import read_idea
from shortstory.writers.procedural.idea_runs import idea_words, longest_run, refuse_runs
from shortstory.writers.procedural.idea_voice import as_narrator
from shortstory.writers.procedural.lexicons import genre_lexicon
from shortstory.writers.procedural.realiser import Realiser
from shortstory.writers.procedural.slots.places import without_at_place
from shortstory.writers.procedural.slots.state import SlotUnavailable
from shortstory.writers.procedural.telling import _object_head, deed, detail, event
from shortstory.writers.procedural.tense_shift import as_perfect, to_tense

BAKER = ("A night-shift baker discovers that the sourdough starter she inherited from her "
         "grandmother rises only when someone in the building is lying.")


def _situation(idea: str) -> tuple[str, str, tuple[str, ...]]:
    situation = read_idea(idea)
    return situation.predicate, situation.item, idea_words(idea)


def test_the_deed_is_short_and_in_the_storys_tense() -> None:
    predicate, item, words = _situation(BAKER)
    assert deed(predicate, item, "she/her", "close_third", "past", words, "3") == \
        "discovered something about the sourdough starter"
    assert deed(predicate, item, "she/her", "first", "present", words, "1") == \
        "discover something about the sourdough starter"


def test_the_fact_is_told_in_the_storys_tense_and_pov_without_pasting() -> None:
    predicate, item, words = _situation(BAKER)
    # "when someone in the building was lying" is seven of the idea's words, inflected: once
    # told with "that building" to pass a word count; a fact that can only be the idea again
    # is not told at all.
    assert detail(predicate, item, "past", words, "she/her", "close_third") is None
    assert detail(predicate, item, "present", words, "she/her", "close_third") is None
    told = detail("realises the letters are from her own mother", "the letters", "past",
                  idea_words("A clerk realises the letters are from her own mother."), "she/her",
                  "first")
    assert told is not None and "my" in told.split() and "her" not in told.split()


def test_the_rest_of_the_idea_is_told_of_its_object() -> None:
    predicate, item, words = _situation("A lighthouse keeper finds the lamp lit every night by "
                                        "someone else.")
    # "finds" reports no fact: what is said of the lamp is told of "it", unless it can only
    # repeat the idea ("it was lit each night by someone else" was its six words, one turned)
    assert detail(predicate, item, "past", words) is None
    predicate, item, words = _situation("A stonemason carves gargoyles that come alive, but "
                                        "only during thunderstorms.")
    assert detail(predicate, item, "past", words) == "they came alive"


def test_runs_of_the_ideas_words_are_broken_or_refused() -> None:
    words = idea_words("Someone in the building is lying only when it rains.")
    # an article turned or an adverb dropped is the same run: the sentence is refused
    assert refuse_runs("someone in the building is lying only when it rains", words) is None
    assert longest_run("someone in that building is lying when it rains", words) > 0
    assert refuse_runs("someone in the building lied", words) is not None
    plain = idea_words("Bakers knead dough while singing loud songs.")
    assert refuse_runs("bakers knead dough while singing loud songs", plain) is None


def test_to_tense_turns_one_verb_per_clause() -> None:
    # "bottles" is a noun here, not "bottled" (the reading's "in corked bottled" slip)
    assert to_tense("they are in corked bottles", "past") == "they were in corked bottles"
    assert to_tense("it rises only when someone is lying", "past") == \
        "it rose only when someone was lying"


def test_a_dropped_at_place_leaves_a_sentence_that_starts_well() -> None:
    assert without_at_place("At {place} the lights {vp:go} out.") == "the lights {vp:go} out."
    assert without_at_place("{P} {v:wait} at {place}, and {v:listen}.") == \
        "{P} {v:wait}, and {v:listen}."
    assert without_at_place("{P} {v:lock} the door of {place}.") == \
        "{P} {v:lock} the door of {place}."


def test_the_twist_names_the_protagonist_not_the_character() -> None:
    body = {"premise": {"idea": BAKER, "character": {"name": "Odile Ferrand",
                                                     "pronouns": "she/her"}},
            "genre": "horror", "structure": "three-act",
            "scaffold": {"pov": "first", "tense": "past"}, "target_words": 600, "seed": 3}
    plan = plan_story(StoryRequest.model_validate(body))
    plan.world.turn = "the character is the one who has been haunting the house"
    realiser = Realiser(plan, catalog.genre("horror"), genre_lexicon("horror"), Random(1))
    assert realiser.fill("{turn_cap}.") == "I was the one who had been haunting the house."
    plan.world.turn = "the thing upstairs has been protecting the character's family"
    assert realiser.fill("{turn}.") == "The thing upstairs had been protecting my family."


def test_a_run_is_broken_without_counting_a_little() -> None:
    words = idea_words("A cartographer notices the pass on her maps moves a little each winter.")
    # Before: "noticed that pass on her maps moves one little each winter". A run that cannot
    # be broken but by miscounting is not told whole (the deed tells it instead).
    told = refuse_runs("noticed the pass on her maps moves a little each winter", words)
    assert told is None or "one little" not in told
    assert refuse_runs("found a key and a little money in the coat", words) is not None


def test_a_past_fact_in_a_present_story_is_told_in_the_perfect() -> None:
    assert as_perfect("discover that the book was written by a living woman") == (
        "discover that the book has been written by a living woman")
    assert as_perfect("an address that burned down") == "an address that has burned down"
    assert as_perfect("the ships were gone") == "the ships have been gone"
    assert as_perfect("she had left") == "she had left"


def test_a_passive_deed_says_what_they_are_asked_to_do() -> None:
    idea = "A glassblower is asked to mend a cracked bell jar that holds a last breath."
    told = deed("is asked to mend a cracked bell jar that holds a last breath", "the bell jar",
                "she/her", "first", "present", idea_words(idea), "1")
    # seven of the idea's words ("is asked to mend a cracked bell jar") are the idea pasted
    assert told is None
    told = deed("is asked to mend a bell jar", "the bell jar", "she/her", "first", "present",
                idea_words("A glassblower is asked to mend a bell jar at night."), "1")
    assert told is None


@pytest.mark.parametrize(("predicate", "told"), [
    # Before: "In front of everyone, I am snowed." (the particle dropped with the place)
    ("are snowed in together at a village bakery the night before a royal wedding",
     "am snowed in"),
    ("is locked in a cellar with a ghost", "am locked in a cellar"),
    ("is accused of a murder she did not commit", "am accused of a murder"),
])
def test_a_passive_deed_keeps_its_particle_or_its_complement(predicate: str, told: str) -> None:
    assert deed(predicate, "", "she/her", "first", "present", (), "1") == told


def test_a_run_is_broken_without_counting_what_nobody_counts() -> None:
    words = idea_words("A lighthouse keeper's daughter trains carrier pigeons to carry messages "
                       "to a quarantined island.")
    # "one quarantined island" or "the quarantined island" would be the idea's run disguised
    assert refuse_runs("they were meant to carry messages to a quarantined island", words) is None
    assert refuse_runs("they were meant to carry messages", words) is not None


def test_a_thing_only_heard_is_held_as_the_page_it_was_written_on() -> None:
    body = {"premise": {"idea": "A radio operator hears a distress call from a ship that sank "
                                "forty years ago.",
                        "character": {"name": "Ines Varga", "pronouns": "she/her"}},
            "genre": "mystery", "structure": "three-act",
            "scaffold": {"pov": "first", "tense": "past"}, "target_words": 600, "seed": 3}
    plan = plan_story(StoryRequest.model_validate(body))
    realiser = Realiser(plan, catalog.genre("mystery"), genre_lexicon("mystery"), Random(1))
    # Scenes pocket and hide the idea's object: never "put the distress call in her pocket".
    assert realiser.fill("{P} {v:hide} {item}.") == "I hid the transcript of the distress call."


def test_a_perfect_slot_puts_its_adverb_after_the_auxiliary() -> None:
    body = {"premise": {"idea": BAKER, "character": {"name": "Odile Ferrand",
                                                     "pronouns": "she/her"}},
            "genre": "horror", "structure": "three-act",
            "scaffold": {"pov": "close_third", "tense": "present"}, "target_words": 600,
            "seed": 3}
    realiser = Realiser(plan_story(StoryRequest.model_validate(body)), catalog.genre("horror"),
                        genre_lexicon("horror"), Random(1))
    assert realiser.fill("Nobody {perf3:ever_ask}.") == "Nobody has ever asked."
    assert realiser.fill("{P} {perf:never_say} it.").endswith("has never said it.")
    assert realiser.fill("{P} {perf:not_need} it.").endswith("has not needed it.")


@pytest.mark.parametrize(("contradiction", "pov", "tense", "told"), [
    ("wants to be noticed, hates attention", "close_third", "past",
     "wanted to be noticed, hated attention."),
    ("reveres life, keeps a tally of the dead", "second", "present",
     "revere life, keep a tally of the dead."),
    ("a showman who dreads being looked at", "close_third", "past",
     "was a showman who dreaded being looked at."),
    ("a temper", "first", "present", "I have a temper."),
    ("fearless in the air, terrified of her own shadow", "first", "past",
     "I was fearless in the air, terrified of my own shadow."),
])
def test_every_clause_of_a_character_note_takes_the_storys_person_and_tense(
        contradiction: str, pov: str, tense: str, told: str) -> None:
    body = {"premise": {"idea": "A lifeguard stops a race.",
                        "character": {"name": "Jodie Marr", "pronouns": "she/her",
                                      "contradiction": contradiction}},
            "genre": "thriller", "structure": "three-act",
            "scaffold": {"pov": pov, "tense": tense}, "target_words": 600, "seed": 1}
    realiser = Realiser(plan_story(StoryRequest.model_validate(body)), catalog.genre("thriller"),
                        genre_lexicon("thriller"), Random(1))
    assert realiser.fill("{P} {contra}.").endswith(told)


TELEGRAPH = ("A telegraph clerk in 1912 receives a message meant for the Titanic's owner and must "
             "decide whether to deliver it.")


def test_a_run_of_the_ideas_words_counts_however_it_is_inflected() -> None:
    # "I received a message meant for the Titanic's owner" is the idea re-inflected, not told.
    words = idea_words(TELEGRAPH)
    assert longest_run("I received a message meant for the Titanic's owner.", words)
    assert not longest_run("I took the slip, and the owner's name was on it.", words)


@pytest.mark.parametrize(("pov", "tense"), [("first", "past"), ("close_third", "present"),
                                            ("second", "past")])
def test_the_idea_is_never_said_again_in_the_narration(pov: str, tense: str) -> None:
    # Before: "it said what I had feared for a year: I received a message meant for that
    # Titanic's owner and decided whether to deliver it" (the predicate pasted as news).
    body = {"premise": {"idea": TELEGRAPH, "character": {"name": "Amos Kerr",
                                                         "pronouns": "he/him"}},
            "genre": "historical", "structure": "three-act",
            "scaffold": {"pov": pov, "tense": tense}, "target_words": 600, "seed": 5}
    realiser = Realiser(plan_story(StoryRequest.model_validate(body)),
                        catalog.genre("historical"), genre_lexicon("historical"), Random(1))
    with pytest.raises(SlotUnavailable):
        realiser.fill("{P} {told}.")
    deed_told = realiser.fill("{P} {deed}.")
    assert len(deed_told.split()) <= 6, deed_told


@pytest.mark.parametrize(("idea", "told"), [
    ("A sorcerer's apprentice accidentally turns the harvest festival into glass.", None),
    ("A wedding caterer accidentally serves the dog's birthday cake to the bride.", None),
    ("A beekeeper must tell his bees that his brother has died.", None),
    ("A swimming coach teaches her own mother to swim at seventy.", None),
    ("An insurance clerk notices that three fires began at the same minute.", None),
    ("A hotel chambermaid finds a key in a guest's shoe.", "it was in a guest's shoe"),
])
def test_a_fact_is_told_only_when_it_reads_as_one(idea: str, told: str | None) -> None:
    # Before: "it was into glass", "it was meant to the bride", "they my brother has died",
    # "it was meant to swim at seventy" (of a mother), "three fired began at that same minute".
    predicate, item, words = _situation(idea)
    assert detail(predicate, item, "past", words, "she/her", "first") == told


@pytest.mark.parametrize("idea", [
    "A woman falls for the man who reads the shipping forecast.",
    "A market trader falls for the inspector who fines her every week.",
    "A widow's gardener plants a rose she said she hated.",
])
def test_no_person_is_told_as_it_nor_a_said_thing_as_a_state(idea: str) -> None:
    # Before: "it read the shipping forecast", "it fined her every week", "it is said I hated".
    predicate, item, words = _situation(idea)
    assert detail(predicate, item, "past", words, "she/her", "first") is None


def test_a_plural_thing_is_not_they_when_they_is_the_narrator() -> None:
    # Before: "I are in the mash tun" (a they/them narrator's "they" turned to "I").
    predicate, item, words = _situation("A night watchman finds footprints in the mash tun.")
    assert detail(predicate, item, "past", words, "they/them", "first") is None
    assert detail(predicate, item, "past", words, "she/her", "first") == (
        "they were in the mash tun")


def test_a_gerund_deed_keeps_its_object_whole() -> None:
    # Before: "kept picking up a distress" (the object cut at four words, the verb among them).
    idea = "A widow keeps finding her husband's notes in the pantry."
    predicate, item, words = _situation(idea)
    assert deed(predicate, item, "she/her", "first", "past", words, "1") == \
        "kept finding my husband's notes"
    idea = "A radio operator keeps picking up a distress call from a ship that sank in 1952."
    predicate, item, words = _situation(idea)
    told = deed(predicate, item, "she/her", "first", "past", words, "1")
    assert told is None or told.endswith("distress call")


def test_a_deeds_object_ends_before_a_clause_of_its_own() -> None:
    # Before: "So she had to deliver a message she, in the end, …" (the object cut at four
    # words took the relative clause's subject).
    idea = "A telegraph clerk must deliver a message she knows will start a strike."
    predicate, item, words = _situation(idea)
    assert deed(predicate, item, "she/her", "close_third", "past", words, "3") == \
        "had to deliver a message"
    idea = "An old soldier keeps the letter he wrote to his son and never sent."
    predicate, item, words = _situation(idea)
    told = deed(predicate, item, "he/him", "first", "present", words, "1")
    assert told is not None and not told.endswith(" he")


def test_the_ideas_subject_told_as_the_narrator_takes_the_narrators_verb() -> None:
    # Before: "it is meant to gut fish the summer I is losing my memory" (first person).
    assert as_narrator("the summer he is losing his memory", "he/him", "first", "present") == \
        "the summer I am losing my memory"
    assert as_narrator("the summer he was losing his memory", "he/him", "second", "past") == \
        "the summer you were losing your memory"
    assert as_narrator("the day she keeps her word", "she/her", "second", "present") == \
        "the day you keep your word"
    assert as_narrator("he is losing it", "he/him", "close_third", "present") == "he is losing it"


def test_her_before_a_verb_is_the_narrators_object_not_a_possessive() -> None:
    # Before: "the man following my was my own brother" (a reader's worst line).
    assert as_narrator("the man following her was her own brother", "she/her", "first",
                       "past") == "the man following me was my own brother"
    assert as_narrator("she finds her keys", "she/her", "second", "past") == \
        "you found your keys"


def test_a_relative_after_a_participle_is_not_told_of_the_participle() -> None:
    # Before: "she noticed a passenger car. The car was climbing that nobody boarded."
    told = event("notices a passenger car climbing that nobody boarded", "she/her",
                 "close_third", "past", (), "3")
    assert told is None or "climbing that" not in told


def test_a_trailing_adverbial_is_not_told_as_a_thing() -> None:
    # Before: "The island was under quarantine, one crossing. The crossing was at a time."
    told = event("smuggles medicine to an island under quarantine, one crossing at a time",
                 "she/her", "close_third", "past", (), "3")
    assert told is None or "crossing" not in told


@pytest.mark.parametrize(("words", "head"), [
    # Before: "By evening, she fell for the deaf chess" (a blind reader's quote): four words
    # were taken and the noun left behind.
    ("for the deaf chess champion she is hired", ["for", "the", "chess", "champion"]),
    ("a small wooden toy boat", ["a", "wooden", "toy", "boat"]),
    ("a message she knows", ["a", "message"]),
])
def test_a_long_object_keeps_its_head_noun(words: str, head: list[str]) -> None:
    assert _object_head(words.split()) == head


def test_a_passive_shut_in_keeps_its_particle_when_its_place_is_left_out() -> None:
    # Before: "Before lunch I am snowed" (a blind reader's quote).
    idea = ("Two feuding brass-band conductors are snowed into the same roadside café on the "
            "night before the national championship.")
    situation = read_idea(idea)
    assert deed(situation.predicate, situation.item, "he/him", "first", "present",
                idea_words(idea), "1") == "am snowed in"
    idea = "A witness is recognised in a motorway service station."
    situation = read_idea(idea)
    assert deed(situation.predicate, situation.item, "he/him", "first", "present",
                idea_words(idea), "1") == "am recognised"


@pytest.mark.parametrize(("idea", "told"), [
    # Before: "Before the frost is a day old, she works." (a witch "works as a cleaner").
    ("A disgraced fencing champion works as a night porter at a seaside hotel.",
     "worked as a night porter"),
    ("A retired spy poses as a tourist on a river cruise.", "posed as a tourist"),
])
def test_what_someone_works_or_poses_as_is_part_of_the_deed(idea: str, told: str) -> None:
    predicate, item, words = _situation(idea)
    assert deed(predicate, item, "he/him", "close_third", "past", words, "3") == told


def test_a_long_object_keeps_its_words_before_a_place() -> None:
    # Before: "Before the frost was a day old, you trapped a inside a bottle." (a blind reader's
    # quote: "traps a small storm inside a bottle" kept the article and the place, not the noun)
    from shortstory.writers.procedural.telling import deed

    told = deed("traps a small storm inside a bottle and must decide whether to sell it",
                "the bottle", "she/her", "second", "past", ("small", "storm"), "Ilse")
    assert told == "trapped a small storm"


def test_a_phrase_named_again_by_its_head_keeps_no_preposition() -> None:
    # Before: "I took the letter about to my nephew Felix" (a blind reader's quote: the second
    # mention of "the letter about the word" kept "about")
    from shortstory.pipeline.world import head_phrase

    assert head_phrase("the letter about the word") == "letter"
    assert head_phrase("a path past the mill") == "path"


def test_an_object_ends_where_its_ing_participle_begins() -> None:
    """Set G: "she keeps counting more passenger going up" (the "one" cut to keep four words)."""
    counted = ["one", "more", "passenger", "going", "up", "than", "coming", "down"]
    assert _object_head(counted) == ["one", "more", "passenger"]
    stolen = ["a", "stolen", "painting", "in", "the", "attic"]
    assert _object_head(stolen) == ["a", "stolen", "painting"]
