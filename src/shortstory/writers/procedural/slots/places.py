"""Place slots: where a scene is (``{place}``, ``{place2}``, ``{setting}``, ``{home}``), when
(``{time}``, ``{time_phrase}``) and what it is like (the palette's ``{sight}`` … ``{taste}``).

A place takes the preposition its kind of spot needs (``in`` a room, ``on`` a platform, ``at`` a
rail), and only a room follows words like ``the door of`` (the lexicon's ``place_frames``).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from shortstory.pipeline.situation import corner_frame
from shortstory.pipeline.world import head_phrase
from shortstory.pipeline.world_kinds import fits_world
from shortstory.writers.procedural.grammar import narrate_phrase
from shortstory.writers.procedural.period import out_of_period
from shortstory.writers.procedural.slots.state import SENSES, SlotState, SlotUnavailable
from shortstory.writers.procedural.wording import capitalise, third_person

KEYS = frozenset({"place", "place2", "setting", "time", "time_phrase", "home", "touch_np",
                  *SENSES})
PALETTE_USES = 2
PLACE_EVERY = 170
"""Scene sentences put a place after "at" at most once per this many words of story told:
"at the oven room" stapled to every other sentence is a tic, not a setting."""
AT_PLACE_WORDS = 150
"""A story says "at" one of its places at most once per this many words of its length (every
path counts: scenes, core sentences, talk, the premise's own words)."""
LENGTH_SLACK = 0.95
"""The share of its target a story is sure to reach (the fit keeps it within ±5 %)."""
PLACE_PHRASE = re.compile(r",?\s*\b[Aa]t\s+\{(?:place2?|home)\}")
"""A place slot after "at": an adjunct the sentence reads well without."""
_BE = (r"(\{(?:v3?|vp|perf3?):be\}|\b(?:is|are|was|were|be|been|am|isn't|wasn't|aren't|"
       r"weren't)|['’](?:re|s|m))((?: (?:still|already|not|never|always|back|alone|both|all|"
       r"only|just|often|usually|nearly|even))*)")
BE_AT_PLACE = re.compile(_BE + r" [Aa]t \{(?:place2?|home)\}(?! there\b)")
"""A place after "to be at": the place is where someone is, and "there" says so ("whether she
is still at {place}, or gone" would read "whether she is still, or gone" without it)."""


@lru_cache(maxsize=8192)
def without_at_place(template: str) -> str:
    """``template`` without its "at {place}" adjuncts ("there" after "to be")."""
    there = BE_AT_PLACE.sub(r"\1\2 there", template).replace(" there there", " there")
    stripped = PLACE_PHRASE.sub("", there)
    if stripped == template:
        return template
    # "At {place}, she …" loses its opening: the sentence starts at "she".
    return re.sub(r"(^|[.!?]\s+|“)[,;]?\s*", r"\1", stripped)
_PLACE_NEXT = re.compile(r"^,?\s*(?:\{(?:place|home|setting)|(?:at|in|on|inside) \{)")
_OWN_PLACE = re.compile(r"\b(?:in|at|on|inside) (?:a|an|the|some|someone's) [\w-]+")
_IN_THE_AIR = re.compile(r"\b(?:on|in) the (?:air|wind|breeze)\b")
_AIR_BEFORE = re.compile(r"\bthe air\b", re.IGNORECASE)


class PlaceSlots(SlotState):
    """The scene's place, the story's time and its sensory palette."""

    def _init_places(self) -> None:
        world = self.plan.world
        # A period genre's palette keeps no modern thing ("an idling engine" in a fantasy), nor
        # a story's with a year any thing dated after it.
        self.palette: dict[str, list[str]] = {
            sense: [p for p in third_person(world.palette.get(sense)
                                            or self.genre.palette.sense(sense))
                    if not out_of_period(p, self.genre.id, year=world.year)
                    and fits_world(p, self.worlds, self.world_own)]
            for sense in SENSES}
        self.palette_uses: Counter[str] = Counter()
        # A long story may return to a short phrase a third time (the repetition guard decides).
        self.palette_limit = PALETTE_USES + (self.plan.target_words >= 5000)
        self.places = third_person(world.places) or list(world.places)
        self.place = self.places[0]
        self.home = self.situation.place or world.setting
        frames = self.lexicon.get("place_frames", {})
        self.room_only: tuple[str, ...] = tuple(frames.get("room_only", ()))
        self.room_only_after: tuple[str, ...] = tuple(frames.get("room_only_after", ()))
        self.place_prepositions: dict[str, dict[str, str]] = frames.get("prepositions", {})
        self.place_uses: Counter[str] = Counter()
        self.words_told = 0
        """Words of the units kept so far (the composer counts them)."""
        self.ration_places = False
        """Whether "at {place}" is rationed (a story being composed: the composer says so)."""
        self.place_pace = True
        """Whether the ration is paced by the words told so far (a long story that has run out
        of fresh material keeps only the story's whole budget)."""
        self.keep_places = False
        """Whether the template being filled keeps its place whatever the ration says."""
        self.place_stripped = False
        """Whether the last template filled lost its place (a refusal then says nothing of the
        template itself: with its place, later, it may do)."""
        self.place_cap = max(1, int(self.plan.target_words * LENGTH_SLACK) // AT_PLACE_WORDS)
        """How often the whole story may say "at" one of its places."""
        self.at_places = _at_place_pattern(tuple(sorted(_place_words(
            [world.setting, self.home, *world.places, *self.places],
            self.plan.story_request.premise.idea, world.idea_nouns))))
        """"at the <one of the story's places>", however the words came to say it."""

    def placed(self, template: str) -> str:
        """``template`` as it may be filled now: with its "at {place}", or without it once the
        story has said "at" a place often enough for its length. A place the sentence is about
        ("the door of {place}", "in {place}") stays. A scene keeps its place until the story's
        whole budget is spent; a sentence kept whole (``keep_places``) is refused then instead,
        by :meth:`spend_at_places`."""
        self.place_stripped = False
        scene = self.keep_places and self.in_core
        if not self.places_spent(whole=scene) or (self.keep_places and not scene):
            return template
        stripped = without_at_place(template)
        self.place_stripped = stripped != template
        return stripped

    def places_spent(self, whole: bool = False) -> bool:
        """Whether the story has said "at" a place as often as its length allows for now (or,
        ``whole``, as often as its whole length allows)."""
        return self.ration_places and self.place_uses["place"] >= self._place_room(whole)

    def _place_room(self, whole: bool) -> int:
        if whole or not self.place_pace:
            return self.place_cap
        return min(self.place_cap, max(1, self.words_told // PLACE_EVERY))

    def spend_at_places(self, text: str) -> str:
        """Count the places ``text`` (a filled template) says after "at", whatever put them
        there (a place slot, the premise's own words, a line of talk, a template's words).
        Over the ration, a core sentence or scene gives up the places it can do without; any
        other sentence is refused (:class:`SlotUnavailable`)."""
        found = list(self.at_places.finditer(text))
        if not found:
            return text
        room = self._place_room(whole=self.in_core) - self.place_uses["place"]
        if self.ration_places and len(found) > room:
            if not self.in_core:
                raise SlotUnavailable("place")
            for match in reversed(found[max(room, 0):]):
                text = _without_at(text, match)
            found = list(self.at_places.finditer(text))
        for _ in found:
            self._count_at()
        return text

    def place_slot(self, key: str, arg: str | None) -> str:
        """Render a place, time or palette slot of ``KEYS`` (``arg``: a place's preposition)."""
        world = self.plan.world
        match key:
            case "place" | "place2":
                return self._place(key, arg)
            case "setting":
                if self.situation.place and not self.in_core:
                    # The idea's place is common to every story of that idea ("the hospital"):
                    # a scene sentence needs more of its own than that.
                    raise SlotUnavailable("setting")
                return world.setting
            case "time":
                return world.time
            case "time_phrase":
                starts_with_preposition = world.time.startswith(("in ", "on ", "at "))
                return world.time if starts_with_preposition else f"in {world.time}"
            case "home":
                return self.home
            case "touch_np":
                return self._palette("touch")
        return self._palette(key)

    def set_place(self, index: int) -> None:
        """Move the scene to the world's place for this beat."""
        self.place = self.places[index % len(self.places)]

    def _needs_room(self, preposition: str | None) -> bool:
        """Whether the words around the place slot need a room ("the door of", "in")."""
        context = self._context().rstrip()
        with_preposition = f"{context} {preposition.lower()}" if preposition else context
        return (context.endswith(self.room_only) or with_preposition.endswith(self.room_only)
                or self._sentence()[1].startswith(self.room_only_after))

    def _place(self, key: str, preposition: str | None) -> str:
        needs_room = self._needs_room(preposition)
        if key == "place":
            place = self.place
            if needs_room and corner_frame(place) != "room":
                raise SlotUnavailable("place")
        else:
            others = [p for p in self.places if p != self.place] or self.places
            fitting = [p for p in others if not needs_room or corner_frame(p) == "room"]
            if not fitting:
                raise SlotUnavailable("place2")
            place = self.rng.choice(fitting)
        text = self._ref(place)
        if not preposition:
            return text
        swap = self.place_prepositions.get(preposition.lower(), {}).get(corner_frame(place))
        if swap:
            preposition = capitalise(swap) if preposition[0].isupper() else swap
        return f"{preposition} {text}"

    def _count_at(self) -> None:
        self.place_uses["place"] += 1
        self._journal.append((self.place_uses, "place"))

    def _palette(self, sense: str) -> str:
        phrases = self.palette[sense]
        before, after = self._sentence()
        if _PLACE_NEXT.match(after):
            # "a landline ringing in a house with no phone at the kitchens": a phrase that
            # names its own place is not given the scene's as well.
            phrases = [p for p in phrases if not _OWN_PLACE.search(p)]
        if _IN_THE_AIR.match(after.lstrip()) or _AIR_BEFORE.search(before):
            # "woodsmoke on the wind on the air": a line that sets the sense in the air is
            # given no phrase that sets itself there.
            phrases = [p for p in phrases if not _IN_THE_AIR.search(p)]
        if not phrases:
            raise SlotUnavailable(sense)
        least = min(self.palette_uses[p] for p in phrases)
        if least >= self.palette_limit:
            raise SlotUnavailable(sense)
        choice = self.rng.choice([p for p in phrases if self.palette_uses[p] == least])
        self.palette_uses[choice] += 1
        self._journal.append((self.palette_uses, choice))
        return narrate_phrase(choice, self.tense)


_ARTICLE = re.compile(r"^(?:a|an|the|some)\s+", re.IGNORECASE)
_CLAUSE_NEXT = re.compile(
    r"(?:[,.;:!?”)]|$| (?:and|or|but|so|where|when|while|with|until|as|for|that|before|after|"
    r"every|each|again|then|now|all|by|to|from|in|on|once|the|a|an|his|her|their|my|your|our|"
    r"its|I|you|he|she|it|we|they|there|someone|somebody|nobody|no|everyone|nothing)\b)")
"""What may follow a place that ends its noun phrase ("at the gate, and", "At the gate he")."""
_BE_BEFORE = re.compile(_BE.replace("\\{(?:v3?|vp|perf3?):be\\}|", "") + r" $", re.IGNORECASE)


def _place_words(places: list[str], idea: str, idea_nouns: list[str]) -> set[str]:
    """What a place may be called after "at the": each place without its article, its head
    ("the ferry" for "a ferry between two islands"), and the idea's nouns that follow one of its
    prepositions of place ("across a negotiating table")."""
    words = {_ARTICLE.sub("", p.strip()).lower() for p in places if p.strip()}
    words |= {head_phrase(p).lower() for p in places if p.strip()}
    words |= {n.lower() for n in idea_nouns if re.search(
        r"\b(?:at|in|on|inside|aboard|into|across|under|beneath|below|near|behind|beside|"
        r"outside|over|through|along|around|between|within|onto|to|from) (?:[\w'’-]+ ){0,3}?"
        + re.escape(n) + r"\b", idea, re.IGNORECASE)}
    # A proper noun the idea names mid-sentence is a place or a person ("visits Earth"): after
    # "at the" it is the place ("looks at the earth" counts).
    words |= {n.lower() for n in re.findall(r"(?<=[a-z,] )([A-Z][a-z]+)\b", idea)}
    return {w for w in words if w}


@lru_cache(maxsize=64)
def _at_place_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    if not words:
        return re.compile(r"(?!x)x")
    return re.compile(r"\bat (?:the|a|an) (?:" + "|".join(
        re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b", re.IGNORECASE)


def _without_at(text: str, match: re.Match[str]) -> str:
    """``text`` without the "at <place>" of ``match`` where the sentence reads well without it
    ("there" after "to be"); as it was where the place is the start of a longer noun phrase
    ("at the kitchen table")."""
    start, end = match.span()
    if not _CLAUSE_NEXT.match(text, end):
        return text
    before = text[:start]
    if _BE_BEFORE.search(before):
        return before + "there" + text[end:]
    if not before.strip() or re.search(r"(?:[.!?]\s+|“)$", before):
        # "At the gate, he waits": the sentence starts at "he".
        rest = re.sub(r"^[,;]?\s*", "", text[end:])
        return before + capitalise(rest)
    return re.sub(r",?\s*$", "", before) + text[end:]


@lru_cache(maxsize=4)
def _at_pattern(heads_on: tuple[str, ...], heads_in: tuple[str, ...]) -> re.Pattern[str]:
    heads = sorted({*heads_on, *heads_in}, key=len, reverse=True)
    # The head ends the noun phrase ("at the village hall" is a hall, "at the edge of the
    # town" an edge): punctuation or a clause's next word follows it.
    return re.compile(r"(?:(\b[\w'’]+) )?\b([Aa]t) ((?:the|a|an|this|that|its|[A-Z][\w'’]*'s) "
                      r"(?:(?!of\b)[\w'’-]+ ){0,3}?(" + "|".join(map(re.escape, heads)) + r"))"
                      r"(?=[,.;:!?”)]|$| (?:and|or|but|where|when|while|with|until|as|for|that|"
                      r"before|after|every|each|again|then|now|all|by|at|to|from|under|over)\b)")


_IN_A_SIDE = re.compile(r"\b([Ii])n (the (?:far|other|near|wrong) side of)\b")


def fit_side(text: str) -> str:
    """"in the far side of the border" -> "on the far side of the border": a side is a surface
    (a template's "in {place}" met a place that is one)."""
    return _IN_A_SIDE.sub(lambda m: f"{'O' if m.group(1) == 'I' else 'o'}n {m.group(2)}", text)


def fit_at(text: str, frames: dict[str, list[str]]) -> str:
    """``text`` with "at" before a place that is not stood at made the place's own preposition:
    "the bells rang for six at the island" -> "on the island", "at the city" -> "in the city";
    a look or a gesture keeps its "at" ("stared at the city")."""
    heads_on, heads_in = tuple(frames.get("on", ())), tuple(frames.get("in", ()))
    if not heads_on and not heads_in:
        return text
    keep = frozenset(frames.get("keep_after", ()))

    def fitted(match: re.Match[str]) -> str:
        before, at, place, head = match.groups()
        lead = f"{before} " if before else ""
        if before and before.lower() in keep:
            return match.group(0)
        preposition = "on" if head in heads_on else "in"
        return f"{lead}{capitalise(preposition) if at[0] == 'A' else preposition} {place}"

    return _at_pattern(heads_on, heads_in).sub(fitted, text)

