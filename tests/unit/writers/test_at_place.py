""""at the <place>" is rationed in long stories too: a genre's own sentence that would name
nothing but its place waits until the story has room for one, like a shared sentence does."""

from __future__ import annotations

import re

import pytest

from shortstory.analysis.words import count_words
from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.planning import plan_story
from shortstory.writers.procedural import ProceduralWriter

WRITER = ProceduralWriter()
AT_PLACE_WORDS = 150


def _at_place(text: str, places: list[str]) -> int:
    heads = {re.sub(r"^(?:a|an|the)\s+", "", p.lower()) for p in places if p}
    pattern = re.compile(r"\bat (?:the|a|an) (?:" + "|".join(
        re.escape(h) for h in sorted(heads, key=len, reverse=True)) + r")\b", re.IGNORECASE)
    return len(pattern.findall(text))


@pytest.mark.parametrize(("genre", "seed"), [("literary", 8), ("humour", 4), ("romance", 2),
                                             ("fantasy", 7)])
def test_a_long_story_says_at_a_place_at_most_once_per_150_words(genre: str, seed: int) -> None:
    body = {"premise": {"idea": "A retired glassblower is asked to mend the cracked window of a "
                                "village chapel before Easter.",
                        "character": {"name": "Tomas Brenner", "pronouns": "he/him",
                                      "want": "to finish one last piece"}},
            "genre": genre, "structure": "three-act",
            "scaffold": {"pov": "close_third", "tense": "past"}, "target_words": 3000,
            "seed": seed}
    plan = plan_story(StoryRequest.model_validate(body))
    text = WRITER.render(plan)
    count = _at_place(text, [plan.world.setting, *plan.world.places])
    assert count <= count_words(text) // AT_PLACE_WORDS, f"{count} in {count_words(text)} words"
