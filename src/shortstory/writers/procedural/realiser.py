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
``{home}``           the idea's place; ``{item}`` its central object; ``{role_a}`` the
                     protagonist's job; ``{told}`` the idea's predicate in their own voice
``{clue}``           the clue found last; ``{next_clue}`` finds the next one (fails when none is
                     left or, for ``{clue}``, none is found yet); ``{thing}`` only names objects
                     the story has already introduced
===================  ===========================================================================

A slot that cannot be filled (no quirk given, palette spent) makes the template fail, and the
composer tries another.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from random import Random
from typing import Any

from shortstory.pipeline.catalog import Genre, Sense
from shortstory.pipeline.plan import CastMember, StoryPlan
from shortstory.pipeline.situation import Situation, corner_frame
from shortstory.pipeline.world import head_phrase
from shortstory.writers.procedural.grammar import (
    PLURAL,
    THIRD,
    conjugate,
    gerund,
    inflect_phrase,
    is_plural_noun,
    is_plural_phrase,
    narrate_phrase,
    narrator_pronouns,
    participle,
    verb_lemma,
)
from shortstory.writers.procedural.wording import (
    Idiolect,
    capitalise,
    capitalise_sentences,
    first_sentence,
    is_short,
    third_person,
    with_stop,
)

SENSES: tuple[Sense, ...] = ("sight", "sound", "smell", "touch", "taste")
SLOT = re.compile(r"\{([A-Za-z0-9_]+)(?::([^}]+))?\}")
NOUN_SLOTS = frozenset({"place", "place2", "obj", "thing", "item", "clue", "next_clue", "obstacle",
                        "stakes", "home", "setting", "idea_noun", "touch_np", *SENSES})
"""Slots that fill in a noun phrase: a verb slot next to one agrees with its number."""
THERE = re.compile(r"\bthere\s*$", re.IGNORECASE)
LITERAL_SUBJECT = re.compile(r"\bthe (?:[a-z]+ ){0,2}([a-z]+) $")
NARRATOR_FIRST = re.compile(r"(^|[^\w’'])I and ((?:[A-Z][\w’'-]*)(?: [A-Z][\w’'-]*)*(?:, [^,.]+,)?)"
                            r"(?= )")
PLACE_PREPOSITION = re.compile(r"\b([Ii]n|[Ii]nside|[Ii]nto) \{(place2?)\}")
"""``in {place}``: the preposition goes into the slot, which fits it to the kind of spot."""
_SENTENCE_END = re.compile(r"[.;!?]")
PALETTE_USES = 2
NAME_EVERY = 4
"""Close third names the protagonist again after this many pronoun mentions."""


@lru_cache(maxsize=4096)
def _is_plural_np(phrase: str) -> bool:
    return is_plural_phrase(phrase, head_phrase(phrase))


@lru_cache(maxsize=4096)
def _repeats_verb(phrase: str, lemma: str) -> bool:
    """Whether ``phrase`` holds a past form of ``lemma`` ("a shoe found in the mud", find)."""
    head = lemma.removeprefix("not_").split(" ", 1)[0]
    return any(verb_lemma(word) == head and word != head
               for word in phrase.lower().split()[1:] if word.endswith(("ed", "nd", "t", "n")))


class SlotUnavailable(Exception):
    """A slot has nothing left to fill it with; the template must be skipped."""


