"""The chat messages a model writer sends, built from a story's plan and this version's prompts.

Every request a model writer makes is built here: the outline request (and the repair request
after a malformed answer), each beat's request (the story so far given as the model's own
earlier answer, its tail once the whole no longer fits the context), a continuation, a targeted
repair of flagged sentences and a revision of a passage.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from shortstory.analysis.pov.clauses import read_sentences
from shortstory.analysis.pov.person import text_names
from shortstory.analysis.words import count_words
from shortstory.pipeline import catalog
from shortstory.pipeline.plan import Beat, StoryPlan
from shortstory.writers.model_answers import as_sentence
from shortstory.writers.prompts import (
    describe_character,
    render,
    scaffold_values,
    subject_pronoun,
    template,
)
from shortstory.writers.prose_reading import reading
from shortstory.writers.token_estimate import estimate_tokens, tokens_at_most

Messages = list[dict[str, str]]

TOKENS_PER_WORD = 1.6
"""Completion tokens allowed per word asked for: room for the words, not for a second story."""
TAIL_WORDS = 150
"""Words of the story so far quoted verbatim once the whole no longer fits the context."""
PROMPT_MARGIN_TOKENS = 700
"""Context kept free for the beat prompt's other parts and the chat template."""
MAX_NAMES = 8
"""Names from the beats no longer quoted that a beat prompt recalls."""
EARLIER_WORDS = 120
"""Words of planned events from the beats no longer quoted that a beat prompt recalls: the
first such beat's (who and where), then the latest that fit."""


def _told_as(plan: StoryPlan) -> dict[str, str]:
    """What :func:`~shortstory.writers.prompts.scaffold_values` reads of the plan's scaffold
    (its ``to_dict`` copies the voice markers too, for nothing, at every request)."""
    scaffold = plan.scaffold
    return {"pov": scaffold.pov, "tense": scaffold.tense, "tone": scaffold.tone,
            "style": scaffold.style}


def tokens_for(words: int) -> int:
    """The completion tokens to allow for an answer of about ``words`` words."""
    return max(64, int(words * TOKENS_PER_WORD) + 40)


def character_names(plan: StoryPlan) -> list[str]:
    """The story's people, the protagonist first (the order the POV/tense linter reads)."""
    cast = [str(member.get("name", "")) for member in plan.outline.bible.get("cast", [])]
    return [plan.character.name, *(name for name in cast if name)]


def premise_values(plan: StoryPlan) -> dict[str, Any]:
    """The premise, genre and structure as the prompts' placeholders."""
    premise = plan.story_request.premise
    genre = plan.genre
    return {
        "idea": premise.idea.strip().rstrip("."),
        "character": describe_character(premise.character),
        "theme": premise.theme or "(left to the story)",
        "genre": genre.name,
        "genre_conventions": "; ".join(genre.conventions[:4]),
        "structure": catalog.structure(plan.outline.structure).name,
        "beat_count": len(plan.outline.beats),
        "name": premise.character.name,
    }


def plan_values(plan: StoryPlan) -> dict[str, Any]:
    """The premise and the planned world (place, people, things, conflict) for a beat prompt."""
    bible = plan.outline.bible
    name = plan.character.name
    pronoun = subject_pronoun(plan.character.pronouns)
    voice = {"first": f"{name} telling it as \"I\"", "second": f"{name} as \"you\"",
             }.get(plan.scaffold.pov, f"{name} as \"{pronoun}\"")
    # The plan's world as plain sentences: a list of labelled fields is answered in kind.
    world = []
    if bible.get("setting"):
        place = str(bible["setting"]).rstrip(".")
        when = str(bible.get("time") or "").rstrip(".")
        world.append(f"Place: {place}{f', {when}' if when else ''}.")
    cast = [f"{c['name']} ({c['role']})" if c.get("role") else c["name"]
            for c in bible.get("cast", [])]
    if cast:
        world.append(f"Other people: {'; '.join(cast)}.")
    if bible.get("objects"):
        world.append(f"Things that matter: {', '.join(bible['objects'])}.")
    if bible.get("conflict"):
        world.append(as_sentence(str(bible["conflict"])))
    values = premise_values(plan)
    return {**values, "voice": voice, "story_kind": str(values["genre"]).lower(),
            "title": bible.get("title") or plan.title,
            "world": "".join(f"{line} " for line in world)}


def outline_messages(plan: StoryPlan) -> Messages:
    """The request for the model's plan of the structure's beats."""
    values = premise_values(plan)
    values["beat_slots"] = "\n".join(
        f"{beat.index + 1}. {beat.role}: {beat.purpose}" for beat in plan.outline.beats)
    return [{"role": "system", "content": template("system_planner").strip()},
            {"role": "user", "content": render("outline", values)}]


def outline_repair(answer: str, problem: str, beat_count: int) -> Messages:
    """The unusable answer and the request to answer again, the problem quoted."""
    return [{"role": "assistant", "content": answer[:4000]},
            {"role": "user", "content": render(
                "outline_repair", {"problem": problem, "beat_count": beat_count})}]


