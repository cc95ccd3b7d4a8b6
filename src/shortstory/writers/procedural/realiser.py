"""Realising sentence plans: filling a template's slots for one POV, tense and story world.

A template is text with slots in braces. The protagonist's slots follow the scaffold's POV;
verb slots hold a lemma and are inflected for the subject last named and the story's tense.

===================  ===========================================================================
slot                 renders
===================  ===========================================================================
``{P}``              the protagonist as subject: I / you / she, he, they or the name (close third
                     names them at a beat's start and now and then after); sets the verb person
``{Po}`` ``{Pp}``    object, possessive, reflexive (``{Pr}``) forms; ``{Pn}`` the name (dialogue)
``{v:lemma}``        finite verb agreeing with the last subject; ``{v3:…}`` third person
                     singular (plural after a plural noun slot or ``the <plural noun>``, and
                     ``there {v3:be} {sound}`` agrees with the sound); ``{vp:…}`` plural;
                     ``{perf:…}``/``{perf3:…}`` perfect (``had kept``/``has kept``; in present
                     narration a simple past beside a finished time, the lexicon's
                     ``past_time``), ``not_`` before the lemma negates it
``{A}`` ``{B}``      the ally, the obstacle-keeper and the witness by name (``{W}``); the first
                     mention adds who they are; ``{Ai}`` etc. are kept for older templates
``{As}`` ``{Ao}``    a cast member's she/he and her/him (``{Ap}`` her/his/their), by the role's
                     sex, then the given name; the given name when neither says (``B``, ``W``)
``{Gs}`` ``{Go}``    a group that includes the protagonist, by POV: we / you / they, us / you /
                     them, ``{Gp}`` our / your / their, ``{Gr}`` ourselves / yourselves /
                     themselves ("neither of {Go}", "both {Gp} childhoods"); its verbs are
                     ``{vp:…}`` (``{v3:…}`` right after ``{Gs}`` is made plural too)
``{place}`` …        world slots: ``place place2 time time_phrase obj thing obstacle stakes``,
                     ``_cap`` capitalises; a place takes the preposition its kind of spot needs
                     (``in`` a room, ``on`` a platform, ``at`` a rail) and only a room follows
                     words like ``the door of`` (the lexicon's ``place_frames``)
``{want}`` …         premise slots: ``want quirk quirk_ing contra trait theme idea turn``;
                     ``{quirk:act}`` (and ``quirk_ing``/``quirk_bare``) needs a deed, not a
                     standing habit ("keeps a pebble in each pocket"): the lexicon's
                     ``stative_verbs``
``{sight}`` …        a palette phrase (each phrase at most twice per story)
``{q:kind}``         a dialogue line of that kind (``{qc:…}`` ends it with a comma for a tag)
``{home}``           the idea's place; ``{item}`` its central object (where the line or its
                     scene pockets or moves what cannot be, its carrier: "the key to the
                     lift", :mod:`.slots.held`); ``{role_a}`` the protagonist's job; ``{told}``
                     their deed (the idea is never said whole)
``{clue}``           the clue found last; ``{next_clue}`` finds the next one (fails when none is
                     left or, for ``{clue}``, none is found yet); ``{thing}`` only names objects
                     the story has already introduced
===================  ===========================================================================

Each family of slots lives in a module of its own under :mod:`.slots` (verbs and
agreement, cast, places, premise, dialogue, clues); the realiser joins them and fills a
template slot by slot, verbs agreeing with the noun phrase a slot has just filled in.

A slot that cannot be filled (no quirk given, palette spent) makes the template fail, and the
composer tries another; so does a template whose own words belong to another setting than the
idea's place (:mod:`shortstory.pipeline.setting_fit`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from random import Random
from typing import Any

from shortstory.pipeline.catalog import Genre
from shortstory.pipeline.plan import StoryPlan
from shortstory.pipeline.setting_fit import fits_scene, own_place
from shortstory.pipeline.world_kinds import fits_world, out_of_world
from shortstory.writers.procedural.grammar import PLURAL, conjugate, is_plural_noun
from shortstory.writers.procedural.period import out_of_period
from shortstory.writers.procedural.slots.cast import KEYS as CAST_KEYS
from shortstory.writers.procedural.slots.cast import CastSlots
from shortstory.writers.procedural.slots.clues import KEYS as CLUES_KEYS
from shortstory.writers.procedural.slots.clues import ClueSlots
from shortstory.writers.procedural.slots.dialogue import KEYS as DIALOGUE_KEYS
from shortstory.writers.procedural.slots.dialogue import DialogueSlots
from shortstory.writers.procedural.slots.places import KEYS as PLACES_KEYS
from shortstory.writers.procedural.slots.places import PlaceSlots, fit_at, fit_side
from shortstory.writers.procedural.slots.premise import KEYS as PREMISE_KEYS
from shortstory.writers.procedural.slots.premise import PremiseSlots
from shortstory.writers.procedural.slots.state import SENSES, SlotUnavailable
from shortstory.writers.procedural.slots.verbs import KEYS as VERB_KEYS
from shortstory.writers.procedural.slots.verbs import (
    VerbSlots,
    is_plural_np,
    is_present_participle,
    repeats_verb,
)
from shortstory.writers.procedural.timescale import tells_long_span, without_long_spans
from shortstory.writers.procedural.wording import (
    capitalise,
    capitalise_sentences,
    fitting_choices,
)

__all__ = ["Realiser", "SlotUnavailable"]

SLOT = re.compile(r"\{([A-Za-z0-9_]+)(?::([^}]+))?\}")
NOUN_SLOTS = frozenset({"place", "place2", "obj", "thing", "item", "clue", "next_clue", "obstacle",
                        "stakes", "home", "setting", "idea_noun", "touch_np", *SENSES})
"""Slots that fill in a noun phrase: a verb slot next to one agrees with its number."""
FRONTED_PLACE = re.compile(r"(?:from|through|behind|beyond|across|below|above|out of) [^,]*$",
                           re.IGNORECASE)
"""A sentence opening on a place, its verb next ("From the yard {v3:come} {sound}")."""
THERE = re.compile(r"\bthere\s*$", re.IGNORECASE)
LITERAL_SUBJECT = re.compile(r"\bthe (?:[a-z]+ ){0,2}([a-z]+) $")
ONE_OF = re.compile(r"\b(?:one|each|either|neither|none|any) of $")
PLURAL_PRONOUN = re.compile(r"(?:\b[Tt]hey|\{[Gg]s\}) (?:both |all )?$")
"""'they' or the group slot before a verb slot: "as if they had been told", never "as if they has
been told", and "we both were", never "we both was" (the context is read in lower case)."""
NARRATOR_FIRST = re.compile(r"(^|[^\w’'])I and ((?:[A-Z][\w’'-]*)(?: [A-Z][\w’'-]*)*(?:, [^,.]+,)?)"
                            r"(?= )")
