"""The story's turn made of the idea's own parts: its object, the person it names, its place.

A genre's catalog turns ("the photograph proves the accused was elsewhere") fit any idea and so
tell every story of the genre the same surprise. The shapes here (``data/idea_turns.json``) say
that the idea's own item, person or place is not what it seemed; a plan draws one of those its
idea can fill, and falls back to the catalog only when the idea names none of them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from random import Random
from typing import Any

from lemminflect import getAllLemmas

from shortstory.pipeline.idea_nature import object_nature
from shortstory.pipeline.object_handling import handling, may_handle

DATA = Path(__file__).parent / "data" / "idea_turns.json"


@lru_cache(maxsize=1)
def _shapes() -> dict[str, Any]:
    with DATA.open(encoding="utf-8") as handle:
        return json.load(handle)


def _is_plural(phrase: str) -> bool:
    head = phrase.split(" of ")[0].split()[-1].lower()
    singular = getAllLemmas(head).get("NOUN", (head,))[0]
    return singular != head and head.endswith("s")


def idea_turn(genre_id: str, item: str, person: str, place: str, rng: Random,
              corners: Sequence[str] = ()) -> str:
    """A turn of ``genre_id`` made of the idea's ``item``, ``person`` and ``place`` (each may be
    empty: only shapes whose parts are all given are drawn), or "" when none fits. A shape that
    handles the item as the item cannot be handled is not drawn: a lift is never "moved every
    night" (``corners``: the place's parts, which tell a lighthouse's lamp from a lantern)."""
    shapes = _shapes().get(genre_id, {})
    nature = object_nature(item, corners) if item else "portable"
    plural = bool(item) and _is_plural(item)
    fill = {"item": item, "person": person, "place": place,
            "item_is": f"{item} {'are' if plural else 'is'}",
            "item_has": f"{item} {'have' if plural else 'has'}"}
    given = {"item": bool(item), "person": bool(person), "place": bool(place)}
    usable = []
    for shape in ("item", "person", "place"):
        for template in shapes.get(shape, []):
            needs = {"item" if key.startswith("item") else key for key in fill
                     if "{" + key + "}" in template}
            if given[shape] and all(given[n] for n in needs) and may_handle(
                    nature, handling((template,))):
                usable.append(template)
    if not usable:
        return ""
    turn = rng.choice(usable).format(**fill)
    if place and _is_plural(place):
        # "the allotments have", never "the allotments has"
        turn = turn.replace(f"{place} has ", f"{place} have ").replace(f"{place} is ",
                                                                       f"{place} are ")
    return turn
