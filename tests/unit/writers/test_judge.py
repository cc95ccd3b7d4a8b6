"""The judge a model writer's drafts go through: what it keeps, drops, cuts and prefers."""

from __future__ import annotations

import pytest

from shortstory.analysis.words import count_words
from shortstory.writers.judge import (
    clean_prose,
    cut_to_words,
    draft_score,
    drop_meta,
    echoes,
    judge,
    looping,
    narration,
)
from shortstory.writers.repeats import StoryMemory, drop_repeats

FIRST_PAST = {"pov": "first", "tense": "past"}


def test_clean_prose_strips_wrappers_and_field_labels() -> None:
    answer = ("Here is the next part:\n\n## Beat 2\n**Scene**\nScene: I climbed the ladder.\n\n"
              "The loft smelled of apples.\n\nTHE END")
    assert clean_prose(answer) == "I climbed the ladder.\n\nThe loft smelled of apples."


def test_talk_about_the_writing_and_junk_are_dropped_even_when_nothing_is_left() -> None:
    text = ("I counted the hives twice. This story is about loss. Premise: a farm. "
            "{\"beats\": [1, 2]}\n\nThe smoker had gone out.")
    kept, dropped = drop_meta(text)
    assert dropped == 3
    assert kept == "I counted the hives twice.\n\nThe smoker had gone out."
    commentary = ("The first two sentences were already set. The story will be about a tuner. "
                  "He lifted the lid.")
    assert drop_meta(commentary) == ("He lifted the lid.", 2)
    only_meta = "The story begins here."
    assert drop_meta(only_meta) == ("", 1)
    debris = ("The story of Tomas's journey could have been. ] } 1. He steps on deck: "
              "The story has changed its rules - it's told in third person.")
    assert drop_meta(debris) == ("", 2)


def test_a_continuation_that_copies_the_story_whole_adds_nothing() -> None:
    earlier = ["He had spent years crossing oceans. He had seen things that would make a hero "
               "laugh."]
    copy = "He had spent years crossing oceans. He had seen things that would make a hero laugh."
    assert drop_repeats(copy, earlier) == ("", 2)


def test_a_sentence_the_story_already_told_is_dropped_even_reworded() -> None:
    earlier = ["My brother stood at the gate with his cap in his hands."]
    text = ("My brother stood at the gate with his cap in his hands. "
            "At the gate stood my brother, his cap in his hands. "
            "The bees were silent in the lime trees.")
    kept, dropped = drop_repeats(text, earlier)
    assert dropped == 2
    assert kept == "The bees were silent in the lime trees."


def test_new_sentences_are_kept_whole() -> None:
    text = "The frames were empty. I scraped the wax into a bucket."
    assert drop_repeats(text, ["My brother came home on Tuesday."]) == (text, 0)


def test_cut_to_words_ends_on_a_sentence_within_the_limit() -> None:
    text = "One two three four. Five six seven eight. Nine ten eleven twelve."
    assert cut_to_words(text, 9) == "One two three four. Five six seven eight."
    assert cut_to_words(text, 2) == "One two three four."
    assert cut_to_words(text, 50) == text


def test_an_idea_pasted_back_echoes_it_and_a_real_title_does_not() -> None:
    idea = "A beekeeper's hives go silent the week her brother returns"
    assert echoes("The week the hives go silent", idea)
    assert not echoes("What the Lime Trees Heard", idea)


def test_narration_is_what_is_outside_quotation_marks() -> None:
    assert narration('"I know," she said. I did not answer.').strip() == \
        "she said. I did not answer."


def test_a_draft_in_the_asked_voice_beats_one_that_is_not() -> None:
    names = ["Oona"]
    anchors = {"hives", "brother", "farm"}
    mine = ("I walked out to the hives before the light. My brother's van was in the yard. "
            "The farm was quiet.")
    hers = ("Oona walked out to the hives before the light. Her brother's van was in the yard. "
            "The farm was quiet.")
    assert draft_score(mine, FIRST_PAST, names, anchors, 20) > \
        draft_score(hers, FIRST_PAST, names, anchors, 20)


def test_a_draft_with_tense_slips_loses_to_a_clean_one() -> None:
    clean = "I lifted the lid. The frames were empty. I closed it again."
    slipping = "I lift the lid. The frames are empty. I close it again."
    assert judge(slipping, FIRST_PAST, [])
    assert draft_score(clean, FIRST_PAST, [], set(), 12) > \
        draft_score(slipping, FIRST_PAST, [], set(), 12)


def test_a_draft_near_its_budget_beats_a_far_shorter_one() -> None:
    long_enough = ("I stacked the empty frames by the door. The smoker had gone cold on the step. "
                   "Somewhere past the lime trees a tractor started and stopped. I counted the "
                   "hives twice and got nine both times. My gloves smelled of wax and rain.")
    short = "I stacked the empty frames by the door."
    assert count_words(long_enough) == 43
    assert draft_score(long_enough, FIRST_PAST, [], set(), 43) > \
        draft_score(short, FIRST_PAST, [], set(), 43)


def test_a_draft_that_goes_round_in_circles_loses_to_one_that_moves_on() -> None:
    moving = ("I stacked the empty frames by the door. The smoker had gone cold on the step. "
              "Somewhere past the lime trees a tractor started and stopped.")
    circling = ("I stacked the empty frames by the door. I stacked the empty frames by the "
                "door again, and the smoker had gone cold.")
    assert looping(moving) == 0.0 and looping(circling) > 0.2
    assert draft_score(moving, FIRST_PAST, [], set(), 25) > \
        draft_score(circling, FIRST_PAST, [], set(), 25)


