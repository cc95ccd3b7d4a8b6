"""Laying a story's units out as paragraphs, and finding each unit in the printed text."""

from __future__ import annotations

from dataclasses import dataclass
from random import Random
from typing import Any


@dataclass
class Unit:
    """One kept piece of prose: a sentence or a short exchange."""

    text: str
    words: int
    core: bool
    spoken: bool
    kind: str
    alternatives: tuple[str, ...] = ()
    """For a core unit, the templates it may be re-rendered from if judged wrong."""
    own: bool = False
    """For a scene unit, whether it came from the genre's own pool (not the shared one)."""
    scene: str = ""
    """For a unit that is a whole scene, the scene's key in the library."""


Spans = dict[tuple[int, int], tuple[int, int]]
"""Where each unit (beat, position) sits in the laid-out text."""


def layout(beats: list[list[Unit]], seed: int) -> tuple[str, Spans]:
    """The story's text as it will be printed, with each unit's span in it."""
    rng = Random(seed + 1)
    text = ""
    spans: Spans = {}
    for i, units in enumerate(beats):
        for paragraph in paragraphs(units, rng, keys=[(i, j) for j in range(len(units))]):
            if text:
                text += "\n\n"
            for n, (key, unit_text) in enumerate(paragraph):
                if n:
                    text += " "
                spans[key] = (len(text), len(text) + len(unit_text))
                text += unit_text
    return text, spans


def paragraphs(units: list[Unit], rng: Random, keys: list[Any] | None = None) -> list[list[Any]]:
    """Group a beat's units into paragraphs: speech stands alone, narration runs 2–4 units.

    Each paragraph is a list of ``(key, text)`` pairs, the key taken from ``keys`` (or the
    unit's position).
    """
    keys = keys if keys is not None else list(range(len(units)))
    out: list[list[Any]] = []
    current: list[Any] = []
    size = rng.randint(2, 4)
    for key, unit in zip(keys, units, strict=True):
        if unit.spoken or "\n\n" in unit.text:
            if current:
                out.append(current)
                current = []
            out.append([(key, unit.text)])
            continue
        current.append((key, unit.text))
        if len(current) >= size:
            out.append(current)
            current = []
            size = rng.randint(2, 4)
    if current:
        out.append(current)
    return out