PLACE_PREPOSITION = re.compile(r"\b([Ii]n|[Ii]nside|[Ii]nto) \{(place2?)\}")
"""``in {place}``: the preposition goes into the slot, which fits it to the kind of spot."""


_LAST_WORD = re.compile(r"\b([A-Za-z’']+)[ ,;:—-]+$")
_FIRST_WORD = re.compile(r"^[ ,;:—-]*([A-Za-z’']+)\b")
_AT_END = re.compile(r"(?:\b([\w’']+) )?\b([Aa]t) $")
_PREPOSITION_END = re.compile(r"\b(?:at|in|on|of|from|to|with|by|for|under|near|behind|inside|"
                              r"into|across|over|through|beside|around|outside|about|against|"
                              r"among|past|without|towards?|beneath|below|above|along|round|"
                              r"between|like|than) $", re.IGNORECASE)
_GERUND_END = re.compile(r"\b(\w+ing) $", re.IGNORECASE)
"""A verb's -ing form before a noun slot: the noun is its object ("Keeping {target} means")."""
_ARTICLES = frozenset({"the", "a", "an"})


def undoubled(before: str, text: str, after: str, key: str) -> str:
    """``text`` as it may stand between the template's words: "the {obj}" with "the logs" says
    "the" once; a phrase ending in the template's next word ("a ledger bound" before ", bound
    with thread") or beginning with its last does not fit this line."""
    words = text.split()
    if not words:
        return text
    last = _LAST_WORD.search(before)
    if last and last.group(1).lower() == words[0].lower():
        if words[0].lower() in _ARTICLES and len(words) > 1:
            return " ".join(words[1:])
        raise SlotUnavailable(key)
    first = _FIRST_WORD.match(after)
    # "the lean-to" before " to say" reads "lean-to to": a compound's last part counts too.
    if first and first.group(1).lower() == words[-1].strip(",;:").rsplit("-", 1)[-1].lower():
        raise SlotUnavailable(key)
    return text