def test_a_first_person_draft_that_drifts_into_her_narrator_loses() -> None:
    names = ["Oona Lisk"]
    steady = "I walked out to the hives. I lifted the first lid. The frames were empty."
    drifting = ("I walked out to the hives. Oona lifted the first lid. She stared at the "
                "frames. She was alone.")
    assert draft_score(steady, FIRST_PAST, names, set(), 15) > \
        draft_score(drifting, FIRST_PAST, names, set(), 15)


def test_a_pasted_premise_is_dropped_but_its_world_named_in_narration_stays() -> None:
    idea = "A beekeeper notices her hives have started building combs in the shape of letters."
    text = ("A beekeeper notices her hives have started building combs in the shape of letters. "
            "The combs in my hives had taken the shape of letters. I said nothing to anyone.")
    kept, dropped = drop_repeats(text, [], sources=[idea])
    assert dropped == 1
    assert kept == ("The combs in my hives had taken the shape of letters. "
                    "I said nothing to anyone.")


def test_talk_about_the_theme_or_the_end_is_not_prose() -> None:
    text = ("I closed the hive. The theme of the story was trust. He smiled; the end. "
            "It was the end of the season.")
    assert drop_meta(text) == ("I closed the hive. It was the end of the season.", 2)


def test_talk_about_the_story_as_a_text_is_dropped_but_a_tale_told_in_it_is_kept() -> None:
    review = ["The plot unfolds across the ocean.", "This short story tells us about a baker.",
              "The ending of the story seems to have a strange twist.",
              "The story is now wrapped up.", "In this story, the baker learns to accept help."]
    told = ["She told me the story of the flood.", "I have never told anyone this story.",
            "The story had spread through the village by noon.",
            "The tale of the drowned bell was older than the church."]
    text = " ".join(["I lit the ovens at two.", *review, *told])
    kept, dropped = drop_meta(text)
    assert dropped == len(review)
    assert kept == " ".join(["I lit the ovens at two.", *told])


def test_bracketed_pronouns_stage_directions_and_name_tags_are_not_prose() -> None:
    answer = ("Odile Marchetti (she/her) smiled (smiling again) at the door. "
              "He waved (shaking head). Priya (Priya Nair) looked up. I (I) stood.")
    assert clean_prose(answer) == ("Odile Marchetti smiled at the door. He waved. Priya looked "
                                   "up. I stood.")


@pytest.mark.parametrize("talk", [
    "That beat was slow.", "I followed the outline.", "Here is the prompt again.",
    "These are the rewritten sentences.", "The word count is low.",
    "It is told in a first-person voice.", "Past tense is used here.",
    "After the story so far, a pause.", "As an AI, I cannot.", "It is a language model.",
    "This is a continuation of the story.", "It was the start of a story about boats.",
    "The scene would be the setup for the rest.", "The tale began at dawn.",
    "To be continued.", "The next two sentences matter.", "This final section is short.",
    "The protagonist waited.", "Then came 300 words.", "Setting: a harbour town.",
    "The narrative unfolds slowly.", "There is a twist in this short story.",
    "Nothing happens in this story.", "The reader knows already.", "The ending came fast.",
    "It was a short story.", "Its central theme is loss.", "The end: nobody came.",
    "Nobody came; the end.",
])
def test_every_kind_of_talk_about_the_writing_is_dropped(talk: str) -> None:
    assert drop_meta(f"I shut the gate. {talk} The dog barked.") == (
        "I shut the gate. The dog barked.", 1)


def test_a_story_remembered_beat_by_beat_drops_what_the_passages_would() -> None:
    earlier = ["My brother stood at the gate with his cap in his hands. The bees hummed.",
               "We walked down to the river. The water was high after the rain."]
    text = ("At the gate stood my brother, his cap in his hands. The water was high after "
            "the rain. A heron lifted off the far bank.")
    memory = StoryMemory()
    for passage in earlier:
        memory.add(passage)
    expected = drop_repeats(text, earlier)
    assert expected == ("A heron lifted off the far bank.", 2)
    assert drop_repeats(text, [], story=memory) == expected


def test_our_instructions_pasted_into_the_story_are_dropped_even_loosely() -> None:
    """A 135M model's beat, with its purpose ('a first attempt fails or costs more than
    expected; the stakes become visible') worked into two sentences of 'story'."""
    purposes = ["A first attempt fails or costs more than expected; the stakes become visible.",
                "The unforeseen turn: a fact, person or object recasts everything that came "
                "before."]
    text = ("The first attempt fails or costs more than expected, and in an instant the door "
            "shuts. Dot pulls the rig onto the verge. A second attempt fails and costs more, "
            "the stakes become visible, a fact, person or object recasts everything that came "
            "before. She keys the radio.")
    kept, dropped = drop_repeats(text, [], instructions=purposes)
    assert dropped == 2
    assert kept == "Dot pulls the rig onto the verge. She keys the radio."
    # The same words about the story's own world are not our instructions.
    plain = "The first attempt cost her a tyre, and the second cost more."
    assert drop_repeats(plain, [], instructions=purposes) == (plain, 0)


@pytest.mark.parametrize("mark", [*"{}[]<>\\|_=#@ÃÂ", "http:", "https:"])
def test_a_sentence_with_markup_is_dropped_from_a_text_of_plain_prose(mark: str) -> None:
    # The text is searched for markup once; each sentence only when it may hold some.
    text = f"I lit the lamp at dusk. The keeper wrote {mark} in the log. The tide turned."
    assert drop_meta(text) == ("I lit the lamp at dusk. The tide turned.", 1)
