"""What a model writer keeps of a model's plan: plain words about the story, beats drafted in
requests big enough to write a scene in."""

from __future__ import annotations

from shortstory.pipeline.plan import Beat
from shortstory.writers.model_answers import (
    MIN_DRAFT_WORDS,
    draft_groups,
    plain_text,
    same_person,
    usable_item,
    usable_name,
    usable_role,
    usable_summary,
    usable_title,
)


def _beats(*budgets: int) -> list[Beat]:
    return [Beat(index=i, role=f"role{i}", part="middle", purpose=f"purpose {i}",
                 summary=f"Oona does thing {i}", target_words=words, function="turn")
            for i, words in enumerate(budgets)]


def test_short_beats_are_drafted_together_and_keep_their_order_and_budget() -> None:
    groups = draft_groups(_beats(100, 100, 100, 100, 100, 100))
    assert [g.target_words for g in groups] == [300, 300]
    assert [g.index for g in groups] == [0, 1]
    assert groups[0].role == "role0 + role1 + role2"
    assert groups[0].summary == "Oona does thing 0. Oona does thing 1. Oona does thing 2."
    assert groups[1].purpose == "purpose 3; purpose 4; purpose 5"


def test_long_beats_stay_apart_and_a_short_ending_joins_the_beat_before() -> None:
    assert [g.target_words for g in draft_groups(_beats(400, 300, 500))] == [400, 300, 500]
    assert [g.target_words for g in draft_groups(_beats(400, 300, 60))] == [400, 360]
    assert [g.target_words for g in draft_groups(_beats(90))] == [90]
    assert sum(g.target_words for g in draft_groups(_beats(*[75] * 20))) == 1500
    assert all(g.target_words >= MIN_DRAFT_WORDS
               for g in draft_groups(_beats(*[75] * 20)))


def test_plain_text_refuses_markup_and_broken_encodings() -> None:
    assert plain_text("  The  old\nmill  ", 80) == "The old mill"
    assert plain_text("{setting: mill}", 80) == ""
    assert plain_text("The cafÃ© by the quay", 80) == ""
    assert plain_text("1, 2, 3, 4, 5, 6", 80) == ""


def test_names_items_and_summaries_must_read_as_the_story_world() -> None:
    assert usable_name("Sarah Brown") == "Sarah Brown"
    assert usable_name("the beekeeper's estranged brother who left") == ""
    assert usable_item("a farm in the hills", 8, 120) == "a farm in the hills"
    assert usable_item("The protagonist's story setting", 8, 120) == ""
    anchors = {"oona", "hives", "brother"}
    assert usable_summary("Oona finds the hives silent at dawn.", anchors)
    assert usable_summary("The story's climax surprises the reader.", anchors) == ""
    assert usable_summary("Someone walks somewhere nice today.", anchors) == ""


def test_a_title_loses_its_subtitle_and_talk_of_stories() -> None:
    idea = "A night-shift baker finds her bread makes people tell the truth"
    assert usable_title("The Night-Shift Bakers: A Story of Honesty", idea) == \
        "The Night-Shift Bakers"
    assert usable_title("Flour at Four: a tale of honesty", idea) == "Flour at Four"
    assert usable_title('"What the Oven Heard."', idea) == "What the Oven Heard"
    assert usable_title("A story with a twist", idea) == ""
    assert usable_title("The baker's bread makes people tell the truth", idea) == ""


def test_a_model_lost_in_its_json_gives_no_cast_member_or_conflict() -> None:
    """From a 135M model's outline: fragments of names, titles and quotes are not a cast."""
    assert usable_name("Awesome Beauty's Apex Legends") == ""
    assert usable_name("the night baker") == ""
    assert usable_name("Anda M. Leilani") == "Anda M. Leilani"
    assert usable_name("Ludo van der Berg") == "Ludo van der Berg"
    assert usable_role("Demon's Wrath: A Kingdom of Flamingos") == ""
    assert usable_role("her grandmother's old rival") == "her grandmother's old rival"
    anchors = {"abeba", "amiiraz", "bakery"}
    assert usable_summary('Abeba Amiiraz (Crode Alegre)"Sinhos de la Maderiaza', anchors) == ""
    assert usable_summary('"Anda M. Leilani"."Sinhos" Abeba Amiiraz fled', anchors) == ""
    assert usable_summary('Abeba Amiiraz says "never" and shuts the bakery.', anchors)


def test_the_protagonist_misspelt_is_not_a_second_character() -> None:
    assert same_person("Ines Vukovich", "Ines Vukovic")
    assert same_person("Inez Vukovic", "Ines Vukovic")
    assert not same_person("Marta Vukovic", "Ines Vukovic")
    assert not same_person("Alejandro Amiiraz", "Ines Vukovic")
