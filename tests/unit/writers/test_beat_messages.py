"""What a model writer's beat request carries of the story so far: the whole story while it fits
the context, else its tail and, in brief, what the tail leaves out (planned events, names)."""

from __future__ import annotations

from dataclasses import replace

from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.plan import Beat, StoryPlan
from shortstory.pipeline.planning import plan_story
from shortstory.writers.prompts.messages import beat_messages

SUMMARIES = ["Wren meets Mrs Okafor at the municipal pool.",
             "Wren teaches the twins to float in the shallow end.",
             "A storm closes the pool and Wren waits in the office.",
             "Wren takes the twins into the deep end."]


def _plan() -> StoryPlan:
    plan = plan_story(StoryRequest.model_validate({
        "premise": {"idea": "A retired astronaut teaches toddlers to swim at the municipal pool.",
                    "character": {"name": "Wren Hale", "pronouns": "she/her"}},
        "genre": "literary", "scaffold": {"pov": "first", "tense": "past"},
        "target_words": 1600, "seed": 1}))
    beats = [Beat(index=i, role=f"part {i}", part="middle", purpose="", summary=summary,
                  target_words=400) for i, summary in enumerate(SUMMARIES)]
    plan.outline = replace(plan.outline, beats=beats, bible={"cast": []})
    return plan


def _passage(opening: str, words: int) -> str:
    filler = " ".join(["I counted the lanes and the water moved under the lights."] * (words // 11))
    return f"{opening}\n\n{filler}"


WRITTEN = [_passage("Mrs Okafor met me at the gate with the twins, Ada and Bo.", 330),
           _passage("Ada floated first. Coach Lindqvist watched from the stands.", 330),
           _passage("The storm came over Harrow Hill at four.", 330)]


def test_the_whole_story_is_quoted_while_it_fits_and_nothing_is_recalled() -> None:
    messages = beat_messages(_plan(), _plan().outline.beats[3], 400, WRITTEN, 8192)
    assert messages[2]["content"] == "\n\n".join(WRITTEN)
    assert "Earlier in the story" not in messages[-1]["content"]


def test_a_story_past_the_context_recalls_the_events_and_names_its_tail_leaves_out() -> None:
    plan = _plan()
    messages = beat_messages(plan, plan.outline.beats[3], 400, WRITTEN, 2048)
    quoted, request = messages[2]["content"], messages[-1]["content"]
    assert quoted.startswith("...The storm came over Harrow Hill")
    assert (f"Earlier in the story: {SUMMARIES[0]} {SUMMARIES[1]} "
            "Named before: Okafor, Ada, Bo, Lindqvist. What happens at the end:") in request
    assert SUMMARIES[2] not in request  # that beat is quoted whole
