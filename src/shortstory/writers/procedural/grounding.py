"""The idea's world on the page: its place and one of its people or things, told in narration.

A story is composed of scenes, and a scene names the place it happens in and the things it
handles; a story may still leave out the very place its idea names ("the monastery on the
cliff" told without its cliff) or every one of the idea's people and things (a scene that
would handle them refused, the rest said only in talk). Once the story is fitted, the narration
is read for the idea's place phrases ("on the cliff", "in the flat upstairs", "between two
fairy kingdoms") and its nouns; what it lacks is told in one sentence written for it, in the
story's person and tense, where the idea's event happens: a thought of the place and the thing
("That evening you find yourself going back to the cliff, and to the monks"), or, when the
thing is what the protagonist is ("A witness"), the trade owned ("She was a witness before she
was anything else"). The sentence is drawn per seed from several, each with its own wordings,
and names at most four words of a phrase: the idea is never pasted.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache
from itertools import pairwise
from random import Random
from typing import TYPE_CHECKING

from lemminflect import getAllLemmas

from shortstory.analysis.words import WORD_RE, count_words, iter_words, normalise_word
from shortstory.pipeline.idea_lexicon import (
    _AUXILIARIES,
    _CONDITIONS,
    _LOCATIVE,
    _NOT_THINGS,
    _PRONOUNS,
    _TIMES,
    _is_person,
    _singular,
)
from shortstory.pipeline.idea_place import _ADVERBS
from shortstory.pipeline.idea_words import STOP_WORDS, idea_nouns
from shortstory.writers.procedural.layout import Unit
from shortstory.writers.procedural.slots.state import SlotUnavailable

if TYPE_CHECKING:
    from shortstory.writers.procedural.composer import Composer

PREPOSITIONS = _LOCATIVE | {"over", "through", "around", "along", "between", "within", "atop",
                            "onto"}
NEEDS_ARTICLE = frozenset({"to", "from", "over", "through", "across", "around", "on", "at"})
"""Prepositions that lead a place only before an article or a name ("to a town", not "to
swim"; "on the cliff", not "on purpose")."""
ARTICLES = frozenset({"a", "an", "the", "his", "her", "their", "its", "my", "our", "your",
                      "this", "that", "these", "those", "every", "each", "one", "some", "any"})
NUMBERS = frozenset({"one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                     "ten", "eleven", "twelve", "twenty", "thirty", "forty", "fifty", "sixty",
                     "seventy", "eighty", "ninety", "hundred", "thousand", "million", "dozen"})
NO_PLACE = _TIMES | _CONDITIONS | frozenset(
    """purpose secret love way ways order fact front middle half hand hands case charge search
    return end side sides dark light life death peace time times eve turn silence hope
    memory""".split()  # noqa: SIM905
)
"""Heads of locative phrases that say how or when, not where ("on purpose", "in secret")."""
POSSESSORS = frozenset({"anyone's", "someone's", "everyone's", "nobody's", "one's"})
BREAKS = frozenset({"against", "during", "without", "until", "since", "despite", "because",
                    "like", "beyond", "above", "among", "after", "before", "toward", "towards",
                    "neither", "either", "both"})
"""Words that end a place phrase besides the stop words ("a storm against her orders")."""
PARTICLES = frozenset({"up", "out", "down", "off", "away", "back"})
OBJECTS = PARTICLES | {"a", "an", "the", "his", "her", "their", "its", "my", "our", "your"}
"""What follows a verb, not a noun ("a crew in a flooded London find a dry room")."""
GENERIC = frozenset({"people", "person", "persons", "folk", "folks"})
"""Nouns for anyone at all: no one of the idea's world in particular."""
OWNERS = frozenset({"my", "our", "his", "her", "their", "your"})
NAMELESS = frozenset({"man", "woman", "boy", "girl", "child", "lady", "gentleman", "friend",
                      "kid", "guy"})
"""People words that say only that someone is someone: no trade to own."""
ABSTRACT = ("ence", "ance", "ness", "ity", "ism", "dom")
"""Endings of nouns told without an article ("going back to independence")."""
SUBJECTS = GENERIC | {"i", "you", "he", "she", "we", "they", "who", "nobody", "everyone",
                      "someone", "anyone"}
FINITE = _AUXILIARIES | {"is", "are", "was", "were", "must", "can", "will", "would", "should"}
NOT_NAMED = frozenset(
    """first second third fourth fifth sixth seventh eighth ninth tenth small inside outside
    top bottom back out up down off away over front middle edge end past future another living
    dead""".split()  # noqa: SIM905
)
"""Words the pipeline holds no object that are no one's name for a thing either."""
ROOM = 0.04
"""How far over its length a story may run with the line told (the promise is 5 %)."""
PHRASE_WORDS = 4
"""The most words of one of the idea's phrases a grounding sentence says (never its run)."""

PAIRED = (
    "[That evening|Later|All the next day] {P} {v:find} {Pr} going back to «A», and to «B».",
    "{P} {v:try} to put «A» out of {Pp} head, and «B» with it, and {v:fail} at both.",
    "Some nights {P} {v:stay} awake with «A» on {Pp} mind, and «B» [close behind|not far "
    "behind|after it].",
    "On the [walk|way] home {P} {v:go} over it [once more|again|one more time]: «A» first, "
    "then «B».",
    "There {v3:be} no getting away from «A», {P} {v:know}, [nor|and none] from «B».",
    "{P} {v:write} down «A» and «B» on the back of an envelope, and {v:look} at the "
    "[words|list] [a long time|for a while].",
    "[However|Whichever way] {P} {v:turn} it, it {v3:come} back to «A», and to «B».",
    "[In the quiet|Alone] {P} {v:turn} it over: «A», «B», and what [each|either] {v3:ask} of "
    "{Po}.",
)
ONE = (
    "[That evening|Later|All the next day] {P} {v:find} {Pr} going back to «A».",
    "{P} {v:try} to put «A» out of {Pp} head, and {v:fail}.",
    "Some nights {P} {v:stay} awake with «A» on {Pp} mind.",
    "On the [walk|way] home {P} {v:go} over it [once more|again], and {v:end} each time with «A».",
    "There {v3:be} no getting away from «A», {P} {v:know} that much.",
    "[However|Whichever way] {P} {v:turn} it, it {v3:come} back to «A».",
)
ROLE = (
    "{P} {v:be} «A» before {P} {v:be} anything else, and {P} {v:know} it.",
    "[Whatever else|Whatever] {P} {v:be}, {P} {v:be} «A» first; [nobody|no one] {v3:let} {Po} "
    "forget it.",
    "{P} {perf:be} «A» [for years|a long time|most of {Pp} life], and it {v3:show}.",
)


def _nounish(word: str, original: str) -> bool:
    lemmas = getAllLemmas(word)
    if not lemmas and (word.endswith("ly") or "'t" in word):
        return False  # "a tidally locked planet", "can't"
    return "NOUN" in lemmas or "PROPN" in lemmas or not lemmas or original[:1].isupper()


def _plural(word: str) -> bool:
    return word.endswith("s") and word not in getAllLemmas(word).get("NOUN", (word,))


def _verbal(word: str) -> bool:
    """Whether a word may be a verb and is no noun where it stands ("displays", "is")."""
    lemmas = getAllLemmas(word)
    return "VERB" in lemmas or "AUX" in lemmas


@lru_cache(maxsize=512)
def idea_places(idea: str) -> tuple[str, ...]:
    """The idea's locative noun phrases as a story may name them: "the cliff", "the flat
    upstairs", "Paris", "the landlord's wife" (an article for a determiner, names bare)."""
    tokens = re.findall(r"[\w'’-]+|[,;:.!?]", idea)
    lower = [t.lower().replace("’", "'") for t in tokens]
    found: list[str] = []
    for i, word in enumerate(lower[:-1]):
        following = lower[i + 1]
        if word not in PREPOSITIONS or (word in NEEDS_ARTICLE and following not in ARTICLES
                                        and not tokens[i + 1][:1].isupper()):
            continue
        article, words = False, list[str]()
        for j in range(i + 1, min(i + 8, len(lower))):
            current = lower[j]
            if not current[0].isalnum() or current in PREPOSITIONS | BREAKS | _ADVERBS or (
                    current in STOP_WORDS and current not in ARTICLES | {"same", "other"}):
                break
            if current[0].isdigit():
                continue  # "in 1920s Harlem", "the 1919 Paris Peace Conference"
            if current in ARTICLES or current in POSSESSORS:
                if words:
                    break
                article = True
                continue
            if current.endswith(("'s", "s'")):
                # "a landlord's wife": the possessor stays; "anyone's mouth" and "their loved
                # ones' funerals" do not.
                if words or current.endswith("'"):
                    words, article = [], True
                else:
                    words.append(tokens[j].replace("’", "'"))
                continue
            following = lower[j + 1] if j + 1 < len(lower) else "."
            modifier = current.endswith("ed") and following[0].isalnum() and _nounish(
                following, tokens[j + 1])  # "a tampered brake line", "loved ones"
            if not (_nounish(current, tokens[j]) or modifier
                    or "ADJ" in getAllLemmas(current)):
                break
            if words and _verbal(current) and _nounish(current, tokens[j]):
                # A noun that may be a verb is the idea's verb after its subject ("Paris
                # displays", "the orbit votes on", "the lodge wake to find"), else it stacks
                # ("the motorway service station").
                before, after = words[-1].lower(), lower[j + 1] if j + 1 < len(lower) else "."
                beyond = tokens[j + 2] if j + 2 < len(lower) else "."
                third = current.endswith("s") and not current.endswith("ss") and not _plural(
                    before) and (after in ARTICLES | PARTICLES | _PRONOUNS
                                 or (after not in FINITE and _verbal(after)))
                base = not current.endswith("s") and (_plural(before) or after in OBJECTS or (
                    after == "to" and beyond.lower() not in ARTICLES and not beyond[:1].isupper())
                    or (after[0].isalnum() and after not in STOP_WORDS | PREPOSITIONS | BREAKS
                        and not _verbal(after)
                        and _nounish(after, tokens[j + 1])))
                if third or base:
                    break
            words.append(tokens[j] if tokens[j][:1].isupper() else current)
        while words and not _nounish(words[-1].lower(), words[-1]):
            words.pop()  # "in the flat upstairs" keeps its adverb; "in her basket, empty" not
        heads = [w for w in words if w.lower() not in NUMBERS]
        if not heads or heads[-1].lower() in NO_PLACE or heads[-1].lower().endswith("'s"):
            continue
        if words[0].lower() in NUMBERS and words[0].lower() != "one" and len(words) > 1:
            heads = words  # "two fairy kingdoms"
        phrase = " ".join(heads[-PHRASE_WORDS + 1:])
        proper = heads[-1][:1].isupper() and not article
        found.append(phrase if proper else "the " + phrase)
    return tuple(dict.fromkeys(found))


def _noun_words(phrase: str) -> list[str]:
    """The words of a place phrase that must be on the page for it to be told: its last, and
    the nouns before it ("the flat upstairs", "the closing video-rental shop")."""
    words = list(iter_words(phrase))
    return [w.lower for n, w in enumerate(words) if n == len(words) - 1 or (
        w.lower not in ARTICLES | NUMBERS and not w.lower.endswith("'s")
        and _nounish(w.lower, w.text) and "ADJ" not in getAllLemmas(w.lower))]


@lru_cache(maxsize=8192)
def _forms(word: str) -> frozenset[str]:
    found = {word}
    for lemmas in getAllLemmas(word).values():
        found.update(lemmas)
    return frozenset(found)


def told_forms(text: str) -> set[str]:
    """Every form and lemma of every word of the narration of ``text`` (talk left out)."""
    out: set[str] = set()
    # Each distinct word once (a story repeats most of its words), read at C speed.
    for word in {normalise_word(w) for w in set(WORD_RE.findall(re.sub(r"“[^”]*”", " ", text)))}:
        out |= _forms(word)
    return out


def _told(word: str, forms: set[str]) -> bool:
    return bool(_forms(word) & forms) or _singular(word) in forms


def idea_things(idea: str, places: tuple[str, ...]) -> list[str]:
    """The idea's people and things a story may name: its nouns, those that are no object to
    hold ("by accident", "a couple") too, none of its place phrases'."""
    in_places = {w for p in places for w in _noun_words(p)}
    words = [w.lower for w in iter_words(idea)]
    nouns = idea_nouns(idea)
    for word in words:
        lemmas = getAllLemmas(word)
        if (word not in nouns and set(lemmas) == {"NOUN"} and word in _NOT_THINGS | _CONDITIONS
                and word not in NOT_NAMED):
            nouns.append(word)
    # "what they say", "two people meet": after a subject the word is the verb.
    verbs = {w for before, w in pairwise(words)
             if before in SUBJECTS and "VERB" in getAllLemmas(w)}
    return [n for n in nouns if n not in in_places | verbs
            and n not in PREPOSITIONS | NOT_NAMED | GENERIC | NUMBERS]


class Grounding:
    """What the narration of a composed story lacks of its idea's world, and the line that tells
    it (used by :func:`.story.compose_story` once the story is fitted)."""

    def __init__(self, composer: Composer) -> None:
        self.composer = composer
        plan = composer.plan
        self.idea = plan.story_request.premise.idea
        self.places = idea_places(self.idea)
        self.things = idea_things(self.idea, self.places)
        self.people = [t for t in self.things if _is_person(_singular(t))]
        words = [w.lower for w in iter_words(self.idea)]
        # "My aunt keeps a god", "her murderer": someone of the protagonist's own.
        self.owned = {w for before, w in pairwise(words) if before in OWNERS}
        role = [w for w in str(plan.world.situation.get("role", "")).lower().split()
                if w not in self.owned]
        if not role:
            # "A matchmaker in…", "Two scarecrows in…": the idea's first person is its subject.
            role = [w for w in words[:3] if w in self.people and w not in self.owned][:1]
        self.role = {_singular(w) for w in role}
        self.rng = Random(plan.seed * 7919 + zlib.crc32(self.idea.encode()))

    def missing(self, beats: list[list[Unit]]) -> tuple[str, str]:
        """The place phrase and the thing the story's narration has not told ("" if told)."""
        forms = told_forms(" ".join(u.text for units in beats for u in units))
        place = ""
        if self.places and not any(all(_told(w, forms) for w in _noun_words(p))
                                   for p in self.places):
            place = self.places[0]
        # The idea's people before its things: a story of a matchmaker that names only the
        # love she finds has not told who it is about.
        wanted = self.people or self.things
        if not wanted or any(_told(t, forms) for t in wanted):
            return place, ""
        mine = [t for t in wanted if _singular(t) in self.role]
        order = [t for t in wanted if t not in mine]
        # The protagonist's own trade ("a matchmaker") before the idea's things, never a
        # word that would say only that they are someone ("I was a woman before…").
        order += [t for t in mine if _singular(t) not in NAMELESS]
        order += [t for t in self.things if t not in self.people]
        return place, (order[0] if order else "")

    def ground(self, beats: list[list[Unit]], target: int) -> None:
        """Tell what the narration lacks in the beat of the idea's event, and fit the story to
        ``target`` words again; a story too short to make room for the line keeps its length
        (the line is taken out again)."""
        if any(u.kind == "ground" for units in beats for u in units):
            return  # told once already
        place, thing = self.missing(beats)
        if not place and not thing:
            return
        units = []
        if thing and _singular(thing) in self.role:
            article = "an" if thing[0] in "aeiou" else "a"
            units.append(self._unit(ROLE, {"A": f"{article} {_singular(thing)}"}))
            thing = ""
        if thing:
            thing = ("{Pp} " if thing in self.owned else "" if thing.endswith(ABSTRACT)
                     else "the ") + thing
        if place and thing:
            units.append(self._unit(PAIRED, {"A": place, "B": thing}))
        elif place or thing:
            units.append(self._unit(ONE, {"A": place or thing}))
        told = [u for u in units if u is not None]
        index = self.composer.idea_beat
        at = min(1, len(beats[index]))
        beats[index][at:at] = told
        if not told:
            return
        self.composer.fit(beats, target)
        if sum(u.words for units in beats for u in units) > target * (1 + ROOM):
            for unit in told:
                self.composer.guards.forget(unit.text)
                beats[index].remove(unit)
            self.composer.fit(beats, target)

    def _unit(self, templates: tuple[str, ...], nouns: dict[str, str]) -> Unit | None:
        composer = self.composer
        order = list(range(len(templates)))
        self.rng.shuffle(order)
        for k in order:
            template = templates[k]
            for key, noun in nouns.items():
                template = template.replace(f"«{key}»", noun)
            if "«" in template:
                continue
            state = composer.realiser.snapshot()
            try:
                text = composer.realiser.fill(template)
            except SlotUnavailable:
                composer.realiser.restore(state)
                continue
            if composer.guards.allows(text) and not composer._flawed(text):
                composer.guards.keep(text)
                return Unit(text, count_words(text), True, False, "ground")
            composer.realiser.restore(state)
        return None
