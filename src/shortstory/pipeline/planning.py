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
from typing import Any

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

    :raises catalog.UnknownGenre: the request names no known genre.
    :raises catalog.UnknownStructure: the request names no known structure.
    """
    if seed is None:
        seed = request.seed if request.seed is not None else derive_seed(request)
    body = request.model_dump(mode="json")
    body["seed"] = seed
    return _plan_from_body(body, seed)


def _plan_from_body(body: dict[str, Any], seed: int) -> StoryPlan:
    genre = catalog.genre(body["genre"])
    structure = catalog.structure(body["structure"])
    scaffold = build_scaffold(body, genre, _rng(seed, "scaffold"))
    world = plan_world(
        body["premise"], genre, scaffold.tone, body["target_words"], _rng(seed, "world")
    )
    outline = build_outline(
        structure, genre, body["target_words"], world, body["premise"], _rng(seed, "outline")
    )
    title = make_title(world, body["premise"], _rng(seed, "title"))
    return StoryPlan(
        request=body, seed=seed, world=world, outline=outline, scaffold=scaffold, title=title
    )


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
    body = copy.deepcopy(plan.request)
    if pov is not None:
        body["scaffold"]["pov"] = pov
    if tense is not None:
        body["scaffold"]["tense"] = tense
    if name is not None:
        body["premise"]["character"]["name"] = name
    if target_words is not None:
        body["target_words"] = target_words
    # Validate the changed request with the same model the API uses.
    request = StoryRequest.model_validate(body)
    new = _plan_from_body(request.model_dump(mode="json") | {"seed": plan.seed}, plan.seed)
    new.world = copy.deepcopy(plan.world)
    new.title = plan.title
    new.scaffold.voice = dict(plan.scaffold.voice)
    new.scaffold.tone = plan.scaffold.tone
    dialogue_level = plan.scaffold.voice.get("dialogue", "normal")
    if dialogue in {"more", "less"}:
        dialogue_level = dialogue
    new.scaffold.voice["dialogue"] = dialogue_level
    return new
