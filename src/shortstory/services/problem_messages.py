"""The words of one field problem: pydantic's message, where it speaks of what a person sent.

Our text types (``Line``, ``Text``) clean a string before its length is checked, so pydantic
measures a "Value" and speaks of "items": "Value should have at most 200 items after validation,
not 9999". A string is measured in characters, and an empty one is simply empty.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_LENGTH_TYPES = frozenset({"too_long", "too_short"})


def problem_message(item: Mapping[str, Any]) -> str:
    """The message of one entry of ``pydantic.ValidationError.errors()`` (taken with its
    ``input`` and ``ctx``), in characters when the value at fault is a string."""
    message = str(item["msg"])
    context = item.get("ctx") or {}
    if item["type"] not in _LENGTH_TYPES or not isinstance(item.get("input"), str):
        return message
    actual = context.get("actual_length", len(item["input"]))
    if item["type"] == "too_short":
        wanted = int(context.get("min_length", 1))
        if actual == 0:
            return "String should not be empty"
        return f"String should have at least {_characters(wanted)}, not {actual}"
    return f"String should have at most {_characters(int(context['max_length']))}, not {actual}"


def _characters(count: int) -> str:
    return f"{count} character" + ("" if count == 1 else "s")
