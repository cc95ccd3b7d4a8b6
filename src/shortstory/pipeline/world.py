"""World planning: the setting, supporting cast, objects, obstacle, stakes and turn of a story.

Everything is drawn from the genre's catalog entry and the premise with one seeded
``random.Random`` so that the same request and seed always plan the same world.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from random import Random
from typing import TypeVar

from lemminflect import getAllLemmas, getInflection

from shortstory.analysis.words import iter_words
from shortstory.pipeline.cast_names import is_family, pick_given
from shortstory.pipeline.catalog import Genre, Sense
from shortstory.pipeline.dated_words import anachronism
from shortstory.pipeline.idea_turns import idea_turn
from shortstory.pipeline.idea_words import idea_nouns
from shortstory.pipeline.idea_year import story_year
from shortstory.pipeline.models import Premise
from shortstory.pipeline.place_table import listed_place
from shortstory.pipeline.plan import CastMember, World
from shortstory.pipeline.setting_fit import fits as _fits
from shortstory.pipeline.setting_fit import fits_scene
from shortstory.pipeline.situation import place_palette, place_times, read_idea
from shortstory.pipeline.world_kinds import (
    fits_world,
    in_world,
    kept,
    premise_words,
    setting_in_world,
    world_palette,
    world_times,
    worlds_of,
)

_ROLE_CUT = re.compile(r"\s+(?:who|which|that|with|whose|from|in|on|at|of)\s.*$", re.IGNORECASE)


def short_role(role: str) -> str:
    """``"a harbour clerk who keeps ledgers"`` -> ``"the harbour clerk"``."""
    head = _ROLE_CUT.sub("", role.strip()).split(",")[0].strip()
    head = re.sub(r"^(?:a|an|the)\s+", "", head, flags=re.IGNORECASE)
    return f"the {head}"


_T = TypeVar("_T")
SENSES: tuple[Sense, ...] = ("sight", "sound", "smell", "touch", "taste")
_PALETTE_FLOOR = 6
"""Fewest phrases a planned sense may hold: the writer uses each at most two or three times."""

_NOT_COURTED = ("child", "grandmother", "grandfather", "mother", "father", "daughter", "son ")


def _idea_roles(people: list[str]) -> list[str]:
    """Cast roles for the people the idea names: "the groom's brother" as he is, one of a
    plural ("one of the toddlers' parents" would be a guess: "one of the tenants")."""
    roles = []
    for person in people:
        if person.startswith("the "):
            roles.append(person)
        elif person.endswith("s") and not person.endswith("ss"):
            roles.append(f"one of the {person}")
        else:
            roles.append(("an " if person[0] in "aeiou" else "a ") + person)
    return roles


def _cast(genre: Genre, protagonist: str, size: int, rng: Random,
          people: list[str] | None = None, where: set[str] | None = None,
          year: int | None = None, worlds: frozenset[str] = frozenset()) -> list[CastMember]:
    taken = {part.lower() for part in protagonist.split()}
    given = [n for n in genre.names.given if n.lower() not in taken]
    family = [n for n in genre.names.family if n.lower() not in taken]
    rng.shuffle(given)
    rng.shuffle(family)
    # "a crow who owes the character a debt" is a form; a cab driver is no one's in 1790
    roles = _in_time(_named_nobody(genre.cast_roles), genre.id, year)
    rng.shuffle(roles)
    roles = kept(roles, worlds)  # no harbour master on a starship
    if where:
        # At the idea's own place, a role another place owns gives way (no harbour master and
        # no signalman on a farm) while enough others are left.
        fitting = [r for r in roles if _fits(r, where)]
        roles = fitting if len(fitting) >= size else roles
    # The idea's own people come first: a florist's story has the groom's brother in it.
    own = _idea_roles(people or [])
    kinds = {short_role(r).split()[-1] for r in own}  # the idea's brother is the only one
    roles = [*own, *(r for r in roles if r not in own and short_role(r).split()[-1] not in kinds)]
    if genre.id == "romance":
        # The second of the cast is the one the protagonist is drawn to: a grown stranger or
        # friend, not a child or a grandmother.
        courted = [r for r in roles if not any(w in r for w in _NOT_COURTED)]
        if courted and len(roles) > 1 and courted[0] not in own:
            roles.remove(courted[0])
            roles.insert(1, courted[0])
    stances = ["ally", "obstacle", "witness"]
    cast = []
    used: set[str] = set()
    parts = protagonist.split()
    own_surname = parts[-1] if len(parts) > 1 and parts[-1][:1].isupper() else ""
    for n in range(size):
        role = roles[n % len(roles)]
        # Full names: a genre's name lists are short, and two stories sharing a "Tobias" would
        # share every sentence he is in; "Tobias Vane" is rarely in two stories of a genre.
        first = pick_given(given, role, used)
        used.add(first)
        # The protagonist's own family shares their family name ("Clare Penrose").
        surname = own_surname if own_surname and is_family(role) else family[n]
        name = f"{first} {surname}"
        cast.append(CastMember(name, role, short_role(role), stances[n % len(stances)]))
    return cast


def plan_world(premise: Premise, genre: Genre, tone: str, target_words: int,
               rng: Random) -> World:
    """Plan the world of one story from its premise and genre."""
    year = story_year(premise.idea, premise.theme)
    settings = _in_time(list(genre.settings), genre.id, year, lambda s: " ".join(
        [s.name, s.time, *s.places]))
    setting = rng.choice(settings)
    situation = read_idea(premise.idea)
    # The idea's world (a generation ship, a submarine, an arctic base) keeps out what cannot
    # be there: no church clock on a starship, no harbour in a desert (``data/worlds.json``).
    worlds = worlds_of(premise.idea, situation.place)
    own_words = premise_words(premise.idea, premise.character.quirk, premise.character.want,
                              premise.character.contradiction, premise.theme)
    situation = in_world(situation, worlds)
    if worlds and not situation.place:
        setting = setting_in_world(settings, setting, worlds, own_words, rng)
    places = _in_time(list(setting.places), genre.id, year)
    rng.shuffle(places)
    objects = _named_nobody(genre.objects)  # "a drawing of the character's house" is a form
    rng.shuffle(objects)
    objects = kept(_in_time(objects, genre.id, year), worlds, own_words)
    if situation.place:
        # The genre's props that belong to its own settings (a suit helmet, a ferry ticket)
        # stay there: at the idea's place, those that fit anywhere.
        where = {listed_place(situation.place), situation.kind}
        objects = [o for o in objects if fits_scene(o, where)] or objects
    setting_name = setting.name
    if situation.place:
        # The idea's own place is the story's place; the genre's settings would clash with it
        # (a lighthouse story in an auction house). Its first corner, where the central object
        # lives, opens the story; the others come in the order a visitor would find them.
        setting_name = situation.place
        corners = [c for c in situation.corners if of_period(c, genre.id, year)] or (
            situation.corners)
        own, common = corners[1:4], corners[4:]
        # Three of the place's own corners and two any such place has, so that two stories
        # set in one kind of place do not walk the same rooms.
        places = [corners[0], *rng.sample(own, min(3, len(own))),
                  *rng.sample(common, min(2, len(common)))]
    places = kept(places, worlds, own_words)
    object_count = 4 if target_words < 2000 else 7
    # Catalog phrases that say "the character" read as a form to fill in once on the page.
    stakes = rng.choice(_in_time(_named_nobody(genre.stakes), genre.id, year))
    obstacle = rng.choice(_in_time(_named_nobody(genre.obstacles), genre.id, year))
    if situation.place:
        # At the idea's own place, the genre's things that belong elsewhere ("the ferry not due
        # to dock" at a swimming pool) give way to those that fit anywhere.
        where = {listed_place(situation.place), situation.kind}
        obstacle = rng.choice([o for o in _in_time(_named_nobody(genre.obstacles), genre.id,
                                                    year) if _fits(o, where)] or [obstacle])
    if not fits_world(obstacle, worlds, own_words):
        obstacle = rng.choice(kept(_in_time(_named_nobody(genre.obstacles), genre.id, year),
                                   worlds, own_words))
    if situation.place:
        # What is at stake is the idea's own place, not a stake from the genre's list.
        place = situation.place
        corner = places[1] if len(places) > 1 else place
        stakes = rng.choice([f"the future of {place}", f"the keys to {corner}",
                             f"the last good year of {place}"])
    # Three people even in a short story: the writer's witness is the third, and with two the
    # witness would be the ally (or the one in the way) watching themselves.
    cast_size = min(3, len(genre.names.given) - 1, len(genre.names.family) - 1)
    where = {listed_place(situation.place), situation.kind} if situation.place else set()
    cast = _cast(genre, premise.character.name, cast_size, rng, situation.people, where, year,
                 worlds)
    if situation.place and genre.id == "mystery":
        # What stands in the way is the suspect's own: it ties the obstacle to the story. (Other
        # genres have no suspect: their obstacle stays the genre's own.)
        suspect = cast[1].name.split()[0]
        obstacle = rng.choice([f"{suspect}'s silence", f"{suspect}'s alibi"])
    leaning_dark = tone in {"dark", "melancholy", "eerie"}
    resolution = "refused" if rng.random() < (0.6 if leaning_dark else 0.35) else "resolved"
    time = setting.time
    if situation.place:
        # A genre setting's time belongs to that setting ("the week before a spring sale" is an
        # auction house's): the idea's own place takes a time that fits anywhere.
        own_times = {s.time.lower() for s in genre.settings}
        time = rng.choice(_in_time(world_times(worlds) or [
            t for t in place_times() if t.lower() not in own_times], genre.id, year))
    turns = _in_time(list(genre.turns), genre.id, year)
    if situation.place:
        turns = [t for t in turns if _fits(t, {listed_place(situation.place),
                                               situation.kind})] or turns
    turn = rng.choice(kept(turns, worlds, own_words))
    own_roles = set(_idea_roles(situation.people))
    person = next((m.name for m in cast if m.role in own_roles), "")
    # The idea's own item, person or place turns out not to be what it seemed: the genre's
    # catalog turn (the same nine for every idea) only when the idea names none of them.
    turn = idea_turn(genre.id, situation.item, person, situation.place, rng,
                      situation.corners) or turn
    palette = plan_palette(genre, situation.place, rng, situation.kind)
    ours = world_palette(worlds)
    for sense, phrases in palette.items():
        palette[sense] = [p for p in phrases if of_period(p, genre.id, year)] or phrases
        if worlds:
            # The world's own texture first; any other phrase only where it fits the world.
            palette[sense] = [*(p for p in ours.get(sense, ()) if of_period(p, genre.id, year)),
                              *(p for p in palette[sense] if fits_world(p, worlds, own_words))]
    return World(
        setting=setting_name,
        places=places[:5],
        time=time,
        cast=cast,
        objects=objects[:object_count],
        obstacle=obstacle,
        stakes=stakes,
        turn=turn,
        resolution=resolution,
        idea_nouns=idea_nouns(premise.idea)[:6],
        situation=situation.to_dict(),
        palette=palette,
        year=year,
    )


def plan_palette(genre: Genre, place: str, rng: Random, kind: str = "") -> dict[str, list[str]]:
    """The story's sensory phrases per sense: the place's own first, then the genre's.

    In a genre setting (``place`` empty) the genre's palette is the story's. At the idea's own
    place, its phrases (all of its own, and half as many again of its kind's) make two thirds
    of each sense; the rest are genre phrases, drawn with ``rng`` from those that no bound word
    ties to another kind of place.
    """
    genre_palette: dict[str, list[str]] = {sense: genre.palette.sense(sense) for sense in SENSES}
    kind, own, shared = place_palette(place, kind) if place else ("", {}, {})
    if not own and not shared:
        return genre_palette
    where = {listed_place(place), kind}
    palette: dict[str, list[str]] = {}
    for sense in SENSES:
        mine = list(own.get(sense, []))
        common = shared.get(sense, [])
        # A lighthouse should smell of paraffin more often than of any building's floor polish.
        takes = math.ceil(len(mine) / 2) if mine else len(common)
        mine += rng.sample(common, min(len(common), max(takes, _PALETTE_FLOOR - len(mine))))
        fitting = [p for p in genre_palette[sense] if p not in mine and _fits(p, where)]
        wanted = max(math.ceil(len(mine) / 2), _PALETTE_FLOOR - len(mine))
        chosen = rng.sample(fitting, min(wanted, len(fitting)))
        # A place with few phrases of its own and a genre whose phrases are all bound: the
        # writer needs something to say, and a misplaced phrase is better than a gap.
        rest = [p for p in genre_palette[sense] if p not in mine and p not in chosen]
        gap = max(0, _PALETTE_FLOOR - len(mine) - len(chosen))
        palette[sense] = [*mine, *chosen, *rest[:gap]]
    return palette


def of_period(phrase: str, genre_id: str, year: int | None = None) -> bool:
    """Whether ``phrase`` fits a story of ``genre_id`` set in ``year``: nothing dated after the
    year (no switchboard in 1790), and without one, no van or café in a period genre."""
    return not anachronism(phrase, genre_id, year, sentences=year is not None)


def _in_time(items: list[_T], genre_id: str, year: int | None,
             text: Callable[[_T], str] = str) -> list[_T]:
    """The catalog's ``items`` that fit a story set in ``year`` (all of them when none does, or
    when the idea names no year: a period genre's catalog is its own period's)."""
    if year is None:
        return items
    return [item for item in items if of_period(text(item), genre_id, year)] or items


def _named_nobody(phrases: tuple[str, ...] | list[str]) -> list[str]:
    plain = [p for p in phrases if "the character" not in p]
    return plain or list(phrases)


def head_phrase(phrase: str) -> str:
    """The head of a noun phrase: ``"a bottle of ink the wrong colour"`` -> ``"bottle of ink"``."""
    words = re.sub(r"^(?:a|an|the|some)\s+", "", phrase.strip(), flags=re.IGNORECASE).split()
    cut = {"who", "that", "which", "with", "from", "the", "left", "used", "in", "on", "at", "for",
           "of", "where", "when", "whose", "by", "under", "over", "near", "beside", "to", "into",
           "and", "or", "a", "an", "as", "like", "than", "never", "still", "once", "only",
           "always", "not", "already", "behind", "below", "above", "beyond", "between",
           "outside", "inside", "across", "along", "round", "around", "through", "during", "after",
           "neither", "nobody", "no", "none", "either", "will", "would", "can", "could", "must",
           "about", "against", "without", "among", "towards", "toward", "beneath", "past"}
    head = [words[0]]
    measures = {"pair", "bottle", "box", "sheaf", "bundle", "jar", "cup", "set", "piece", "scrap",
                "roll", "ring", "bag", "packet", "tin", "sack", "loaf", "slice", "pot", "bunch"}
    start = 1
    if len(words) > 2 and words[0].lower() in measures and words[1].lower() == "of":
        head = words[:3]  # "pair of reading glasses": the measure keeps what it measures
        start = 3
    for word in words[start : start + 3]:
        lower = word.lower()
        lemmas = getAllLemmas(lower)
        verb = lemmas.get("VERB", ())
        participle = bool(verb) and lower not in verb and (
            "NOUN" not in lemmas or lower in getInflection(verb[0], "VBN")
        )
        # "bed", "shed": a noun ending in -ed is not a participle
        past = lower.endswith("ed") and "NOUN" not in lemmas
        if lower in cut or word.endswith(",") or past or participle or (
            verb and "NOUN" not in lemmas and "ADJ" not in lemmas
        ):
            break
        head.append(word)
    while head and head[-1].lower() in {"of", "and"}:
        head.pop()
    return " ".join(head)


def _titled(phrase: str) -> str:
    small = {"of", "and", "in", "on", "at", "to", "a", "the", "by", "with", "for"}
    return " ".join(w if (i and w in small) else w[:1].upper() + w[1:]
                    for i, w in enumerate(phrase.split()))


_HONORIFICS = frozenset({"Dr", "Mr", "Mrs", "Ms", "Miss", "Inspector", "Captain", "Sister",
                         "Brother", "Father", "Mother", "Professor", "Sir", "Lady", "Lord",
                         "Detective", "Sergeant", "Officer", "Aunt", "Uncle", "Madame", "Monsieur"})
_NOT_TITLES = frozenset({"who", "whom", "whose", "what", "which", "find", "finds", "none", "rest",
                         "other", "others", "way", "thing", "things", "one", "lot"})


def _title_name(full_name: str) -> str:
    """The word of a protagonist's name a title calls them by: the first that is no
    honorific."""
    given = [w for w in full_name.split() if w.rstrip(".") not in _HONORIFICS]
    return (given or full_name.split())[0]


def retitled(title: str, old_name: str, new_name: str) -> str:
    """``title`` with the protagonist called by ``new_name`` where it called them by
    ``old_name`` (full names: "Maren's Lamp" for Maren Holt is "Ada's Lamp" for Ada Holt)."""
    old, new = _title_name(old_name), _title_name(new_name)
    return re.sub(rf"(?<![\w'’-]){re.escape(old)}(?![\w-])", lambda _: new, title)


_ON = frozenset({"ship", "ferry", "island", "moon", "bridge", "submarine", "boat", "train",
                 "station", "farm", "border", "allotment", "estate", "coast"})
_IN = frozenset({"town", "village", "city", "suburb", "valley", "forest", "colony", "dome",
                 "orchard", "garden", "park", "kitchen", "mine", "archive", "vault", "studio",
                 "office", "house", "flat", "cemetery", "vineyard", "camp"})


def _at(place: str) -> str:
    """The preposition a title puts before the place: nights on the ship, in the town."""
    head = place.split()[-1].lower() if place else ""
    return "on" if head in _ON else "in" if head in _IN else "at"


def make_title(world: World, premise: Premise, rng: Random) -> str:
    """A short title from the story's things, people and places (never its protagonist's job),
    in one of many shapes, so two seeds of one premise seldom share a title's frame."""
    name = _title_name(premise.character.name)
    # The title's shape is drawn per premise as well as per seed: one seed must not give every
    # premise the same frame.
    rng = Random(f"{rng.getrandbits(32)}:{premise.idea}")
    # The idea's first nouns are usually its protagonist ("A lighthouse keeper…"): skip them.
    opening = {w.lower for w in list(iter_words(premise.idea))[:3]}
    situation = world.situation or {}
    skipped = opening | _NOT_TITLES | set(str(situation.get("role", "")).split())
    things = [n for n in world.idea_nouns if n not in skipped and not n.endswith("ing")]
    item = str(situation.get("item", ""))
    # With no prop, the person the idea names is the story's other centre ("The Listener").
    people = [p for p in situation.get("people", ()) if len(str(p).split()) == 1]
    picked = head_phrase(item) if item else (
        str(people[0]) if people else
        things[0] if things else head_phrase(world.objects[0]))
    thing = _titled(re.sub(r"^(?:bundle|packet|pair|sheaf|stack|set|crate|purse|ring|envelope) of ",
                           "", picked))
    other = _titled(things[1] if len(things) > 1 else head_phrase(world.objects[-1]))
    home = re.sub(r"^(?:a|an|the)\s+", "", str(situation.get("place") or world.setting))
    home = _titled(home if len(home.split()) <= 3 else head_phrase(home))
    event = _titled(re.sub(r"^(?:a|an|the)\s+", "", str(situation.get("event", ""))))
    shapes = [
        f"The {thing}",
        f"{name}'s {thing}",
        f"The {thing} {_at(home)} the {home}" if thing != home else f"The Last {thing}",
        f"{name} and the {thing}",
        f"The {thing} and the {other}" if thing != other else f"Before the {thing}",
        f"After the {thing}",
        f"The Last Night {_at(home)} the {home}",
        f"What the {thing} Knew",
        f"Nights {_at(home)} the {home}",
        f"Keeping the {thing}" if item else f"{name} {_at(home)} the {home}",
    ]
    if event and len(event.split()) <= 4:
        # The occasion the idea builds to titles the story as well as its things do.
        shapes += [f"The {event}", f"Before the {event}", f"{name} at the {event}"]
    return rng.choice(shapes)
