"""What kind of world a story is set in, and what cannot appear in it (``data/worlds.json``).

An idea set on a generation ship, a space station, a submarine, a desert outpost or an arctic
base puts its story in a world that some texture cannot reach: no church clock strikes on a
generation ship, no gull cries in a submarine, no harbour lies in a desert. A world kind is read
from the idea's own words (its ``marks``: "generation ship", "arctic") and from the listed place
it names (a submarine is always under the sea); each declares the words that cannot appear in it
(``excludes``, with shared ``groups``: open country, a parish church, the sea, the weather…).

Every path that puts texture into a story is held to them: the plan's palette, corners, props,
obstacle and turn (:mod:`.world`), and the writer's every filled sentence (its realiser), so
scene sentences, texture fill, genre sense pools and talk alike. A word of the premise itself is
the story's own ("a submarine under the Arctic sea" has its sea) and always fits.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from random import Random
from typing import Any

from shortstory.pipeline.catalog import Setting
from shortstory.pipeline.place_table import _places, common_corners, listed_place
from shortstory.pipeline.situation import Situation

__all__ = ["excluded", "fits_world", "in_world", "kept", "out_of_world", "premise_words",
           "renamed_place", "setting_in_world", "world_kinds", "world_palette", "world_setting",
           "world_times", "worlds_of"]

DATA = Path(__file__).parent / "data" / "worlds.json"
SENSES = ("sight", "sound", "smell", "touch", "taste")
_WORD = re.compile(r"[\w'’-]+")


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    with DATA.open(encoding="utf-8") as handle:
        table: dict[str, Any] = json.load(handle)
    return table


def world_kinds() -> dict[str, dict[str, Any]]:
    """Every world kind by name, as the table declares it."""
    return dict(_table()["worlds"])


@lru_cache(maxsize=32)
def excluded(world: str) -> tuple[str, ...]:
    """The words and phrases that cannot appear in ``world``, its groups expanded."""
    groups: dict[str, list[str]] = _table()["groups"]
    words: list[str] = []
    for entry in world_kinds()[world]["excludes"]:
        words += groups[entry[1:]] if entry.startswith("@") else [entry]
    return tuple(dict.fromkeys(w.lower() for w in words))


def _alternation(words: Iterable[str]) -> str:
    return "|".join(map(re.escape, sorted(set(words), key=len, reverse=True)))


@lru_cache(maxsize=1)
def _marks() -> list[tuple[str, re.Pattern[str]]]:
    return [(name, re.compile(rf"\b(?:{_alternation(m.lower() for m in world['marks'])})\b"))
            for name, world in world_kinds().items() if world["marks"]]


@lru_cache(maxsize=512)
def worlds_of(idea: str, place: str = "") -> frozenset[str]:
    """The world kinds ``idea`` is set in: those its words mark, and those of its listed
    ``place`` (empty when it names none of either)."""
    lower = idea.lower()
    found = {name for name, pattern in _marks() if pattern.search(lower)}
    listed = listed_place(place) if place else ""
    found |= {name for name, world in world_kinds().items() if listed in world["places"]}
    return frozenset(found)


@lru_cache(maxsize=64)
def _pattern(worlds: frozenset[str]) -> re.Pattern[str] | None:
    words = [word for world in sorted(worlds) for word in excluded(world)]
    if not words:
        return None
    return re.compile(rf"\b(?:{_alternation(words)})(?:s|es|'s|’s)?\b", re.IGNORECASE)


def out_of_world(text: str, worlds: frozenset[str],
                 allowed: frozenset[str] = frozenset()) -> str:
    """The first word or phrase of ``text`` that cannot appear in ``worlds`` ("" when none), a
    phrase all of whose words are ``allowed`` (the premise's, lower case) aside."""
    pattern = _pattern(worlds) if worlds else None
    if pattern is None:
        return ""
    for match in pattern.finditer(text):
        words = set(_WORD.findall(match.group(0).lower()))
        if not words <= allowed:
            return match.group(0).lower()
    return ""


def fits_world(phrase: str, worlds: frozenset[str],
               allowed: frozenset[str] = frozenset()) -> bool:
    """Whether ``phrase`` may appear in a story set in ``worlds``."""
    return not out_of_world(phrase, worlds, allowed)


def premise_words(*texts: str) -> frozenset[str]:
    """The premise's own words, lower case: they fit its story whatever its world."""
    return frozenset(word for text in texts for word in _WORD.findall(text.lower()))


def world_palette(worlds: frozenset[str]) -> dict[str, list[str]]:
    """The phrases of the worlds' own palettes, per sense (each kept only where it fits all
    the story's worlds)."""
    out: dict[str, list[str]] = {sense: [] for sense in SENSES}
    for name in sorted(worlds):
        for sense, phrases in world_kinds()[name].get("palette", {}).items():
            out[sense] += [p for p in phrases if p not in out[sense] and fits_world(p, worlds)]
    return out


def world_setting(worlds: frozenset[str]) -> dict[str, Any] | None:
    """The setting of the first of ``worlds`` (by name) that declares one."""
    for name in sorted(worlds):
        setting = world_kinds()[name].get("setting")
        if setting:
            return dict(setting)
    return None


def renamed_place(place: str, worlds: frozenset[str]) -> str:
    """The listed place a bare place word names in ``worlds`` (an arctic base's "station" is a
    research station), or "" when none of them renames it."""
    name = re.sub(r"^the\s+", "", place.lower())
    for world in sorted(worlds):
        renamed = world_kinds()[world].get("renames", {}).get(name)
        if renamed:
            return str(renamed)
    return ""


def world_times(worlds: frozenset[str]) -> list[str]:
    """The times the worlds declare for a story at the idea's own place (empty: any)."""
    return [time for name in sorted(worlds) for time in world_kinds()[name].get("times", ())]


def kept(phrases: Iterable[str], worlds: frozenset[str],
         allowed: frozenset[str] = frozenset()) -> list[str]:
    """``phrases`` that fit ``worlds``, or all of them when none does (a plan needs one)."""
    phrases = list(phrases)
    return [p for p in phrases if fits_world(p, worlds, allowed)] or phrases


def in_world(situation: Situation, worlds: frozenset[str],
             own: frozenset[str] = frozenset()) -> Situation:
    """``situation`` with its place as the worlds name it: an arctic base's "the station" is
    the research station, with its corners; a place the worlds cannot hold and the idea does not
    name (a starship pilot's harbour, read from the job) is no place of the story's."""
    renamed = renamed_place(situation.place, worlds) if situation.place else ""
    table = _places()
    entry = table["places"].get(renamed)
    data = situation.to_dict()
    if entry is not None:
        data.update(place=f"the {renamed}", kind=entry["kind"],
                    corners=[*entry["corners"], *common_corners(entry)])
    elif situation.place and not fits_world(situation.place, worlds, own):
        data.update(place="", kind="", corners=[])
    else:
        return situation
    return Situation.from_dict(data)


def setting_in_world(settings: Iterable[Setting], setting: Setting, worlds: frozenset[str],
                     own: frozenset[str], rng: Random) -> Setting:
    """``setting`` (a genre's) if it fits the idea's world, else another of ``settings`` that
    does, else the world's own: a romance on a generation ship is set on the ship. In a world
    with a setting of its own (a sealed one: a space vessel, a submarine, the ice, the desert) a
    genre's setting fits only if its own words set it there too (no allotment on a starship)."""
    sealed = frozenset(name for name in worlds if world_kinds()[name].get("setting"))

    def fitting(candidate: Setting) -> bool:
        words = (candidate.name, *candidate.places)
        return all(fits_world(p, worlds, own) for p in words) and sealed <= worlds_of(
            " ".join(words))

    if fitting(setting):
        return setting
    others = [s for s in settings if fitting(s)]
    if others:
        return rng.choice(others)
    ours = world_setting(worlds)
    return Setting.model_validate(ours) if ours else setting
