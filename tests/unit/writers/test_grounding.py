"""The engine's own reading of the idea's place phrases and people, and the line that tells them."""

from __future__ import annotations

from shortstory.analysis.words import count_words
from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.planning import plan_story
from shortstory.writers.procedural import ProceduralWriter
from shortstory.writers.procedural.grounding import idea_places, idea_things, told_forms


def test_place_phrases_are_read_whole_and_never_a_verb_or_a_time() -> None:
    assert idea_places("Every hundred years the monastery on the cliff must choose.") == (
        "the cliff",)
    assert idea_places("An old woman in the flat upstairs has been running her bath.") == (
        "the flat upstairs",)
    assert idea_places("A witness is recognised in a motorway service station.") == (
        "the motorway service station",)
    assert idea_places("A morgue keeper in Paris displays the drowned.") == ("Paris",)
    assert idea_places("A midwife delivers a baby to a landlord's wife.") == (
        "the landlord's wife",)
    assert idea_places("A frost fair on the Thames hosts a printing press.") == ("the Thames",)
    assert idea_places("A mechanic finds a cut line on the eve of the race.") == ()
    assert idea_places("A radio picks up a girl counting down from one thousand.") == ()
    assert idea_places("He rings the wrong number on purpose.") == ()


def test_things_leave_out_verbs_numbers_and_anyone() -> None:
    idea = "A translation app starts correcting what people mean rather than what they say."
    things = idea_things(idea, idea_places(idea))
    assert "translation" in things
    assert "people" not in things
    assert "say" not in things
    assert "sixty" not in idea_things("Sixty years on, two people meet at a bingo night.", ())
    assert "accident" in idea_things("A hopeless detective solves every case by accident.", ())


def test_narration_is_read_without_what_people_say() -> None:
    forms = told_forms("“The cliff,” she said. She looked at the monks.")
    assert "monk" in forms
    assert "cliff" not in forms


def _request(idea: str, pov: str, tense: str, words: int) -> StoryRequest:
    return StoryRequest.model_validate({
        "premise": {"idea": idea, "character": {
            "name": "Ada Quill", "pronouns": "she/her", "traits": ["careful", "restless"],
            "quirk": "hums when thinking", "contradiction": "wants company, keeps away",
            "want": "to finish what was started"}, "theme": ""},
        "genre": "thriller", "structure": "three-act",
        "scaffold": {"pov": pov, "tense": tense, "tone": "tense", "style": "plain"},
        "target_words": words, "seed": 77})


def test_a_story_tells_its_ideas_place_in_narration_and_keeps_its_length() -> None:
    for pov, tense, words in (("first", "past", 400), ("second", "present", 1200)):
        request = _request("A bank teller in Zurich notices the same key used by two men.",
                           pov, tense, words)
        text = ProceduralWriter().render(plan_story(request))
        assert "zurich" in told_forms(text)
        assert abs(count_words(text) - words) <= 0.05 * words
