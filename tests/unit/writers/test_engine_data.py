"""Checks over every template in the engine's data files, whatever pool they belong to."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DATA = Path(__file__).parents[3] / "src" / "shortstory" / "writers" / "procedural" / "data"
OBJECT_AFTER = re.compile(
    r"\b(?:to|with|for|at|from|behind|beside|towards|about|like|near|against|without|of) \{P\}")
"""A preposition before ``{P}``: ``{P}`` is the subject form ("I", "she"), so "came to {P}"
prints "came to I"; the object form is ``{Po}``."""
OWNER_WITHOUT_NOUN = re.compile(r"\{[A-Z]p\}[ ,.]*(?:\{(?:v|v3|vp|perf|perf3):|[.,;]|$)")
"""``{Pp}`` is "my"/"her": it needs a noun after it ("that my has been")."""


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if not key.startswith("_"):
                yield from strings(item)


def templates() -> Iterator[tuple[str, str]]:
    for path in sorted(DATA.rglob("*.json")):
        for text in strings(json.loads(path.read_text(encoding="utf-8"))):
            yield path.relative_to(DATA).as_posix(), text


def test_the_data_files_hold_templates() -> None:
    assert sum(1 for _ in templates()) > 1000


def test_no_template_puts_the_subject_form_after_a_preposition() -> None:
    wrong = [f"{path}: {text}" for path, text in templates() if OBJECT_AFTER.search(text)]
    assert not wrong, "\n".join(wrong[:10])


def test_no_template_leaves_a_possessive_without_its_noun() -> None:
    wrong = [f"{path}: {text}" for path, text in templates() if OWNER_WITHOUT_NOUN.search(text)]
    assert not wrong, "\n".join(wrong[:10])


def test_the_check_catches_a_subject_after_a_preposition() -> None:
    assert OBJECT_AFTER.search("{W} {v3:come} to {P}, not the other way round")
    assert not OBJECT_AFTER.search("{W} {v3:come} to {Po}, before {P} {v:leave}")
    assert OWNER_WITHOUT_NOUN.search("and that {Pp} {perf3:be}.")
    assert not OWNER_WITHOUT_NOUN.search("and that {Pp} own life {perf3:be} one.")


def nests_alternatives(text: str) -> bool:
    """Whether ``text`` opens a bracket inside another or leaves one unclosed: alternatives are
    chosen in one pass, innermost first, so an outer ``[…|[a|b]…]`` prints its brackets."""
    depth = 0
    for char in text:
        if char == "[":
            depth += 1
            if depth > 1:
                return True
        elif char == "]":
            depth -= 1
            if depth < 0:
                return True
    return depth != 0


def test_no_template_nests_its_alternatives() -> None:
    assert nests_alternatives("[a|[b|c] d]")
    assert nests_alternatives("[a|b")
    assert not nests_alternatives("[a|b] and [c|d]")
    wrong = [f"{path}: {text}" for path, text in templates() if nests_alternatives(text)]
    assert not wrong, "\n".join(wrong[:10])
