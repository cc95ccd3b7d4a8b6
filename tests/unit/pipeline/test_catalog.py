"""The catalog's data files: complete, consistent, fresh, and loadable through the public API."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from shortstory.analysis.cliches import find_cliches
from shortstory.pipeline import catalog
from shortstory.pipeline.catalog import (
    Genre,
    Structure,
    UnknownGenre,
    UnknownStructure,
    UnknownTemplate,
)
from shortstory.pipeline.models import StoryRequest

REQUIRED_GENRES = {
    "literary", "science-fiction", "fantasy", "mystery", "horror",
    "romance", "thriller", "historical", "humour",
}
REQUIRED_STRUCTURES = {"three-act", "kishotenketsu", "freytag", "fichtean-curve", "in-medias-res"}
SENSES = ("sight", "sound", "smell", "touch", "taste")
ALL_GENRES = catalog.genres()
GENRE_IDS = [g.id for g in ALL_GENRES]


def _phrases(entry: Genre) -> list[tuple[str, str]]:
    """Every phrase a writer may put in a story, with where it came from."""
    found: list[tuple[str, str]] = []

    def add(where: str, items: list[str]) -> None:
        found.extend((where, item) for item in items)

    add("conventions", entry.conventions)
    for setting in entry.settings:
        add("settings", [setting.name, setting.time, *setting.places])
    for sense in SENSES:
        add(f"palette.{sense}", entry.palette.sense(sense))
    add("vocabulary.nouns", entry.vocabulary.nouns)
    add("vocabulary.verbs", entry.vocabulary.verbs)
    add("vocabulary.adjectives", entry.vocabulary.adjectives)
    for field in ("objects", "obstacles", "stakes", "cast_roles", "turns"):
        add(field, getattr(entry, field))
    for part in ("beginning", "middle", "end"):
        add(f"beat_shapes.{part}", entry.beat_shapes.for_part(part))
    return found


def test_every_required_genre_is_present() -> None:
    assert set(GENRE_IDS) >= REQUIRED_GENRES
    assert len(ALL_GENRES) >= 9


@pytest.mark.parametrize("genre_id", GENRE_IDS)
def test_genre_lists_meet_their_minimum_sizes(genre_id: str) -> None:
    entry = catalog.genre(genre_id)
    assert len(entry.settings) >= 6
    assert all(len(s.places) >= 3 for s in entry.settings)
    for sense in SENSES:
        assert len(entry.palette.sense(sense)) >= 12, sense
    for kind in ("nouns", "verbs", "adjectives"):
        assert len(getattr(entry.vocabulary, kind)) >= 20, kind
    for field in ("objects", "obstacles", "stakes", "cast_roles"):
        assert len(getattr(entry, field)) >= 10, field
    assert len(entry.names.given) >= 20
    assert len(entry.names.family) >= 20
    assert len(entry.turns) >= 8
    for part in ("beginning", "middle", "end"):
        assert entry.beat_shapes.for_part(part), part


@pytest.mark.parametrize("genre_id", GENRE_IDS)
def test_genre_lists_hold_no_duplicates(genre_id: str) -> None:
    entry = catalog.genre(genre_id)
    for where, items in [
        ("given", entry.names.given), ("family", entry.names.family),
        ("objects", entry.objects), ("turns", entry.turns), ("cast_roles", entry.cast_roles),
        *[(s, entry.palette.sense(s)) for s in SENSES],
    ]:
        lowered = [item.lower() for item in items]
        assert len(lowered) == len(set(lowered)), where


@pytest.mark.parametrize("genre_id", GENRE_IDS)
def test_no_catalog_phrase_is_a_cliche(genre_id: str) -> None:
    stale = [
        (where, phrase, [m.text for m in found])
        for where, phrase in _phrases(catalog.genre(genre_id))
        if (found := find_cliches(phrase))
    ]
    assert stale == []


def test_template_premises_hold_no_cliches() -> None:
    stale = []
    for entry in catalog.templates():
        premise = entry.request.premise
        character = premise.character
        for text in (premise.idea, premise.theme, character.quirk, character.contradiction,
                     character.want, *character.traits, entry.title):
            if find_cliches(text):
                stale.append((entry.id, text))
    assert stale == []


def test_every_required_structure_is_present_with_one_turn() -> None:
    ids = {s.id for s in catalog.structures()}
    assert ids >= REQUIRED_STRUCTURES
    for entry in catalog.structures():
        assert [b.role for b in entry.beats].count("turn") == 1, entry.id
        assert entry.beats[entry.turn_index].role == "turn"
        parts = [b.part for b in entry.beats]
        assert parts[0] == "beginning" and parts[-1] == "end", entry.id
        # Parts run in order: beginning, then middle, then end, never back.
        order = {"beginning": 0, "middle": 1, "end": 2}
        assert [order[p] for p in parts] == sorted(order[p] for p in parts), entry.id
        assert entry.beats[entry.turn_index].part != "beginning", entry.id


def test_a_structure_without_exactly_one_turn_is_refused() -> None:
    beat = {"role": "setup", "part": "beginning", "weight": 1.0, "purpose": "p"}
    raw = {"id": "flat", "name": "Flat", "description": "d", "beats": [beat, beat, beat]}
    with pytest.raises(ValidationError, match="exactly one 'turn'"):
        Structure.model_validate(raw)
    turn = {**beat, "role": "turn"}
    with pytest.raises(ValidationError, match="has 2"):
        Structure.model_validate({**raw, "beats": [beat, turn, turn]})


def test_templates_are_valid_requests_whose_genre_and_structure_exist() -> None:
    entries = catalog.templates()
    assert len(entries) >= 12
    assert len({t.request.genre for t in entries}) >= 8
    for entry in entries:
        assert entry.request.seed is None, entry.id
        catalog.genre(entry.request.genre)
        catalog.structure(entry.request.structure)
        body = entry.request.model_dump(mode="json", exclude_none=True)
        assert StoryRequest.model_validate(body) == entry.request


def test_template_file_matches_the_loaded_templates() -> None:
    raw = json.loads((catalog.DATA_DIR / "templates.json").read_text(encoding="utf-8"))
    assert [item["id"] for item in raw] == [t.id for t in catalog.templates()]
    assert len({item["id"] for item in raw}) == len(raw)


def test_lookups_are_case_insensitive_and_unknown_ids_list_the_valid_ones() -> None:
    assert catalog.genre("Mystery").id == "mystery"
    assert catalog.structure(" THREE-ACT ").id == "three-act"
    assert catalog.template("lamp-lit-by-another").request.genre == "mystery"
    with pytest.raises(UnknownGenre) as caught:
        catalog.genre("westerns")
    assert "mystery" in str(caught.value) and "westerns" in str(caught.value)
    assert caught.value.field == "genre"
    assert isinstance(caught.value, ValueError)
    with pytest.raises(UnknownStructure, match="three-act"):
        catalog.structure("hero's journey")
    with pytest.raises(UnknownTemplate):
        catalog.template("nope")


def test_genres_default_tone_is_a_scaffold_tone() -> None:
    from typing import get_args

    from shortstory.pipeline.models import Tone

    assert {g.default_tone for g in ALL_GENRES} <= set(get_args(Tone))
    assert len({g.default_tone for g in ALL_GENRES}) >= 5


@pytest.mark.parametrize("genre_id", GENRE_IDS)
def test_no_sound_brings_its_own_ending(genre_id: str) -> None:
    # Before: "For a moment Casimir hears boots on gravel, then nothing; then quiet." The
    # sentences a sound goes into end it themselves ("and then nothing", "once, and then quiet").
    # Nor its own count: "A key turning twice, once, and then quiet" (a blind reader's quote).
    ended = [s for s in catalog.genre(genre_id).palette.sense("sound")
             if re.search(r"\b(?:then|once|twice|three times)\b", s)]
    assert ended == []


def test_no_place_or_world_sound_brings_its_own_ending_or_count() -> None:
    # The place and world palettes' sounds go into the same sentences as the genres'.
    data = Path(__file__).parents[3] / "src" / "shortstory" / "pipeline" / "data"
    found = []
    for name, kinds in (("places.json", "places"), ("worlds.json", "worlds")):
        for entry in json.loads((data / name).read_text(encoding="utf-8"))[kinds].values():
            sounds = entry.get("palette", {}).get("sound", []) if isinstance(entry, dict) else []
            found += [s for s in sounds if re.search(r"\b(?:then|once|twice|three times)\b", s)]
    assert found == []


@pytest.mark.parametrize("genre_id", GENRE_IDS)
def test_a_palette_phrase_is_a_phrase(genre_id: str) -> None:
    # Before: "She catches goose on the air." (a blind reader's quote: a bare noun, "goose",
    # had strayed into the humour palette's smells from its list of nouns)
    entry = catalog.genre(genre_id)
    for sense in SENSES:
        bare = [p for p in entry.palette.sense(sense) if len(p.split()) < 2]
        assert not bare, (sense, bare)
