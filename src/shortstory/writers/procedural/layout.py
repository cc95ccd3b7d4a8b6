"""Laying a story's units out as paragraphs, and finding each unit in the printed text.

A line of texture (a sound, a smell, a sight) never opens a paragraph: readers found a story
whose paragraphs open on "The smell of…" mechanical. A unit of texture follows the paragraph's
first action, and a scene's sense line goes after its first action (:func:`sensed_at`).
"""

from __future__ import annotations

import re
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


SENSED_LATER = frozenset({"sense"})
"""Units of texture (a sound, a smell, a sight) that never open a paragraph: one is told after
the paragraph's first action, or at the end of the one before when no action follows."""


def paragraphs(units: list[Unit], rng: Random, keys: list[Any] | None = None) -> list[list[Any]]:
    """Group a beat's units into paragraphs: speech stands alone, narration runs 2–4 units.

    Each paragraph is a list of ``(key, text)`` pairs, the key taken from ``keys`` (or the
    unit's position). A unit of texture (``SENSED_LATER``) does not open a paragraph: it
    follows the paragraph's first unit instead.
    """
    keys = keys if keys is not None else list(range(len(units)))
    out: list[list[Any]] = []
    narrated: list[bool] = []
    """Whether each paragraph of ``out`` is narration a held line may join."""
    current: list[Any] = []
    held: list[Any] = []
    size = rng.randint(2, 4)

    def release() -> None:
        # No action left to follow: the held lines close the paragraph before, or stand alone.
        if not held:
            return
        if narrated and narrated[-1]:
            out[-1].extend(held)
        else:
            out.append(list(held))
            narrated.append(True)
        held.clear()

    for key, unit in zip(keys, units, strict=True):
        if unit.spoken or "\n\n" in unit.text:
            if current:
                out.append(current)
                narrated.append(True)
                current = []
            release()
            out.append([(key, unit.text)])
            narrated.append(False)
            continue
        if not current and unit.kind in SENSED_LATER:
            held.append((key, unit.text))
            continue
        current.append((key, unit.text))
        if held:
            current.extend(held)
            held.clear()
        if len(current) >= size:
            out.append(current)
            narrated.append(True)
            current = []
            size = rng.randint(2, 4)
    if current:
        out.append(current)
        narrated.append(True)
    release()
    return out


_LEANS = re.compile(r"\b(?:it|its|them|this|that|then|there|here|so)\b|^\W*(?:and|but)\b",
                    re.IGNORECASE)
"""A line that leans on the one before ("…and put it back"): a sense line is not put between."""
_SPEECH = re.compile(r"\{qc?:|[“”]")
_SLOTLESS = re.compile(r"\{[^}]*\}")


def sensed_at(lines: list[tuple[str, bool]]) -> int:
    """Where a scene's sense line goes: after the first line of its first paragraph that is an
    action (not talk) and is not leaned on by the next; else at that paragraph's end."""
    end = next((n for n, (_, paragraph) in enumerate(lines) if n and paragraph), len(lines))
    acted = False
    for n in range(end):
        acted = acted or not _SPEECH.search(lines[n][0])
        if acted and (n + 1 == end or not _LEANS.search(_SLOTLESS.sub(" ", lines[n + 1][0]))):
            return n + 1
    return end

