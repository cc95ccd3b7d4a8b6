"""Planning a story from its request: world, outline and scaffold from one seed, and the same
plan changed by an instruction (another POV, tense, name, length or amount of dialogue).

Pure plan work: no writer is involved, so both the pipeline's run and the procedural writer's
revisions use it.
"""

from __future__ import annotations

import copy
import hashlib
import json
from random import Random

from shortstory.pipeline import catalog
from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.outline import build_outline
from shortstory.pipeline.plan import StoryPlan
from shortstory.pipeline.scaffold import build_scaffold
from shortstory.pipeline.world import make_title, plan_world


def derive_seed(request: StoryRequest) -> int:
    """A stable seed from the request's content (not ``hash()``, which is salted per process)."""
    body = request.model_dump(mode="json", exclude={"seed"})
    digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF


def _rng(seed: int, stage: str) -> Random:
    # One independent stream per stage: changing the length re-plans the outline but keeps the
    # same world and voice.
    digest = hashlib.sha256(f"{seed}:{stage}".encode()).digest()
    return Random(int.from_bytes(digest[:8], "big"))


def plan_story(request: StoryRequest, seed: int | None = None) -> StoryPlan:
    """Plan a story: world, outline and scaffold, all from the request and one seed.

    :param request: a request already checked against the catalog (its genre and structure
        are looked up here, not checked again).
    :raises catalog.UnknownGenre: the request names no known genre.
    :raises catalog.UnknownStructure: the request names no known structure.
    """
    if seed is None:
        seed = request.seed if request.seed is not None else derive_seed(request)
    if request.seed != seed:
        request = request.model_copy(update={"seed": seed})
    return _plan(request, seed)


def _plan(request: StoryRequest, seed: int) -> StoryPlan:
    genre = catalog.genre(request.genre)
    structure = catalog.structure(request.structure)
    scaffold = build_scaffold(request.scaffold, request.premise.character, genre,
                              _rng(seed, "scaffold"))
    world = plan_world(request.premise, genre, scaffold.tone, request.target_words,
                       _rng(seed, "world"))
    outline = build_outline(structure, genre, request.target_words, world, request.premise,
                            _rng(seed, "outline"))
    title = make_title(world, request.premise, _rng(seed, "title"))
    return StoryPlan(story_request=request, seed=seed, world=world, outline=outline,
                     scaffold=scaffold, title=title)


def replan(
    plan: StoryPlan,
    *,
    pov: str | None = None,
    tense: str | None = None,
    name: str | None = None,
    target_words: int | None = None,
    dialogue: str | None = None,
) -> StoryPlan:
    """A copy of ``plan`` changed by an instruction; world, cast and voice stay the same.

    ``dialogue`` is ``"more"`` or ``"less"``. The changed plan carries every option, so a writer
    rendering it gives the new text (the procedural writer: the same text every time).

    :raises pydantic.ValidationError: the changed request is out of range.
    """
    new = _plan(changed_request(plan.story_request, pov=pov, tense=tense, name=name,
                                target_words=target_words), plan.seed)
    new.world = copy.deepcopy(plan.world)
    new.title = plan.title
    new.scaffold.voice = dict(plan.scaffold.voice)
    new.scaffold.tone = plan.scaffold.tone
    dialogue_level = plan.scaffold.voice.get("dialogue", "normal")
    if dialogue in {"more", "less"}:
        dialogue_level = dialogue
    new.scaffold.voice["dialogue"] = dialogue_level
    return new


def changed_request(request: StoryRequest, *, pov: str | None = None, tense: str | None = None,
                    name: str | None = None, target_words: int | None = None) -> StoryRequest:
    """``request`` with a new POV, tense, protagonist's name or length (``None``: unchanged).

    The new values come from a person's instruction, so the changed request is checked, once,
    by the model the API uses (a pydantic copy with changes would check nothing).

    :raises pydantic.ValidationError: a new value is out of range.
    """
    if pov is tense is name is target_words is None:
        return request
    data = request.model_dump()
    if pov is not None:
        data["scaffold"]["pov"] = pov
    if tense is not None:
        data["scaffold"]["tense"] = tense
    if name is not None:
        data["premise"]["character"]["name"] = name
    if target_words is not None:
        data["target_words"] = target_words
    return StoryRequest.model_validate(data)
