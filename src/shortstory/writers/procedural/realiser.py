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
                     singular; ``{vp:…}`` plural; ``{perf:…}``/``{perf3:…}`` perfect (``had
                     kept``/``has kept``), ``not_`` before the lemma negates it
``{A}`` ``{B}``      the ally, the obstacle-keeper and the witness by name (``{W}``); the first
                     mention adds who they are; ``{Ai}`` etc. are kept for older templates
``{place}`` …        world slots: ``place place2 time time_phrase obj thing obstacle stakes``,
                     ``_cap`` capitalises
``{want}`` …         premise slots: ``want quirk quirk_ing contra trait theme idea turn``
``{sight}`` …        a palette phrase (each phrase at most twice per story)
``{q:kind}``         a dialogue line of that kind (``{qc:…}`` ends it with a comma for a tag)
===================  ===========================================================================

A slot that cannot be filled (no quirk given, palette spent) makes the template fail, and the
composer tries another.
"""

from __future__ import annotations

import re
from collections import Counter
from random import Random
from typing import Any

from shortstory.pipeline.catalog import Genre
from shortstory.pipeline.plan import CastMember, StoryPlan
from shortstory.writers.procedural.grammar import (
    PLURAL,
    THIRD,
    conjugate,
    gerund,
    inflect_phrase,
    narrate_phrase,
    narrator_pronouns,
    participle,
    verb_lemma,
)

SLOT = re.compile(r"\{([A-Za-z0-9_]+)(?::([^}]+))?\}")
SENSES = ("sight", "sound", "smell", "touch", "taste")
PALETTE_USES = 2
NAME_EVERY = 4
"""Close third names the protagonist again after this many pronoun mentions."""


class SlotUnavailable(Exception):
    """A slot has nothing left to fill it with; the template must be skipped."""


def capitalise(text: str) -> str:
    """Upper-case the first letter of ``text`` (after any opening quote)."""
    for i, char in enumerate(text):
        if char.isalpha():
            return text[:i] + char.upper() + text[i + 1 :]
    return text


_SENTENCE_START = re.compile(r"(^|[.!?][”\"]?\s+|\n\n|: “|^“|\n\n“)([a-z])")


def _capitalise_sentences(text: str) -> str:
    return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), text)


def _with_stop(text: str) -> str:
    text = text.strip()
    return text if text[-1:] in ".!?" else text + "."


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
        cast = plan.world.cast
        self.ally: CastMember = cast[0]
        self.blocker: CastMember = cast[1] if len(cast) > 1 else cast[0]
        self.witness: CastMember = cast[2] if len(cast) > 2 else cast[0]
        self.palette = {sense: list(genre.palette.sense(sense)) for sense in SENSES}
        self.palette_uses: Counter[str] = Counter()
        self.introduced: set[str] = set()
        self.person = self.pronouns.person
        self.since_name = NAME_EVERY
        self.place = plan.world.places[0]
        self.focus_object = self._focus_object()
        self.trait_turn = 0

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
        nouns = self.plan.world.idea_nouns
        if nouns:
            return "the " + nouns[0]
        return narrate_phrase(self.plan.world.objects[0], self.tense)

    def set_place(self, index: int) -> None:
        """Move the scene to the world's place for this beat."""
        places = self.plan.world.places
        self.place = places[index % len(places)]

    def start_beat(self) -> None:
        """Close third names the protagonist at the start of each beat."""
        self.since_name = NAME_EVERY

    def _palette(self, sense: str) -> str:
        phrases = self.palette[sense]
        least = min(self.palette_uses[p] for p in phrases)
        if least >= PALETTE_USES:
            raise SlotUnavailable(sense)
        choice = self.rng.choice([p for p in phrases if self.palette_uses[p] == least])
        self.palette_uses[choice] += 1
        return narrate_phrase(choice, self.tense)

    def _cast(self, member: CastMember) -> str:
        self.person = THIRD
        if member.name in self.introduced:
            return member.name
        self.introduced.add(member.name)
        return f"{member.name}, {narrate_phrase(member.role, self.tense)},"

    def _protagonist(self) -> str:
        if self.pov != "close_third":
            self.person = self.pronouns.person
            return self.pronouns.subject
        if self.since_name >= NAME_EVERY:
            self.since_name = 0
            self.person = THIRD
            return self.name
        self.since_name += 1
        self.person = self.pronouns.person
        return self.pronouns.subject

    def _phrase(self, phrase: str) -> str:
        if not phrase:
            raise SlotUnavailable("phrase")
        text, began_with_verb = inflect_phrase(
            phrase, self.pronoun_set, self.pov, self.tense, subject_person=self.person
        )
        if began_with_verb:
            return text
        return f"{conjugate('have', self.person, self.tense)} {text}"

    def _phrase_ing(self, phrase: str) -> str:
        if not phrase:
            raise SlotUnavailable("phrase")
        text, began_with_verb = inflect_phrase(phrase, self.pronoun_set, self.pov, self.tense)
        if not began_with_verb:
            raise SlotUnavailable("phrase")
        words = text.split(" ")
        for i, word in enumerate(words):
            lemma = verb_lemma(word)
            if lemma:
                words[i] = gerund(lemma)
                break
        return " ".join(words)

    def _trait(self) -> str:
        if not self.traits:
            raise SlotUnavailable("trait")
        trait = self.traits[self.trait_turn % len(self.traits)]
        self.trait_turn += 1
        return trait

    def _line(self, kind: str, comma: bool) -> str:
        lines = self.lexicon["lines"][kind]
        line = self.rng.choice(lines)
        text = self.fill(line, dialogue=True)
        if comma and text.endswith("."):
            text = text[:-1] + ","
        return text

    def _perfect(self, lemma: str, person: str) -> str:
        negate = lemma.startswith("not_")
        lemma = lemma.removeprefix("not_")
        aux = conjugate("have", person, self.tense)
        return f"{aux} not {participle(lemma)}" if negate else f"{aux} {participle(lemma)}"

    # -- filling ---------------------------------------------------------------------------------

    def slot(self, key: str, arg: str | None, dialogue: bool) -> str:
        """Render one slot (see the module table)."""
        world = self.plan.world
        if arg is not None:
            if key == "v":
                return conjugate(arg, self.person, self.tense)
            if key == "v3":
                return conjugate(arg, THIRD, self.tense)
            if key == "vp":
                return conjugate(arg, PLURAL, self.tense)
            if key == "perf":
                return self._perfect(arg, self.person)
            if key == "perf3":
                return self._perfect(arg, THIRD)
            if key in {"q", "qc"}:
                return self._line(arg, comma=key == "qc")
            raise KeyError(key)
        if key.endswith("_cap"):
            return capitalise(self.slot(key[:-4], None, dialogue))
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
                return self.name
            case "A" | "Ai":
                return self.ally.name if dialogue else self._cast(self.ally)
            case "B" | "Bi":
                return self.blocker.name if dialogue else self._cast(self.blocker)
            case "W" | "Wi":
                return self.witness.name if dialogue else self._cast(self.witness)
            case "Ar":
                return self.ally.short_role
            case "Br":
                return self.blocker.short_role
            case "place":
                return self.place
            case "place2":
                others = [p for p in world.places if p != self.place] or world.places
                return self.rng.choice(others)
            case "setting":
                return world.setting
            case "time":
                return world.time
            case "time_phrase":
                starts_with_preposition = world.time.startswith(("in ", "on ", "at "))
                return world.time if starts_with_preposition else f"in {world.time}"
            case "obj":
                return self.focus_object
            case "thing":
                return narrate_phrase(self.rng.choice(world.objects), self.tense)
            case "obstacle":
                return narrate_phrase(world.obstacle, self.tense)
            case "stakes":
                return narrate_phrase(world.stakes, self.tense)
            case "want":
                if not self.want:
                    raise SlotUnavailable("want")
                if dialogue:
                    return inflect_phrase(self.want, self.pronoun_set, "first", "present")[0]
                return inflect_phrase(self.want, self.pronoun_set, self.pov, self.tense)[0]
            case "quirk":
                return self._phrase(self.quirk)
            case "quirk_ing":
                return self._phrase_ing(self.quirk)
            case "contra":
                return self._phrase(self.contradiction)
            case "trait":
                return self._trait()
            case "theme":
                if not self.theme:
                    raise SlotUnavailable("theme")
                return self.theme.rstrip(".")
            case "idea":
                return _with_stop(first_sentence(self.plan.request["premise"]["idea"]))
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
        def replace(match: re.Match[str]) -> str:
            return self.slot(match.group(1), match.group(2), dialogue)

        text = SLOT.sub(replace, template)
        if dialogue:
            return text
        text = text.replace(",,", ",").replace(",.", ".")
        text = re.sub(r",(\s*[:;.!?])", r"\1", text)
        return _capitalise_sentences(text)

    def snapshot(self) -> tuple[Any, ...]:
        """State a failed template may have changed, to restore before trying another."""
        return (Counter(self.palette_uses), set(self.introduced), self.person, self.since_name,
                self.trait_turn)

    def restore(self, state: tuple[Any, ...]) -> None:
        """Undo the changes of a template that was rejected."""
        uses, introduced, self.person, self.since_name, self.trait_turn = state
        self.palette_uses = Counter(uses)
        self.introduced = set(introduced)


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (up to its first full stop, question or exclamation)."""
    match = re.search(r"[.!?](?=\s|$)", text)
    return text[: match.end()] if match else text
