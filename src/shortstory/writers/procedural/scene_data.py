"""The scene library: the scene files (``data/scenes/*.json``) read into :class:`Scene` units.

A scene is a list of sentence templates (see :mod:`.scenes` for its pools and how a story draws
on them). A line starting ``?`` may be left out when the beat is short of room, and ``¶`` starts
a new paragraph (an exchange of talk stands on its own). A scene whose event presumes a thing of
some worlds and times opens with it, one line each (``#telephone``, ``#car``, ``#hospital``): a
hospital that rings at four in the morning presumes a telephone whether or not a line says it,
a drive to the coast a car. It is told only where the story's year, world and place could hold
the thing, by the tables that hold its sentences (the dated lexicon, the world kinds, the
place-bound words): a remote island has no hospital to ring, 1850 no car to drive.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SCENES = Path(__file__).parent / "data" / "scenes"
OPTIONAL = "?"
NEEDS = "#"
PARAGRAPH = "¶"
_IDEA_SLOT = re.compile(r"\{(?:item|target|obj|deed|detail|event|told|idea_noun)(?:_\w+)?\}")


@dataclass(frozen=True, slots=True)
class Scene:
    """One scene unit: its pool, its lines, and where it comes from."""

    key: str
    """``<file>:<pool>:<n>``, unique in the library (a scene is told once a story)."""
    lines: tuple[str, ...]
    own: bool
    """Whether it is the genre's own (not from ``any.json``)."""
    needs: tuple[str, ...] = ()
    """What its event presumes the story's world and time hold (its ``#`` lines)."""

    @property
    def names_the_idea(self) -> bool:
        """Whether a line names the idea's own thing or deed (``{item}``, ``{target}``…): an
        event about it, not one that would fit any story as well."""
        return any(_IDEA_SLOT.search(line) for line in self.lines)

    def template(self, optional: bool = True) -> list[tuple[str, bool]]:
        """The scene's sentence templates, each with whether it opens a paragraph."""
        out = []
        for line in self.lines:
            paragraph = line.startswith(PARAGRAPH)
            line = line.removeprefix(PARAGRAPH)
            if line.startswith(OPTIONAL):
                if not optional:
                    continue
                line = line[1:]
            out.append((line, paragraph))
        return out


def _load(name: str, own: bool) -> dict[str, list[Scene]]:
    path = SCENES / f"{name}.json"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as handle:
        pools: dict[str, list[list[str]]] = json.load(handle)["scenes"]
    return {pool: [Scene(f"{name}:{pool}:{n}",
                         tuple(line for line in lines if not line.startswith(NEEDS)), own,
                         tuple(line[1:].strip() for line in lines if line.startswith(NEEDS)))
                   for n, lines in enumerate(scenes)] for pool, scenes in pools.items()}


@lru_cache(maxsize=1)
def character_lines() -> dict[str, list[list[str]]]:
    """Lines that show the character's habit (in the opening) and contradiction (at the turn),
    joined to the scene they fall in (``any.json``'s ``character``)."""
    with (SCENES / "any.json").open(encoding="utf-8") as handle:
        lines: dict[str, list[list[str]]] = json.load(handle)["character"]
    return lines


@lru_cache(maxsize=16)
def scene_library(genre_id: str) -> tuple[dict[str, list[Scene]], dict[str, list[Scene]]]:
    """The genre's own scene pools and the shared ones (``any.json``)."""
    return _load(genre_id, True), _load("any", False)
