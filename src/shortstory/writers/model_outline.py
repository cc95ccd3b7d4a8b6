"""The outline stage of a model writer: ask for the plan, ask once more when it is malformed, and
keep of it what is plain words about this premise's world.

The beats' functions and word budgets are the structure's; the model fills in what happens in
each, and the story's place, people, things and conflict (see :mod:`.model_answers` for what
counts as usable).
"""

from __future__ import annotations

from dataclasses import replace

from shortstory.pipeline.plan import Outline, StoryPlan
from shortstory.pipeline.writer_protocol import WriterError
from shortstory.writers.judge import echoes
from shortstory.writers.model_answers import (
    OutlineAnswer,
    OutlineInvalid,
    as_sentence,
    draft_groups,
    outline_schema,
    parse_outline,
    purpose_summary,
    same_person,
    usable_item,
    usable_name,
    usable_role,
    usable_summary,
    usable_title,
)
from shortstory.writers.model_calls import ModelCalls
from shortstory.writers.prompts import describe_character
from shortstory.writers.prompts.messages import outline_messages, outline_repair
from shortstory.writers.prose_reading import content_words


def ask_outline(calls: ModelCalls, plan: StoryPlan) -> OutlineAnswer:
    """The model's plan for ``plan``'s beats, asked again once with the problem quoted.

    :raises WriterError: the answer was unusable twice.
    """
    count = len(plan.outline.beats)
    messages = outline_messages(plan)
    schema = outline_schema(count) if calls.config.structured_output != "none" else None
    max_tokens = 220 + 110 * count
    content = calls.chat(messages, stage="outline", max_tokens=max_tokens, schema=schema)
    try:
        return parse_outline(content, count)
    except OutlineInvalid as exc:
        messages += outline_repair(content, str(exc), count)
    content = calls.chat(messages, stage="outline", max_tokens=max_tokens, schema=schema)
    try:
        return parse_outline(content, count)
    except OutlineInvalid as exc:
        raise WriterError(f"the {calls.name} model's outline was unusable after a repair "
                          f"request: {exc}", writer=calls.name) from None


def outline_from_answer(plan: StoryPlan, answer: OutlineAnswer) -> Outline:
    """The outline to draft from: the model's plan where it reads as plain words about this
    premise's world, the structure's purposes (and the premise itself) where it does not."""
    protagonist = plan.character.name
    # Else the planned title stays.
    title = usable_title(answer.title, plan.story_request.premise.idea)
    # What reads as anything but plain words about this story is left out: a weak model
    # lost inside JSON fills strings with brackets, lists, numbers or talk about writing.
    cast = []
    for member in answer.cast[:4]:
        name = usable_name(member.name)
        if name and not same_person(name, protagonist) and not echoes(name, protagonist) \
                and not echoes(protagonist, name):
            cast.append({"name": name, "role": usable_role(member.role)})
    # A plan that has left the premise must not steer the draft: the place, things and
    # beats it keeps are those that share a word with the premise (or with its people).
    premise = plan.story_request.premise
    idea_words = set(content_words(" ".join([
        premise.idea, describe_character(premise.character), premise.theme])))
    setting = usable_item(answer.setting, 15, 300)
    if not set(content_words(setting)) & idea_words:
        setting = ""
    objects = [o for o in (usable_item(o, 8, 120) for o in answer.objects[:6])
               if o and set(content_words(o)) & (idea_words | set(content_words(setting)))]
    anchors = idea_words | set(content_words(" ".join(
        [protagonist, setting, *(c["name"] for c in cast)])))
    conflict = usable_summary(answer.conflict, anchors, 400)
    bible = {"title": title, "setting": setting, "time": usable_item(answer.time, 8, 120),
             "cast": cast, "objects": objects, "conflict": conflict}
    # A beat summary that is not a sentence about this story's world gives way to the beat's
    # own purpose said of the protagonist, and the opening to the premise itself.
    beats = []
    for i, beat in enumerate(plan.outline.beats):
        summary = usable_summary(answer.beats[i].summary, anchors)
        if i == 0 and not set(content_words(summary)) & idea_words:
            summary = as_sentence(premise.idea)
        beats.append(replace(beat, summary=summary or purpose_summary(beat, protagonist)))
    return Outline(beats=draft_groups(beats), structure=plan.outline.structure,
                   genre=plan.outline.genre, bible=bible)
