"""Per-genre spines: every shaped genre tells its own turn, not the mystery's."""

from __future__ import annotations

import re

import pytest

from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.planning import plan_story
from shortstory.writers.procedural import ProceduralWriter
from shortstory.writers.procedural.writer import _genre_spines, genre_lexicon, lexicon

WRITER = ProceduralWriter()
SHAPED = ("romance", "horror", "humour", "thriller", "science-fiction", "fantasy", "literary",
          "historical")


def _request(genre: str, seed: int) -> StoryRequest:
    return StoryRequest.model_validate({
        "premise": {"idea": "A lighthouse keeper finds the lamp lit every night by someone else.",
                    "character": {"name": "Nell Achterberg", "pronouns": "she/her",
                                  "want": "to be left in peace"},
                    "theme": "the courage to ask for help"},
        "genre": genre, "structure": "three-act",
        "scaffold": {"pov": "close_third", "tense": "past"},
        "target_words": 1000, "seed": seed,
    })


def _fixed_parts(templates: list[list[str]]) -> set[str]:
    # The longest run of each template free of slots and of the everyday words a story's
    # idiolect may swap ("morning" -> "first light"): it reaches the page as written.
    swapped = "|".join(re.escape(group[0]) for group in lexicon().get("idiolect", []))
    breaks = re.compile(r"\{[^}]*\}|\[[^\]]*\]" + (rf"|\b(?:{swapped})\b" if swapped else ""))
    parts = set()
    for group in templates:
        for template in group:
            runs = breaks.split(template.removeprefix("~"))
            parts.add(max((r.strip(" ,.:;“”") for r in runs), key=len))
    return parts


def test_every_shaped_kind_replaces_one_the_lexicon_has() -> None:
    base = lexicon()
    for genre, shape in _genre_spines().items():
        if genre.startswith("_"):
            continue
        for function, kinds in shape.get("core", {}).items():
            assert set(kinds) <= set(base["core"][function]), (genre, function)
        for function, groups in shape.get("spine", {}).items():
            mystery = {kind for part in base["spine"].get(function, {}).values()
                       for kind, _ in part}
            ours = {kind for part in groups.values() for kind, _ in part}
            assert ours == mystery, (genre, function)
        assert set(shape.get("lines", {})) <= set(base["lines"]), genre


def test_shaped_genres_leave_out_the_suspicion_scenes() -> None:
    suspicion = set(_genre_spines()["_mystery_scenes"])
    base = {t for pool in lexicon()["pools"].values() for t in pool}
    assert suspicion <= base
    for genre in SHAPED:
        kept = {t for pool in genre_lexicon(genre)["pools"].values() for t in pool}
        assert not kept & suspicion, genre


def test_unshaped_genre_keeps_the_lexicon() -> None:
    assert genre_lexicon("mystery") is lexicon()


@pytest.mark.parametrize("genre", SHAPED)
@pytest.mark.parametrize("seed", [3, 4])
def test_shaped_genre_tells_its_own_turn(genre: str, seed: int) -> None:
    text = WRITER.render(plan_story(_request(genre, seed)))
    own = _fixed_parts(genre_lexicon(genre)["core"]["turn"]["start"])
    mystery = _fixed_parts(lexicon()["core"]["turn"]["start"])
    assert any(part in text for part in own)
    assert not any(part in text for part in mystery)
