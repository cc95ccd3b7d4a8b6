"""What the idea's things are: a portable thing (a loaf, a key), a fixed thing or structure (a
lift, a bridge), an event (a final, a wedding), something heard (a call, a song), something
abstract (a secret, a debt), something living (a dog, bees), a substance (honey, snow) or a
written record (a ledger, a will).

Scenes pick up, pocket and turn over what they are given; only a portable thing or a record may
be handled so. The kinds are read from the head noun (``data/object_kinds.json``), a compound by
its last part ("floodgate" is a gate), then by the word's ending ("kindness" is abstract); a word
nobody listed is most likely a thing, and is taken as portable.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Literal

from lemminflect import getAllLemmas

Nature = Literal["portable", "fixed", "event", "heard", "abstract", "living", "substance",
                 "record"]
KINDS: tuple[Nature, ...] = ("fixed", "event", "heard", "abstract", "living", "substance",
                             "record")
HANDLED: frozenset[Nature] = frozenset({"portable", "record"})
"""Kinds a person may pick up, pocket, turn over and hand across a table."""
_DATA = Path(__file__).parent / "data" / "object_kinds.json"
_ARTICLE = re.compile(r"^(?:the|a|an|some|his|her|their|my|your|its|our)\s+", re.IGNORECASE)
_OF = re.compile(r"\s+(?:of|from|in|on|at|for|with|to|into|by|that|which|who|whose)\s.*$",
                 re.IGNORECASE)
_TRAILING = frozenset({"all", "again", "too", "home", "away", "back", "now", "alone", "together"})
_MIN_PART = 3
"""The shortest first part and last part of a compound read by its last part."""


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, Nature], dict[str, Nature], frozenset[str]]:
    with _DATA.open(encoding="utf-8") as handle:
        data = json.load(handle)
    words = {word: kind for kind in KINDS for word in data[kind]}
    endings = {ending: kind for kind, found in data["endings"].items() for ending in found}
    return words, endings, frozenset(data["portable"])


def _singular(word: str) -> str:
    lemmas = getAllLemmas(word).get("NOUN")
    return lemmas[0] if lemmas else word


def head_words(phrase: str) -> list[str]:
    """The words of ``phrase``'s head noun phrase: "the old bridge over the Tay" -> ["old",
    "bridge"] (article and trailing phrase dropped, lower case)."""
    text = _OF.sub("", _ARTICLE.sub("", phrase.strip().lower()))
    return [w.strip(",.;:!?\"'’") for w in text.split() if w.strip(",.;:!?\"'’")]


def object_nature(phrase: str, corners: Sequence[str] = ()) -> Nature:
    """The kind of thing ``phrase`` names (see the module's list). A thing the idea's place is
    built around is part of it: the lamp of a lighthouse whose corners hold "the lamp room"."""
    words = head_words(phrase)
    while len(words) > 1 and _not_noun(words[-1]):
        words.pop()  # "the song coming", "the village team all": the reader's overrun
    if not words:
        return "portable"
    nature = _nature_of(" ".join(words[-2:]))
    if nature == "portable" and any(
            head_words(corner)[:1] == words[-1:] and len(head_words(corner)) > 1
            for corner in corners):
        return "fixed"
    return nature


def _not_noun(word: str) -> bool:
    if word in _TRAILING:
        return True
    if word in _table()[0] or len(word) < 3:
        return False
    lemmas = getAllLemmas(word)
    return "NOUN" not in lemmas or (
        word.endswith(("ing", "ed")) and len(word) > 5 and "VERB" in lemmas)


@lru_cache(maxsize=512)
def _nature_of(tail: str) -> Nature:
    words, endings, portable = _table()
    parts = tail.split()
    head = parts[-1]
    singular = _singular(head)
    # "radio station", "spelling bee": a listed pair first, then the head alone.
    for key in (tail, " ".join([*parts[:-1], singular]), head, singular):
        if key in portable:
            return "portable"
        if key in words:
            return words[key]
    for word in dict.fromkeys((head, singular)):
        # A compound is what its last part is: "floodgate", "songbird", "stormwater".
        for cut in range(_MIN_PART, len(word) - _MIN_PART + 1):
            if word[cut:] in words:
                return words[word[cut:]]
        for ending, kind in sorted(endings.items(), key=lambda pair: -len(pair[0])):
            if word.endswith(ending) and len(word) > len(ending) + 2:
                return kind
    return "portable"


def is_handled(phrase: str, corners: Sequence[str] = ()) -> bool:
    """Whether ``phrase`` names something a person may pick up, pocket or hand over."""
    return object_nature(phrase, corners) in HANDLED
