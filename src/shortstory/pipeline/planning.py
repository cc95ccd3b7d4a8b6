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
from shortstory.pipeline.catalog import Genre
from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.outline import build_outline
from shortstory.pipeline.plan import ScaffoldPlan, StoryPlan, World
from shortstory.pipeline.scaffold import build_scaffold
from shortstory.pipeline.world import make_title, plan_world, retitled


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

    :param request: a request already checked against the catalog (its genre is looked up
        here once, and carried by the plan to its writers and replans).
    :raises catalog.UnknownGenre: the request names no known genre.
    :raises catalog.UnknownStructure: the request names no known structure.
    """
    if seed is None:
        seed = request.seed if request.seed is not None else derive_seed(request)
    if request.seed != seed:
        request = request.model_copy(update={"seed": seed})
    return _plan(request, seed, catalog.genre(request.genre))


def _plan(request: StoryRequest, seed: int, genre: Genre) -> StoryPlan:
    scaffold = build_scaffold(request.scaffold, request.premise.character, genre,
                              _rng(seed, "scaffold"))
    world = plan_world(request.premise, genre, scaffold.tone, request.target_words,
                       _rng(seed, "world"))
    title = make_title(world, request.premise, _rng(seed, "title"))
    return _outlined(request, seed, genre, world, scaffold, title)


def _outlined(request: StoryRequest, seed: int, genre: Genre, world: World,
              scaffold: ScaffoldPlan, title: str) -> StoryPlan:
    """The plan of ``request`` in ``world``: its beats outlined (and summarised) there."""
    outline = build_outline(catalog.structure(request.structure), genre, request.target_words,
                            world, request.premise, _rng(seed, "outline"))
    return StoryPlan(story_request=request, seed=seed, world=world, outline=outline,
                     scaffold=scaffold, genre=genre, title=title)


def replan(
    plan: StoryPlan,
    *,
    pov: str | None = None,
    tense: str | None = None,
    name: str | None = None,
    target_words: int | None = None,
    dialogue: str | None = None,
) -> StoryPlan:
    """A copy of ``plan`` changed by an instruction; world, cast, tone and voice stay the same.

    The beats are outlined again in the kept world, so their summaries name the people the
    story now has (a renamed cast member included), and the title calls a renamed protagonist
    by the new name. ``dialogue`` is ``"more"`` or ``"less"``. The changed plan carries every
    option, so a writer rendering it gives the new text (the procedural writer: the same text
    every time).

    :raises pydantic.ValidationError: the changed request is out of range.
    """
    request = changed_request(plan.story_request, pov=pov, tense=tense, name=name,
                              target_words=target_words)
    voice = dict(plan.scaffold.voice)
    voice.setdefault("dialogue", "normal")
    if dialogue in {"more", "less"}:
        voice["dialogue"] = dialogue
    scaffold = ScaffoldPlan(pov=request.scaffold.pov, tense=request.scaffold.tense,
                            tone=plan.scaffold.tone, style=request.scaffold.style, voice=voice)
    title = plan.title
    if name is not None:
        title = retitled(title, plan.character.name, name)
    return _outlined(request, plan.seed, plan.genre, copy.deepcopy(plan.world), scaffold, title)


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
