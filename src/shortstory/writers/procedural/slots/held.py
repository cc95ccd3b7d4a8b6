"""What stands in for the idea's object in a scene that handles it as it cannot be handled.

A scene that turns its object over or pockets it (:mod:`shortstory.pipeline.object_handling`)
holds, for a thing that is no portable thing (:mod:`shortstory.pipeline.idea_nature`), its
carrier (``data/carriers.json``): "the ticket for the final", "a jar of the honey", "the key to
the lift"; when there is none (a horse is never "the drawing of the horse"), the scene is not
told.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from shortstory.pipeline.idea_nature import Nature, head_words

_DATA = Path(__file__).parent.parent / "data" / "carriers.json"


@lru_cache(maxsize=1)
def _carriers() -> dict[str, dict[str, str]]:
    with _DATA.open(encoding="utf-8") as handle:
        data: dict[str, dict[str, str]] = json.load(handle)
    return data


def carrier(phrase: str, nature: Nature) -> str | None:
    """What stands in for ``phrase`` in a scene that handles it ("the ticket for the final");
    None when nothing can (a living thing, fog)."""
    table = _carriers().get(nature, {})
    words = head_words(phrase)
    keys = [" ".join(words[-2:]), *words[-1:]]
    if words and words[-1].endswith("s"):
        keys.append(words[-1][:-1])
    template = next((table[key] for key in keys if key in table), table.get("", ""))
    return template.replace("{x}", phrase) if template else None