@lru_cache(maxsize=8192)
def _placed(template: str, where: frozenset[str]) -> str | None:
    """``template`` without its alternatives whose own words (its slots are the story's) belong
    to another place ("[under a loose board|in the mud at low water]" at a hotel keeps the
    board); None when a word outside them does, or no alternative is left."""
    return fitting_choices(template, lambda words: fits_scene(SLOT.sub(" ", words), where))


@lru_cache(maxsize=8192)
def _worldly(template: str, worlds: frozenset[str], own: frozenset[str]) -> str | None:
    """``template`` without its alternatives whose own words cannot be in ``worlds`` (no "[rain
    on the roof|a fan in the vent]" rain on a starship); None when a word outside them cannot
    be, or no alternative is left."""
    return fitting_choices(template,
                           lambda words: fits_world(SLOT.sub(" ", words), worlds, own))


class Realiser(VerbSlots, CastSlots, PlaceSlots, ClueSlots, PremiseSlots, DialogueSlots):
    """Fills templates for one story: its plan, genre and lexicon, with its own ``Random``."""

    def __init__(self, plan: StoryPlan, genre: Genre, lexicon: dict[str, Any],
                 rng: Random) -> None:
        super().__init__(plan, genre, lexicon, rng)
        self._init_verbs()
        self._init_cast()
        self._init_places()
        self._init_clues()
        self._init_premise()
        self._init_dialogue()
        request = plan.story_request
        character = request.premise.character
        self.premise_words = frozenset(re.findall(r"[\w'’-]+", " ".join(
            [request.premise.idea, character.quirk, character.contradiction, character.want,
             request.premise.theme]).lower()))
        """The premise's own words, which fit its story whatever the period."""
        self.own_place = own_place(self.situation)
        self.at_heads: dict[str, list[str]] = lexicon.get("place_frames", {}).get("at_heads", {})
        self.at_keep = frozenset(self.at_heads.get("keep_after", ()))

    def slot(self, key: str, arg: str | None, dialogue: bool) -> str:
        """Render one slot (see the module table) by its family."""
        if arg is None and key.endswith("_cap"):
            return capitalise(self.slot(key[:-4].lower() if key[0] == "W" else key[:-4],
                                        None, dialogue))
        if key in VERB_KEYS and arg is not None:
            return self.verb_slot(key, arg)
        if key in CAST_KEYS and arg is None:
            return self.cast_slot(key, dialogue)
        if key in PLACES_KEYS:
            if arg is not None and key not in {"place", "place2"}:
                raise KeyError(key)
            return self.place_slot(key, arg)
        if key in CLUES_KEYS and arg is None:
            return self.clue_slot(key)
        if key in PREMISE_KEYS:
            return self.premise_slot(key, arg, dialogue)
        if key in DIALOGUE_KEYS:
            return self.dialogue_slot(key, arg)
        raise KeyError(key)

    def _plural_subject_before(self) -> bool:
        """Whether the words just before a verb slot are a plural subject ("the gulls",
        "they")."""
        context = self._context()
        found = LITERAL_SUBJECT.search(context)
        if found is not None and ONE_OF.search(context, 0, found.start()):
            return False  # "one of the questions answers another"
        return (found is not None and is_plural_noun(found.group(1))) or bool(
            PLURAL_PRONOUN.search(context))

    def fill(self, template: str, dialogue: bool = False) -> str:
        """Render ``template``; raises :class:`SlotUnavailable` if a slot cannot be filled."""
        self.handles_in(template)
        if self.own_place:
            # "The station ran a diagnostic at 0400 ship time" in a story set in a village
            # attic: a template whose own words belong to another setting is not told here.
            placed = _placed(template, self.own_place)
            if placed is None:
                raise SlotUnavailable("setting")
            template = placed
        if self.worlds:
            # "Somewhere a church clock struck" on a generation ship: what cannot be in the
            # story's world is not told there, whichever path the line came by.
            worldly = _worldly(template, self.worlds, self.world_own)
            if worldly is None:
                raise SlotUnavailable("world")
            template = worldly
        if self.short_span:
            # A story of hours tells no weeks ("nine hours to cross a border" lasted weeks).
            shorter = without_long_spans(template)
            if shorter is None:
                raise SlotUnavailable("span")
            template = shorter
        template = self.idiolect.apply(template)
        if "{place" in template:
            template = PLACE_PREPOSITION.sub(r"{\2:\1}", template)
        if not dialogue and ("{place" in template or "{home}" in template):
            template = self.placed(template)
        if not dialogue:
            self._fill_trait = None  # one trait per sentence, the next one next time
            self._named_in_fill = False
        text = self._fill_slots(template, dialogue)
        text = fit_side(fit_at(text, self.at_heads))
        if out_of_period(text, self.genre.id, self.premise_words, self.plan.world.year):
            # "wet tarmac" in 1890, "a switchboard" in 1790, "a light switch" in a dragon's
            # cave: another line is told.
            raise SlotUnavailable("period")
        if out_of_world(text, self.worlds, self.world_own):
            raise SlotUnavailable("world")
        if self.short_span and tells_long_span(text):
            raise SlotUnavailable("span")
        if dialogue:
            return text
        text = self.spend_at_places(text)
        # "I and Miriam talked" -> "Miriam and I talked" (a name with its introduction)
        if "I and " in text:
            text = NARRATOR_FIRST.sub(r"\1\2 and I", text)
        text = text.replace(",,", ",").replace(",.", ".")
        text = re.sub(r",(\s*[:;.!?])", r"\1", text)
        return capitalise_sentences(text)

    def _at_for(self, literal: str, place: str) -> str:
        """The template's "at" before a place slot made the place's own preposition: "who has
        been at {home} longer than anyone" with "the marshes" is "on the marshes" (the text's
        own check cannot tell where a place slot's words end)."""
        found = _AT_END.search(literal)
        words = place.lower().split()
        if not found or not words or (found.group(1) or "").lower() in self.at_keep:
            return literal
        head = words[-1]
        preposition = ("on" if head in self.at_heads.get("on", ()) else
                       "in" if head in self.at_heads.get("in", ()) else None)
        if preposition is None:
            return literal
        if found.group(2)[0] == "A":
            preposition = preposition.capitalize()
        return literal[:found.start(2)] + preposition + literal[found.end(2):]

    def _fill_slots(self, template: str, dialogue: bool) -> str:
        # Verbs agree with the noun phrase a slot fills in: "{obj} {v3:show}" with "the logs"
        # shows nothing no more, and "there {v3:be} {sound}" waits for the sound to know
        # whether there was a sound or there were footsteps.
        pieces: list[str] = []
        last_noun: str | None = None
        """The text of the noun slot just before, if only spaces follow it."""
        pending_be: tuple[int, str] | None = None
        last_verb = ""
        position = 0
        for match in SLOT.finditer(template):
            start = match.start()
            literal = template[position:start]
            position = match.end()
            pieces.append(literal)
            between = literal.strip()
            if between:
                last_noun = None
                if between not in {"only", "no"}:
                    pending_be = None
            key, arg = match.group(1), match.group(2)
            self._slot_at = (template, start, position)
            if arg is not None and key in {"v3", "perf3"}:
                plural = (last_noun is not None and is_plural_np(last_noun)) or (
                    self._plural_subject_before())
                if plural:
                    text = (self._perfect(arg, PLURAL) if key == "perf3"
                            else self.slot("vp", arg, dialogue))
                    self._after_question = False
                else:
                    text = self.slot(key, arg, dialogue)
                last_verb = arg
                if key == "v3" and (THERE.search(pieces[-1])
                                    or FRONTED_PLACE.match(self._sentence()[0])):
                    # "there was a sound", "From the yard comes a sound": the verb waits for
                    # what follows it, its subject, to know its number.
                    pending_be = (len(pieces), arg)
                pieces.append(text)
                last_noun = None
                continue
            text = undoubled(literal, self.slot(key, arg, dialogue), template[position:], key)
            if key in {"home", "place", "place2", "setting"} and arg is None:
                pieces[-1] = self._at_for(pieces[-1], text)
            if arg is not None and key in {"v", "vp"}:
                last_verb = arg
            if key.removesuffix("_cap") in NOUN_SLOTS:
                if last_verb and repeats_verb(text, last_verb):
                    # "found a doll's shoe found in the mud": the phrase does not fit this frame
                    raise SlotUnavailable(key)
                if pending_be is not None and is_plural_np(text):
                    index, lemma = pending_be
                    verb = conjugate(lemma, PLURAL, self.tense)
                    pieces[index] = capitalise(verb) if pieces[index][:1].isupper() else verb
                # "nothing at {home} {v3:need}": a noun after a preposition is not the subject
                gerund = _GERUND_END.search(literal)
                placed = _PREPOSITION_END.search(f"{literal}") or _PREPOSITION_END.match(
                    text.split(" ", 1)[0] + " ") or (
                    gerund is not None and is_present_participle(gerund.group(1).lower()))
                last_noun = None if placed else text
            else:
                last_noun = None
            pending_be = None
            pieces.append(text)
        pieces.append(template[position:])
        return "".join(pieces)
