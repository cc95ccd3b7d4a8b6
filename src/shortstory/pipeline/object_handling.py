"""What a template does with its object: takes it in the hands, moves it, or neither.

A scene that turns its object over under a glass, pockets it or lays it on the table needs a
thing that fits in the hands; one that moves it or hides it, a thing that can be taken somewhere
(a dog can, a lift cannot). Templates are read for this with the patterns of
``data/handling.json``, so the template itself declares what its object slot needs; the object
is read for what it is by :mod:`.idea_nature`, and :func:`may_handle` joins the two.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from shortstory.pipeline.idea_nature import HANDLED, Nature

Handling = Literal["", "moves", "hands"]
_DATA = Path(__file__).parent / "data" / "handling.json"
_VERB = re.compile(r"\{(?:v|v3|vp|perf|perf3):(?:not_)?([a-z_ ]+)\}")
OBJECT_SLOT = re.compile(r"\{(?:item|target|obj|item_it|target_it|item_has|item_is)\}")
_OTHER_SLOT = re.compile(r"\{(?:next_clue|clue|thing|obstacle|stakes)\}")
_WORD = re.compile(r"\{[A-Za-z_]+\}|[a-z’'-]+|[.!?;:]")
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "{pp}", "her",
                          "his", "their", "my", "your", "another", "other"})
_PREPOSITIONS = frozenset({"in", "into", "under", "at", "on", "of", "with", "by", "from", "to",
                           "behind", "beside", "for", "near", "through", "across", "over",
                           "round", "around", "like", "inside", "below", "above", "against"})


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    with _DATA.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return {how: re.compile("|".join(f"(?:{p})" for p in data[how])) for how in ("hands", "moves")}


def _normalised(lines: tuple[str, ...]) -> str:
    """The template's text with its verbs as lemmas and its object as ``obj``: "it" and "them"
    are the object while it was the last thing named ("{P} {v:fold} the envelope and {v:put} it
    in {Pp} pocket" puts the envelope there, not the object)."""
    text = " ".join(line.removeprefix("¶").removeprefix("?") for line in lines)
    text = _OTHER_SLOT.sub(" the other ", OBJECT_SLOT.sub(" obj ", _VERB.sub(r" \1 ", text)))
    text = re.sub(r"[\[\]|“”]", " ", text).lower()
    words: list[str] = []
    last_is_object = False
    for word in _WORD.findall(text):
        if word == "obj":
            last_is_object = True
        elif word in {"it", "them"} and last_is_object:
            word = "obj"
        elif word in _DETERMINERS and words and words[-1] not in _PREPOSITIONS:
            last_is_object = False  # another thing named: "it" is now that thing
        words.append(word)
    return " ".join(words)


@lru_cache(maxsize=4096)
def handling(lines: tuple[str, ...]) -> Handling:
    """How the template lines handle their object: ``hands`` (picked up, pocketed, turned
    over), ``moves`` (taken somewhere, hidden) or ``""`` (not handled, or no object)."""
    if not any(OBJECT_SLOT.search(line) for line in lines):
        return ""
    text = _normalised(lines)
    patterns = _patterns()
    if patterns["hands"].search(text):
        return "hands"
    if patterns["moves"].search(text):
        return "moves"
    return ""


def may_handle(nature: Nature, how: Handling) -> bool:
    """Whether a thing of ``nature`` may be handled as ``how`` says."""
    return not how or nature in HANDLED or (how == "moves" and nature == "living")