def story_so_far(written: Sequence[str], extra: str, max_tokens: int,
                 context_tokens: int) -> str:
    """What the model is shown of the story written so far (with ``extra``, this beat's text
    when it is being continued): the whole while it fits the context, else its last
    paragraphs, cut at a paragraph or sentence start."""
    whole = "\n\n".join(part for part in [*written, extra] if part)
    room = context_tokens - max_tokens - PROMPT_MARGIN_TOKENS
    # The bound settles most beats without estimating the story's newest paragraphs.
    if tokens_at_most(whole) <= room or estimate_tokens(whole) <= room:
        return whole
    budget = max(TAIL_WORDS, int(room / TOKENS_PER_WORD))
    kept: list[str] = []
    words = 0
    for paragraph in reversed(whole.split("\n\n")):
        words += count_words(paragraph)
        if kept and words > budget:
            break
        kept.append(paragraph)
    tail = "\n\n".join(reversed(kept))
    if count_words(tail) > budget:
        tail = " ".join(tail.split()[-budget:])
    return f"...{tail}"


def _beat_values(plan: StoryPlan, beat: Beat, words: int,
                 scaffold: dict[str, str]) -> dict[str, Any]:
    return {**plan_values(plan), **scaffold, "summary": as_sentence(beat.summary),
            "words": words, "earlier": ""}


def earlier_in_brief(plan: StoryPlan, beat: Beat, written: Sequence[str], so_far: str) -> str:
    """What the beats before ``beat`` told that ``so_far`` (the quoted story) no longer shows:
    their planned events, and the names they used (a model's own inventions included), so a
    long story keeps its people and places once its start is out of the context; ``""`` while
    the whole story is quoted."""
    if not so_far.startswith("..."):
        return ""
    hidden = [as_sentence(b.summary) for b, passage in zip(plan.outline.beats[:beat.index],
                                                           written, strict=False)
              if b.summary.strip() and passage.split("\n\n", 1)[0] not in so_far]
    kept = hidden[:1]
    room = EARLIER_WORDS - sum(count_words(event) for event in kept)
    for event in reversed(hidden[1:]):
        room -= count_words(event)
        if room < 0:
            break
        kept.insert(1, event)
    events = " ".join(kept)
    shown = so_far.lower()
    protagonist = plan.character.name
    names: list[str] = []
    for passage in written:
        names += [n for n in _names_in(passage, protagonist)
                  if n not in names and n.lower() not in shown]
    recalled = [events] if events else []
    if names:
        recalled.append(f"Named before: {', '.join(names[:MAX_NAMES])}.")
    return f"Earlier in the story: {' '.join(recalled)} " if recalled else ""


@functools.lru_cache(maxsize=256)
def _names_in(passage: str, protagonist: str) -> tuple[str, ...]:
    """The names a passage's narration uses besides the protagonist's, as written, in order
    (each passage is read once however many beats follow it)."""
    sentences = read_sentences(passage, reading=reading(passage))  # the judge's, if it read it
    own = frozenset(word.lower() for word in protagonist.split())
    found = text_names(sentences, own)
    seen: dict[str, None] = {}
    for sentence in sentences:
        for token in sentence.narration():
            if token.lower in found:
                seen.setdefault(token.text, None)
    return tuple(seen)


def beat_messages(plan: StoryPlan, beat: Beat, words: int, written: Sequence[str],
                  context_tokens: int) -> Messages:
    """A plain story request, the story so far as the model's own answer, then what happens
    next: the usual way to have a chat model continue a text rather than retell it."""
    scaffold = scaffold_values(_told_as(plan), plan.character)
    values = _beat_values(plan, beat, words, scaffold)
    system = {"role": "system", "content": render("system_writer", scaffold)}
    story = render("story", values)
    if beat.index == 0 or not written:
        return [system, {"role": "user", "content": f"{story}\n\n"
                                                    f"{render('beat_first', values)}"}]
    last = beat.index == len(plan.outline.beats) - 1
    so_far = story_so_far(written, "", tokens_for(words), context_tokens)
    values["earlier"] = earlier_in_brief(plan, beat, written, so_far)
    return [system, {"role": "user", "content": story},
            {"role": "assistant", "content": so_far},
            {"role": "user", "content": render("beat_last" if last else "beat_next", values)}]


def continue_messages(plan: StoryPlan, beat: Beat, text: str, missing: int,
                      written: Sequence[str], context_tokens: int) -> Messages:
    """The request for ``missing`` more words of a beat that fell short (``text`` so far)."""
    scaffold = scaffold_values(_told_as(plan), plan.character)
    values = _beat_values(plan, beat, missing, scaffold)
    so_far = story_so_far(written, text, tokens_for(missing), context_tokens)
    return [{"role": "system", "content": render("system_writer", scaffold)},
            {"role": "user", "content": render("story", values)},
            {"role": "assistant", "content": so_far},
            {"role": "user", "content": render("continue", values)}]


def repair_messages(plan: StoryPlan, problems: str, count: int) -> Messages:
    """The request to rewrite ``count`` numbered sentences (``problems`` lists them, each
    with what is wrong) within the story's rules."""
    scaffold = scaffold_values(_told_as(plan), plan.character)
    values = {**scaffold, "problems": problems, "count": count,
              "rules": f"{scaffold['pov_rule']} {scaffold['tense_rule']} No clichés."}
    return [{"role": "system", "content": template("system_editor").strip()},
            {"role": "user", "content": render("repair", values)}]


def revise_messages(plan: StoryPlan, mode: str, passage: str, instruction: str) -> Messages:
    """The request to revise one ``passage`` in ``mode`` (``sharpen`` or ``instruction``)."""
    scaffold = scaffold_values(_told_as(plan), plan.character)
    values = {**scaffold, "text": passage, "instruction": instruction}
    return [{"role": "system", "content": template("system_editor").strip()},
            {"role": "user", "content": render(f"revise_{mode}", values)}]
