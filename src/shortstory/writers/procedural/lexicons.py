"""The writer's sentence plans and word lists, and each genre's own version of them."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "data"


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """The writer's sentence plans and word lists (read once, on first use)."""
    with (DATA_DIR / "lexicon.json").open(encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=1)
def genre_spines() -> dict[str, Any]:
    """Each genre's own spine, core units and dialogue lines (``genre_spines.json``)."""
    with (DATA_DIR / "genre_spines.json").open(encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=16)
def genre_lexicon(genre_id: str) -> dict[str, Any]:
    """The lexicon with ``genre_id``'s own spine in place of the mystery spine.

    ``genre_spines.json`` replaces a beat function's spine groups whole, a core function's
    units kind by kind, and dialogue line lists whole; a genre it does not name keeps the lexicon
    as it is. The result is shared: callers must not change it.
    """
    base = lexicon()
    shape = genre_spines().get(genre_id)
    if not shape or genre_id.startswith("_"):
        return base
    merged = dict(base)
    for section, entries in shape.items():
        replaced = dict(base[section])
        for key, value in entries.items():
            replaced[key] = {**base[section].get(key, {}), **value} if section == "core" else value
        merged[section] = replaced
    # A genre without a suspect has no use for the scene units that weigh one.
    dropped = set(genre_spines().get("_mystery_scenes", []))
    merged["pools"] = {kind: [t for t in pool if t not in dropped]
                       for kind, pool in merged["pools"].items()}
    return merged