class Realiser:
    """Fills templates for one story: its plan, genre and lexicon, with its own ``Random``."""

    def __init__(self, plan: StoryPlan, genre: Genre, lexicon: dict[str, Any],
                 rng: Random) -> None:
        self.plan = plan
        self.genre = genre
        self.lexicon = lexicon
        self.rng = rng
        scaffold = plan.scaffold
        character = plan.character
        self.pov = scaffold.pov
        self.tense = scaffold.tense
        self.name = character["name"]
        self.pronoun_set = character.get("pronouns", "they/them")
        self.pronouns = narrator_pronouns(self.pov, self.pronoun_set)
        self.traits = [t for t in character.get("traits", []) if t]
        self.quirk = character.get("quirk", "")
        self.contradiction = character.get("contradiction", "")
        self.want = self._want(character.get("want", ""))
        self.theme = plan.request["premise"].get("theme", "")
        world = plan.world
        self.ally: CastMember = world.member("ally")
        self.blocker: CastMember = world.member("obstacle", "witness")
        # With no witness, the one in the way saw it: never the ally, who must stay apart.
        self.witness: CastMember = world.member("witness", "obstacle")
        self.palette: dict[str, list[str]] = {sense: third_person(plan.world.palette.get(sense)
                                            or genre.palette.sense(sense)) for sense in SENSES}
        self.objects = third_person(plan.world.objects) or list(plan.world.objects)
        self.palette_uses: Counter[str] = Counter()
        self.mentions: Counter[str] = Counter()
        self.spoken: set[str] = set()
        # A long story may return to a short phrase a third time (the repetition guard decides).
        self.palette_limit = PALETTE_USES + (plan.target_words >= 5000)
        self.introduced: set[str] = set()
        self.person = self.pronouns.person
        self.since_name = NAME_EVERY
        self.places = third_person(plan.world.places) or list(plan.world.places)
        self.place = self.places[0]
        self.situation = Situation.from_dict(plan.world.situation)
        self.focus_object = self._focus_object()
        self.home = self.situation.place or plan.world.setting
        self.clues = [self._clue_phrase(o) for o in self.objects if o != self.focus_object]
        self.clue_index = -1
        """The last clue found (an index into ``clues``); -1 before the first."""
        self.trait_turn = 0
        self.in_core = False
        self.idiolect = Idiolect(lexicon.get("idiolect", []), plan.seed)
        self.introduce_cast = True
        self._named_in_fill = False
        self._flags: set[str] = set()
        self._journal: list[tuple[Any, str]] = []
        """Every counted use since the start, so a rejected template can be undone cheaply."""
        self._fill_trait: str | None = None
        self.premise_uses: Counter[str] = Counter()
        # Outside the core units, each premise phrase returns now and then, not in every beat;
        # a long phrase is a six-word run of its own, so it may come back at most once more.
        often = 1 + plan.target_words // 1500
        # The quirk and the contradiction are shown, not chanted: twice or three times a story.
        shown = 1 + (plan.target_words >= 3000)
        self.premise_budget = {
            "quirk": shown,
            "contra": shown,
            "want": often if is_short(self.want, 3) else 0,
        }
        self.idea_turn = 0
        self._after_question = False
        self.stative: frozenset[str] = frozenset(lexicon.get("stative_verbs", ()))
        past_time = lexicon.get("past_time", {})
        self.past_after: tuple[str, ...] = tuple(past_time.get("after", ()))
        self.past_before: tuple[str, ...] = tuple(past_time.get("before", ()))
        self._slot_at = ("", 0, 0)
        """The template being filled and the span of its slot being filled."""
        frames = lexicon.get("place_frames", {})
        self.room_only: tuple[str, ...] = tuple(frames.get("room_only", ()))
        self.room_only_after: tuple[str, ...] = tuple(frames.get("room_only_after", ()))
        self.place_prepositions: dict[str, dict[str, str]] = frames.get("prepositions", {})

    # -- world and premise material ------------------------------------------------------------

    def _want(self, want: str) -> str:
        want = want.strip().rstrip(".")
        if not want:
            return ""
        first = want.split()[0].lower()
        if first != "to" and verb_lemma(first) == first:
            want = "to " + want
        return want

    def _focus_object(self) -> str:
        situation = Situation.from_dict(self.plan.world.situation)
        if situation.item:
            return situation.item
        objects = third_person(self.plan.world.objects) or self.plan.world.objects
        return objects[0]

    def _clue_phrase(self, phrase: str) -> str:
        # In present narration "finds an umbrella shared and then given away" reads as a tense
        # slip; such an object is found by its head alone ("an umbrella").
        if self.tense != "present" or not any(
            w.endswith("ed") or w in {"sent", "kept", "made", "left", "held", "bound", "worn"}
            for w in phrase.split()[1:]
        ):
            return phrase
        head = head_phrase(phrase)
        return ("an " if head[:1].lower() in "aeiou" else "a ") + head

    def _fresh(self, phrase: str) -> bool:
        # A scene sentence may name a clue a few times, not in every line (the core may always).
        return self.in_core or self.mentions[phrase] < 2 * self.palette_limit

    def _known_things(self) -> list[str]:
        # Only what the story has put on the page may be picked up, handed over or hidden. The
        # idea's own object may be a lamp or a train: scene templates that weigh and pocket
        # things only take the clues (portable, from the genre's objects) once found.
        found = [c for c in self.clues[: self.clue_index + 1] if self._fresh(c)]
        if self.situation.item:
            if not found:
                raise SlotUnavailable("thing")
            return found
        return [self.focus_object, *found]

    def _told(self) -> str:
        predicate = self.situation.predicate
        if not predicate:
            raise SlotUnavailable("told")
        text, began_with_verb = inflect_phrase(
            predicate.rstrip(".!?"), self.pronoun_set, self.pov, self.tense,
            subject_person=self.person,
        )
        if not began_with_verb:
            raise SlotUnavailable("told")
        return narrate_phrase(text, self.tense)

    def set_place(self, index: int) -> None:
        """Move the scene to the world's place for this beat."""
        self.place = self.places[index % len(self.places)]

    def start_beat(self) -> None:
        """Close third names the protagonist at the start of each beat."""
        self.since_name = NAME_EVERY

    def _ref(self, phrase: str) -> str:
        """A world phrase in full the first time, then by its head ("the ferry token")."""
        seen = self.mentions[phrase]
        self.mentions[phrase] += 1
        self._journal.append((self.mentions, phrase))
        if seen == 0 or (len(phrase.split()) <= 3 and not phrase.startswith(("a ", "an "))):
            return narrate_phrase(phrase, self.tense)
        return "the " + head_phrase(phrase)

    def _context(self) -> str:
        """The template text just before the slot being filled (lower case)."""
        template, start, _ = self._slot_at
        return template[max(0, start - 30):start].lower()

    def _sentence(self) -> tuple[str, str]:
        """The template's text before and after the slot being filled, within its sentence."""
        template, start, end = self._slot_at
        return (_SENTENCE_END.split(template[:start])[-1],
                _SENTENCE_END.split(template[end:], maxsplit=1)[0])

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

    def _palette(self, sense: str) -> str:
        phrases = self.palette[sense]
        least = min(self.palette_uses[p] for p in phrases)
        if least >= self.palette_limit:
            raise SlotUnavailable(sense)
        choice = self.rng.choice([p for p in phrases if self.palette_uses[p] == least])
        self.palette_uses[choice] += 1
        self._journal.append((self.palette_uses, choice))
        return narrate_phrase(choice, self.tense)

    @property
    def full_name_used(self) -> bool:
        """Whether the narration has named the protagonist in full (once is enough)."""
        return "full_name" in self._flags

    @full_name_used.setter
    def full_name_used(self, value: bool) -> None:
        if value:
            self._flags.add("full_name")
        else:
            self._flags.discard("full_name")

    def _cast(self, member: CastMember) -> str:
        # Cast slots leave the verb person alone: templates give their verbs ``v3``. After the
        # full name once, a supporting character goes by their given name.
        if member.name in self.introduced:
            return member.name.split()[0]
        if not self.introduce_cast:
            self.introduced.add(member.name)
            self._journal.append((self.introduced, member.name))
            return member.name
        self.introduced.add(member.name)
        self._journal.append((self.introduced, member.name))
        return f"{member.name}, {self._role(member)},"

    def _role(self, member: CastMember) -> str:
        # A role whose participle reads as a verb ("an inspector sent from…") is introduced
        # by its short handle instead, so the introduction never looks like a tense slip.
        role = narrate_phrase(member.role, self.tense)
        if self.tense == "present" and any(
            w.endswith("ed") or w in {"sent", "kept", "made", "left", "held", "bound", "born"}
            for w in role.split()[1:]
        ):
            return member.short_role.replace("the ", "a ", 1)
        return role

    def _protagonist(self) -> str:
        if self.pov != "close_third":
            self.person = self.pronouns.person
            return self.pronouns.subject
        first_in_fill = not self._named_in_fill
        self._named_in_fill = True  # only a sentence's first mention may be the name
        if self.since_name >= NAME_EVERY and first_in_fill:
            self.since_name = 0
            self.person = THIRD
            if self.full_name_used:
                return self.name.split()[0]
            self.full_name_used = True
            self._journal.append((self._flags, "full_name"))
            return self.name
        self.since_name += 1
        self.person = self.pronouns.person
        return self.pronouns.subject

    def _spend(self, key: str) -> None:
        if self.in_core:
            return
        if self.premise_uses[key] >= self.premise_budget[key]:
            raise SlotUnavailable(key)
        self.premise_uses[key] += 1
        self._journal.append((self.premise_uses, key))

    def _phrase(self, phrase: str) -> str:
        if not phrase:
            raise SlotUnavailable("phrase")
        text, began_with_verb = inflect_phrase(
            phrase, self.pronoun_set, self.pov, self.tense, subject_person=self.person
        )
        if began_with_verb:
            return text
        return f"{conjugate('have', self.person, self.tense)} {text}"

    def _phrase_form(self, phrase: str, form: str) -> str:
        """The phrase with its leading verb as a gerund (``ing``) or a bare infinitive."""
        if not phrase:
            raise SlotUnavailable("phrase")
        text, began_with_verb = inflect_phrase(phrase, self.pronoun_set, self.pov, self.tense)
        if not began_with_verb:
            raise SlotUnavailable("phrase")
        words = text.split(" ")
        for i, word in enumerate(words):
            lemma = verb_lemma(word)
            if lemma:
                words[i] = gerund(lemma) if form == "ing" else lemma
                break
        return " ".join(words)

    def _is_stative(self, phrase: str) -> bool:
        words = [w for w in phrase.lower().split() if w not in {"always", "still", "never"}]
        return bool(words) and (verb_lemma(words[0]) or words[0]) in self.stative

    def _trait(self) -> str:
        if not self.traits:
            raise SlotUnavailable("trait")
        if self._fill_trait is None:
            self._fill_trait = self.traits[self.trait_turn % len(self.traits)]
            self.trait_turn += 1
        return self._fill_trait

    def _line(self, kind: str, comma: bool) -> str:
        # A line is spoken once per story: people do not repeat themselves word for word.
        lines = [line for line in self.lexicon["lines"][kind] if line not in self.spoken]
        if not lines:
            raise SlotUnavailable(kind)
        line = self.rng.choice(lines)
        self.spoken.add(line)
        self._journal.append((self.spoken, line))
        text = self.fill(line, dialogue=True)
        self._after_question = text.endswith("?")
        if comma and text.endswith("."):
            text = text[:-1] + ","
        return text

    def _finished_time(self) -> bool:
        """Whether the slot's sentence dates it to a finished past ("years ago")."""
        before, after = self._sentence()
        before, after = before.lower(), after.lower()
        return any(re.search(rf"\b{re.escape(words)}\b", after) for words in self.past_after) or (
            any(re.search(rf"\b{re.escape(words)}\b", before) for words in self.past_before))

    def _perfect(self, lemma: str, person: str) -> str:
        negate = lemma.startswith("not_")
        lemma = lemma.removeprefix("not_")
        if self.tense == "present" and self._finished_time():
            # "somebody wrote it years ago", never "has written it years ago"
            if negate:
                return f"{conjugate('do', person, 'past')} not {lemma}"
            return conjugate(lemma, person, "past")
        aux = conjugate("have", person, self.tense)
        return f"{aux} not {participle(lemma)}" if negate else f"{aux} {participle(lemma)}"

    # -- filling ---------------------------------------------------------------------------------

    def slot(self, key: str, arg: str | None, dialogue: bool) -> str:
        """Render one slot (see the module table)."""
        world = self.plan.world
        if arg is not None:
            if key == "v":
                if arg == "say" and self._after_question:
                    arg = "ask"
                self._after_question = False
                return conjugate(arg, self.person, self.tense)
            if key == "v3":
                if arg == "say" and self._after_question:
                    arg = "ask"  # “…?” she asked, not “…?” she said
                self._after_question = False
                return conjugate(arg, THIRD, self.tense)
            if key == "vp":
                return conjugate(arg, PLURAL, self.tense)
            if key == "perf":
                return self._perfect(arg, self.person)
            if key == "perf3":
                return self._perfect(arg, THIRD)
            if key == "pp":
                return participle(arg)
            if key in {"q", "qc"}:
                return self._line(arg, comma=key == "qc")
            if key in {"place", "place2"}:
                return self._place(key, arg)
            if key in {"quirk", "quirk_ing", "quirk_bare"} and arg == "act":
                if self._is_stative(self.quirk):
                    raise SlotUnavailable("quirk")
                return self.slot(key, None, dialogue)
            raise KeyError(key)
        if key.endswith("_cap"):
            return capitalise(self.slot(key[:-4].lower() if key[0] == "W" else key[:-4],
                                        None, dialogue))
        match key:
            case "P":
                return self._protagonist()
            case "Po":
                return self.pronouns.object
            case "Pp":
                return self.pronouns.possessive
            case "Pr":
                return self.pronouns.reflexive
            case "Pn":
                return self.name.split()[0]
            case "A" | "Ai":
                return self.ally.name.split()[0] if dialogue else self._cast(self.ally)
            case "B" | "Bi":
                return self.blocker.name.split()[0] if dialogue else self._cast(self.blocker)
            case "W" | "Wi":
                return self.witness.name.split()[0] if dialogue else self._cast(self.witness)
            case "Ar":
                return self.ally.short_role
            case "Br":
                return self.blocker.short_role
            case "place" | "place2":
                return self._place(key, None)
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
            case "obj":
                # What the protagonist has in hand: the last clue found, else the idea's object.
                if self.clue_index >= 0:
                    clue = self.clues[self.clue_index]
                    if not self._fresh(clue):
                        raise SlotUnavailable("obj")
                    return self._ref(clue)
                if self.situation.item and not self.in_core:
                    raise SlotUnavailable("obj")
                return self._ref(self.focus_object)
            case "thing":
                return self._ref(self.rng.choice(self._known_things()))
            case "item":
                return self._ref(self.focus_object)
            case "home":
                return self.home
            case "role_a":
                role = self.situation.role
                if not role or role.endswith("s"):
                    raise SlotUnavailable("role")
                return ("an " if role[0] in "aeiou" else "a ") + role
            case "told":
                return self._told()
            case "clue":
                if self.clue_index < 0:
                    raise SlotUnavailable("clue")
                return self._ref(self.clues[self.clue_index])
            case "next_clue":
                if self.clue_index + 1 >= len(self.clues):
                    raise SlotUnavailable("clue")
                self.clue_index += 1
                return self._ref(self.clues[self.clue_index])
            case "obstacle":
                return self._ref(world.obstacle)
            case "stakes":
                return narrate_phrase(world.stakes, self.tense)
            case "want":
                if not self.want:
                    raise SlotUnavailable("want")
                self._spend("want")
                if dialogue:
                    return inflect_phrase(self.want, self.pronoun_set, "first", "present")[0]
                return inflect_phrase(self.want, self.pronoun_set, self.pov, self.tense)[0]
            case "quirk":
                self._spend("quirk")
                return self._phrase(self.quirk)
            case "quirk_ing" | "quirk_bare":
                self._spend("quirk")
                return self._phrase_form(self.quirk, "ing" if key == "quirk_ing" else "bare")
            case "contra":
                self._spend("contra")
                return self._phrase(self.contradiction)
            case "want_you" | "Want_you":
                if not self.want:
                    raise SlotUnavailable("want")
                text = inflect_phrase(self.want, self.pronoun_set, "second", "present")[0]
                return capitalise(text) if key[0] == "W" else text
            case "Pfull":
                return self.name
            case "gesture":
                return self.fill(self.rng.choice(self.lexicon["gestures"]), dialogue=True)
            case "idea_noun":
                nouns = world.idea_nouns
                # Once the idea is told in the story's own words, scene sentences need not
                # echo its nouns (every story of one idea would share those sentences).
                if not nouns or (self.situation.predicate and not self.in_core):
                    raise SlotUnavailable("idea_noun")
                self.idea_turn += 1
                return "the " + nouns[self.idea_turn % len(nouns)]
            case "trait":
                return self._trait()
            case "theme":
                if not self.theme:
                    raise SlotUnavailable("theme")
                return self.theme.rstrip(".")
            case "idea":
                return with_stop(first_sentence(self.plan.request["premise"]["idea"]))
            case "turn":
                return capitalise(world.turn.rstrip("."))
            case "signature":
                return self.plan.scaffold.voice.get("signature", "Well")
            case "tadj" | "tadv":
                words = self.lexicon["tones"][self.plan.scaffold.tone][key[1:]]
                return self.rng.choice(words)
            case "noun" | "adj":
                vocabulary = self.genre.vocabulary
                return self.rng.choice(vocabulary.nouns if key == "noun" else vocabulary.adjectives)
            case "touch_np":
                return self._palette("touch")
            case _ if key in SENSES:
                return self._palette(key)
        raise KeyError(key)

    def fill(self, template: str, dialogue: bool = False) -> str:
        """Render ``template``; raises :class:`SlotUnavailable` if a slot cannot be filled."""
        template = self.idiolect.apply(template)
        if "{place" in template:
            template = PLACE_PREPOSITION.sub(r"{\2:\1}", template)
        if not dialogue:
            self._fill_trait = None  # one trait per sentence, the next one next time
            self._named_in_fill = False
        text = self._fill_slots(template, dialogue)
        if dialogue:
            return text
        # "I and Miriam talked" -> "Miriam and I talked" (a name with its introduction)
        if "I and " in text:
            text = NARRATOR_FIRST.sub(r"\1\2 and I", text)
        text = text.replace(",,", ",").replace(",.", ".")
        text = re.sub(r",(\s*[:;.!?])", r"\1", text)
        return capitalise_sentences(text)

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
                plural = (last_noun is not None and _is_plural_np(last_noun)) or (
                    (found := LITERAL_SUBJECT.search(self._context())) is not None
                    and is_plural_noun(found.group(1)))
                if plural:
                    text = (self._perfect(arg, PLURAL) if key == "perf3"
                            else self.slot("vp", arg, dialogue))
                    self._after_question = False
                else:
                    text = self.slot(key, arg, dialogue)
                last_verb = arg
                if key == "v3" and THERE.search(pieces[-1]):
                    pending_be = (len(pieces), arg)
                pieces.append(text)
                last_noun = None
                continue
            text = self.slot(key, arg, dialogue)
            if arg is not None and key in {"v", "vp"}:
                last_verb = arg
            if key.removesuffix("_cap") in NOUN_SLOTS:
                if last_verb and _repeats_verb(text, last_verb):
                    # "found a doll's shoe found in the mud": the phrase does not fit this frame
                    raise SlotUnavailable(key)
                if pending_be is not None and _is_plural_np(text):
                    index, lemma = pending_be
                    verb = conjugate(lemma, PLURAL, self.tense)
                    pieces[index] = capitalise(verb) if pieces[index][:1].isupper() else verb
                last_noun = text
            else:
                last_noun = None
            pending_be = None
            pieces.append(text)
        pieces.append(template[position:])
        return "".join(pieces)

    def snapshot(self) -> tuple[Any, ...]:
        """State a template may change, to restore if it is rejected."""
        return (len(self._journal), self.person, self.since_name, self.trait_turn, self.idea_turn,
                self.clue_index)

    def restore(self, state: tuple[Any, ...]) -> None:
        """Undo the changes made since ``state`` was taken."""
        (length, self.person, self.since_name, self.trait_turn, self.idea_turn,
         self.clue_index) = state
        while len(self._journal) > length:
            store, key = self._journal.pop()
            if isinstance(store, set):
                store.discard(key)
            else:
                store[key] -= 1
