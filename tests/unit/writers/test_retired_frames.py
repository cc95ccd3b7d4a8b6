"""Sentences the blind readers found in story after story, whatever the idea, stay retired.

Each was one template every story of a genre (or of all genres) could draw: "has been locked
since Tuesday", "looked a moment longer than she meant to", "Now, almost by accident, it
happens", "X is quieter now, at the Y", "Grief at the Y is mostly furniture"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).parents[3] / "src" / "shortstory" / "writers" / "procedural" / "data"
RETIRED = ("locked since Tuesday", "a moment longer than {P} {v:mean} to",
           "almost by accident], it", "{v3:be} quieter now, at",
           "Grief at {place} {v3:be} mostly furniture", "Now, at {place},")


def _templates() -> list[str]:
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, str):
            found.append(node)
        elif isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict):
            for key, child in node.items():
                if not key.startswith("_"):
                    walk(child)

    for path in DATA.rglob("*.json"):
        walk(json.loads(path.read_text(encoding="utf-8")))
    return found


@pytest.mark.parametrize("frame", RETIRED)
def test_a_frame_readers_met_in_every_story_is_retired(frame: str) -> None:
    assert not [t for t in _templates() if frame in t]
