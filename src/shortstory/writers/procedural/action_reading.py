"""Reading the idea's action: its head verb's family, what it acts on and what it is for.

"trains carrier pigeons to carry messages to a quarantined island" is the family ``teach``
(``data/actions/teach.json`` lists its verbs), the verb ``train``, the target "the carrier
pigeons" (the story's own item when the idea names it) and the aim "carry messages". Leading
verbs ("tries to", "must", "is forced to", "starts receiving", "takes a job teaching") are read
past, unless the choosing is the story ("decides whether to…", "must choose between…": the
road is the aim, the other road the other party). "with" and "from" after the object name the
other party ("share a kitchen with…", "notes from…"), "from robbing…" the deed to stop; a
contest fixed, thrown or lost on purpose is rigged; a verb chained on with "and" may turn the
story. An idea whose protagonist the reader could not name ("Two rival chefs share…"), or whose
predicate names no action of a family, is read from its first finite verb of a family on.
:mod:`.actions` tells the action.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lemminflect import getAllLemmas, getInflection

from shortstory.pipeline.cast_names import is_family
from shortstory.pipeline.idea_lexicon import _is_person
from shortstory.pipeline.situation import Situation
from shortstory.pipeline.world import head_phrase
from shortstory.writers.procedural.grammar import is_plural_phrase

ACTIONS = Path(__file__).parent / "data" / "actions"
LEADS = frozenset({"try", "decide", "agree", "set", "begin", "start", "want", "need", "plan",
                   "offer", "volunteer", "refuse", "learn", "hope", "vow", "promise", "mean",
                   "have", "must", "be", "get", "attempt", "struggle", "resolve", "secretly",
                   "take", "find", "go", "continue", "keep", "use"})
"""Verbs that may lead the action rather than be it ("tries to", "is asked to", "takes a job
teaching"): the family is the next verb's, when that one has a family."""
_BREAKS = frozenset({"to", "that", "who", "which", "whose", "where", "when", "while", "because",
                     "until", "before", "after", "if", "and", "but", "or", "as", "so", "from",
                     "in", "on", "at", "with", "by", "for", "into", "across", "over", "under",
                     "without", "about", "against", "between", "through", "during", "outside",
                     "inside", "behind", "near", "back", "every", "each", "than", "despite",
                     "around", "along", "up", "out", "off", "down", "away", "again", "instead"})
CHOOSING = frozenset({"whether", "between", "which", "if"})
"""Words after a leading verb that make it the action ("decides whether to…", "must choose
between…"): the choosing is the story."""
CONTESTS = frozenset({"match", "fight", "game", "race", "bout", "final", "election", "vote",
                      "contest", "tournament", "trial", "title", "derby", "cup", "ballot",
                      "round", "result", "show", "competition"})
"""What a verb of losing or fixing rigs ("fixes the match", "throws the final")."""
RIGGING = frozenset({"fix", "throw", "lose", "sell"})
ON_PURPOSE = ("on purpose", "deliberately", "intentionally")
_DETERMINERS = frozenset({"a", "an", "the", "his", "her", "their", "its", "my", "your", "our",
                          "own", "this", "that", "some", "one", "two", "three", "every", "each"})
_PLACE_WORDS = frozenset({"to", "at", "in", "on", "across", "over", "into", "from", "with",
                          "for", "before", "after", "by", "again"})
"""Words that may follow a bare aim ("to fight at a community hall", "to sail to…")."""


@dataclass(frozen=True, slots=True)
class Action:
    """The idea's action: its family, its verb and what it acts on and is for."""

    family: str
    lemma: str
    """The verb's lemma, with its particle ("look after")."""
    target: str = ""
    """What the verb acts on, with "the" ("the carrier pigeons"), or ""."""
    aim: str = ""
    """What the action is for, a bare verb phrase ("carry messages"), or ""."""
    other: str = ""
    """The action's other party, with "the": whom a thing is shared with ("with her rival"),
    who sends what arrives ("notes from a stranger"), the road not taken ("between A and B")."""
    then: str = ""
    """The family of a second verb the idea chains on ("receives a message … and decides
    whether to deliver it": decide), which may turn the story; or ""."""


@lru_cache(maxsize=1)
def verb_families() -> dict[str, str]:
    """Each verb (lemma, or lemma and particle) and the family it belongs to."""
    table: dict[str, str] = {}
    for path in sorted(ACTIONS.glob("*.json")):
        with path.open(encoding="utf-8") as handle:
            for verb in json.load(handle).get("verbs", ()):
                table[verb] = path.stem
    return table


def _lemmas(word: str) -> tuple[str, ...]:
    return tuple(getAllLemmas(word.lower()).get("VERB", ()))


def _bare(token: str) -> str:
    return token.lower().strip(",.;:!?\"“”'‘’")


def _family_at(tokens: list[str], i: int) -> tuple[str, str] | None:
    """The (family, lemma) of the verb at ``i`` (with its particle, if the table has it)."""
    table = verb_families()
    following = _bare(tokens[i + 1]) if i + 1 < len(tokens) else ""
    for lemma in _lemmas(_bare(tokens[i])) or (_bare(tokens[i]),):
        if following and f"{lemma} {following}" in table:
            return table[f"{lemma} {following}"], f"{lemma} {following}"
        if lemma in table:
            return table[lemma], lemma
    return None


def _verb_at(tokens: list[str]) -> int | None:
    """Where the predicate's own action verb is, past the verbs that only lead it."""
    for i, token in enumerate(tokens[:8]):
        word = _bare(token)
        if word.endswith("ly") and not _lemmas(word):
            continue  # "secretly", "accidentally"
        if _family_at(tokens, i) is not None:
            lead = _lemmas(word)[:1]
            if not lead or lead[0] not in LEADS or i + 1 >= len(tokens):
                return i
            if _bare(tokens[i + 1]) in CHOOSING:
                return i  # "decides whether to desert": the deciding is the action
            gerund = _bare(tokens[i + 1])
            if gerund.endswith("ing") and "VERB" in getAllLemmas(gerund) and (
                    _family_at(tokens, i + 1) is None):
                return None  # "keeps getting calls": the action is the getting, of no family
            # "keeps bees", "finds a map": a leading verb is the action when no other follows.
            later = next((j for j in range(i + 1, min(i + 5, len(tokens)))
                          if _family_at(tokens, j) is not None and (
                              _bare(tokens[j - 1]) == "to" or _bare(tokens[j]).endswith("ing"))),
                         None)
            return later if later is not None else i
        if not _lemmas(word) and word not in {"to", "a", "an", "the", "job", "work"}:
            return None
    return None


_SUBJECTS = frozenset({"i", "you", "he", "she", "it", "we", "they", "someone", "somebody",
                       "nobody", "everyone", "everybody"})
"""Words that start a clause of their own where an object would be."""


def _noun_phrase(tokens: list[str]) -> tuple[str, int]:
    """The object at the start of ``tokens`` ("a class of nervous teenagers" -> "the class")
    and how many tokens it takes."""
    words: list[str] = []
    used = 0
    for n, token in enumerate(tokens[:5]):
        word = _bare(token)
        if not word or word in _BREAKS or word == "of" or word in _SUBJECTS:
            break  # "realises she is being followed": a clause, no object
        if word.endswith(("'s", "’s")):
            words, used = [], n + 1  # "the county fair's bread competition": the owner is no part
            continue
        if word in _DETERMINERS:
            used = n + 1
            if words:
                break
            continue
        if words and _lemmas(word) and ("NOUN" not in getAllLemmas(word) or (
                word.endswith("ed") and word not in _lemmas(word))):
            break  # "the lamp lit…", "a parrot accused of…": the participle ends the object
        if words and word.endswith("ing") and word not in _lemmas(word) and _lemmas(word) and (
                set(getAllLemmas(words[-1])) == {"NOUN"}):
            break  # "a song coming out of the storm" (not "a stolen painting")
        if word in {"all", "both", "each", "together", "alone"}:
            break  # "coaches the village team all the way": the object ends at its adverb
        if token.endswith(",") and "ADJ" in getAllLemmas(word):
            words, used = [], n + 1  # "a small, bad-tempered god": the god
            continue
        bare = token.strip(",.;:!?\"“”'‘’")
        words.append(bare if bare.isupper() and len(bare) > 1 else word)  # "the new AI"
        used = n + 1
        if token.endswith(","):
            break
    while words and "NOUN" not in getAllLemmas(words[-1]) and getAllLemmas(words[-1]):
        words.pop()
    return ("the " + " ".join(words[-3:]) if words else ""), used


def _aim(tokens: list[str]) -> str:
    """The action's purpose right after its object ("to carry messages to…" -> "carry
    messages"; "of nervous teenagers to fight" -> "fight")."""
    at = 0
    if tokens and _bare(tokens[0]) == "of":
        # The object's own complement comes first; a clause of its own ("who turns out to
        # be…") is not what the action is for.
        at = next((n for n, t in enumerate(tokens[1:5], start=1) if _bare(t) == "to"), 0)
        if any(_bare(t) in _BREAKS for t in tokens[1:at]):
            return ""
    if at >= len(tokens) or _bare(tokens[at]) != "to":
        return ""
    rest = tokens[at + 1 :]
    if not rest or not _lemmas(_bare(rest[0])) or _bare(rest[0]) in _DETERMINERS:
        return ""  # "to a quarantined island" is where, not what for
    verb = _bare(rest[0])
    lemma = _lemmas(verb)[0]
    if verb != lemma:
        return ""
    obj, used = _noun_phrase(rest[1:])
    following = _bare(rest[1 + used]) if len(rest) > 1 + used else ""
    if not obj and following and following not in _PLACE_WORDS:
        return ""  # "to pay off…", "to blow open…": the verb needs its particle
    if obj and is_plural_phrase(obj, head_phrase(obj)):
        obj = obj.removeprefix("the ")  # "carry messages", not "carry the messages"
    return f"{lemma} {obj}".strip()


def read_action(situation: Situation, idea: str = "") -> Action | None:
    """The action the idea's predicate names, if its verb has a family (else None).

    An idea whose protagonist the reader could not name ("Two rival chefs share…"), or whose
    predicate names no action of a family, is read from its first sentence instead, from its
    first verb of a family on.
    """
    found = _read(situation.predicate.split(), situation) if situation.predicate else None
    if found is None and idea:
        sentence = re.split(r"[.!?](?=\s|$)", idea, maxsplit=1)[0].split()
        start = next((i for i in range(1, min(len(sentence), 12))
                      if _family_at(sentence, i) is not None and _finite(sentence, i)
                      and _bare(sentence[i - 1]) not in _RELATIVES), None)
        if start is not None and situation.predicate and (
                len(sentence) - start > len(situation.predicate.split())):
            start = None  # a verb before the predicate's is the subject's own ("who remembers")
        if start is not None:
            found = _read(sentence[start:], situation)
    return found


def _finite(tokens: list[str], i: int) -> bool:
    """Whether the verb at ``i`` is the sentence's own: "guards", "must guard", "chefs share"."""
    word, before = _bare(tokens[i]), _bare(tokens[i - 1])
    if word in _third_person(tokens[i]) or before in {"must", "to", "will", "cannot"}:
        return True
    # "Two rival chefs share…": a plural noun's verb has no -s.
    plural = getAllLemmas(before).get("NOUN", ())
    return word in _lemmas(word) and bool(plural) and before not in plural


def _read(tokens: list[str], situation: Situation) -> Action | None:
    at = _verb_at(tokens)
    found = _family_at(tokens, at) if at is not None else None
    if at is None or found is None:
        return None
    family, lemma = found
    rest = tokens[at + 1 + lemma.count(" ") :]
    if rest and _bare(rest[0]) in REFLEXIVES:
        # "builds himself a boat": the boat; "passes himself off as…": the particle read past
        rest = rest[2:] if len(rest) > 1 and _bare(rest[1]) in {"off", "up", "out"} else rest[1:]
        if _reflexive(family, rest):
            return _reflexive_action(rest, situation)
    if lemma == "fall in" and rest and _bare(rest[0]) == "love":
        rest = rest[1:]  # "falls in love with the heir's fiancée": the fiancée, never "the love"
    target, aim, other, used = _parts(rest)
    if target and target.split()[-1] in _COLLECTIVES and used < len(rest) and (
            _bare(rest[used]) == "of"):
        # "teaches a class of toddlers": the toddlers are taught, not a thing called a class
        members, more = _noun_phrase(rest[used + 1 :])
        if members:
            target, used = members, used + 1 + more
    if not aim:
        aim = _aim(rest[used:])
    if family == "return" and rest and _bare(rest[0]) not in {"to", "home"}:
        # "returns a stolen painting": a thing given back; "returns after the war": no place.
        family, target = ("rescue", target) if target and _bare(rest[0]) not in _OBJECT_AFTER else (
            family, "")
    if family == "perform" and target and rest and _bare(rest[0]) in _OBJECT_AFTER:
        # "auditions for an orchestra", "sings to the troops": whom it is done for, not the
        # piece ("I got through the orchestra as far as the middle")
        target = ""
    head = target.split()[-1] if target else ""
    text = " ".join(_bare(t) for t in tokens)
    if lemma in RIGGING and (head in CONTESTS or (lemma == "lose" and any(
            words in text for words in ON_PURPOSE))):
        family = "rig"  # "fixes the match", "loses the race on purpose": the contest rigged
    elif family == "rig" and head not in CONTESTS:
        return None  # "throws a party" is no rigging
    own = {_bare(t) for t in rest[:used]} & {"his", "her", "their", "my", "own"} and not any(
        t.lower().endswith(("'s", "’s")) for t in rest[:used])  # not "the mayor's daughter"
    if family == "meet" and own and is_family(target.removeprefix("the ")):
        return None  # "writes to his sister": one's own family is met, never courted
    item = situation.item
    if item and target and head_phrase(item).split()[-1] == head:
        target = "{item}"  # the story's own object, named as the story names it
    return Action(family, lemma, target, aim, other, _then(tokens[at + 1 :], family))


REFLEXIVES = frozenset({"herself", "himself", "itself", "themselves", "themself", "myself",
                        "yourself", "oneself"})
"""An object that is the subject again ("teaches herself Morse code"): no one else."""


def _reflexive(family: str, rest: list[str]) -> bool:
    """Whether a verb whose object is its own subject is some other action: "disguises herself
    as a man" poses as one; "forces himself to swim", "finds herself covering for…" are the next
    verb's; "teaches herself Morse code" is learning, with no pupil ("builds himself a boat"
    builds it)."""
    first = _bare(rest[0]) if rest else ""
    return family == "teach" or first in {"as", "to", ""} or (
        first.endswith("ing") and bool(_lemmas(first)))


def _reflexive_action(rest: list[str], situation: Situation) -> Action | None:
    first = _bare(rest[0]) if rest else ""
    if first == "as":
        # "as her twin" is someone to be; "as a man" is a kind, no one to impersonate
        target = _noun_phrase(rest[1:])[0]
        kind = len(rest) > 1 and _bare(rest[1]) in {"a", "an"}
        return Action("pretend", "pose", target) if target and not kind else None
    if first == "to" or first.endswith("ing"):
        return _read(rest[1:] if first == "to" else rest, situation)
    return None


def _parts(rest: list[str]) -> tuple[str, str, str, int]:
    """The target, aim and other party right after the verb, and how many tokens they take."""
    first = _bare(rest[0]) if rest else ""
    if first == "whether":
        return "", _aim(rest[1:]), "", len(rest)  # "decides whether to report the baby"
    if first == "between":
        return _between(rest[1:])
    if first == "home":
        # "comes home to the island": the island; "returns home after the war": no place.
        rest = rest[1:] if len(rest) > 1 and _bare(rest[1]) == "to" else []
        skipped, first = 1, "to"
    else:
        skipped = 0
    if first == "to" and len(rest) > 1 and _bare(rest[1]) == "be":
        rest, skipped = rest[2:], skipped + 2  # "pretends to be a famous explorer"
        first = _bare(rest[0]) if rest else ""
    target, used = _noun_phrase(rest)
    if not target and first in _OBJECT_AFTER and not (first == "to" and len(rest) > 1 and (
            _bare(rest[1]) in _lemmas(_bare(rest[1])))):
        target, used = _noun_phrase(rest[1:])  # "competes in a chess tournament", not "to win"
        used += 1
    target = target.removesuffix(" home")  # "welcomes her son home"
    aim = other = ""
    after = rest[used:]
    word = _bare(after[0]) if after else ""
    if word in _FINITE_AUXILIARIES and _is_person(target):
        # "realises the other side's interpreter is lying", "learns her mother was a spy": the
        # person is the subject of what is found out, never a thing to be found.
        return "", "", "", used + skipped
    if word == "from" and len(after) > 1 and _bare(after[1]).endswith("ing"):
        aim = _gerund_phrase(after[1:])  # "stop her brother from robbing the bank"
    elif word in {"with", "from"}:
        other = _noun_phrase(after[1:])[0]  # "share a kitchen with…", "notes from…"
    return target, aim, other, used + skipped


_RELATIVES = frozenset({"who", "that", "which", "whose", "whom"})

_COLLECTIVES = frozenset({"class", "team", "group", "troop", "gang", "crowd", "choir", "crew",
                          "squad", "band", "party", "batch", "flock", "pack", "bunch", "family"})
"""A noun that stands for its members ("a class of toddlers", "a team of orphans")."""

_FINITE_AUXILIARIES = frozenset({"is", "are", "was", "were", "has", "have", "had", "will",
                                 "would", "can", "could", "must", "might", "may", "does", "did"})
"""Verbs that open a clause after a noun phrase: the phrase is that clause's subject."""

_OBJECT_AFTER = frozenset({"for", "after", "with", "to", "against", "in", "as", "into", "over",
                           "through"})
"""Prepositions a verb's object may follow ("waits for a boat", "poses as her mistress")."""


def _between(rest: list[str]) -> tuple[str, str, str, int]:
    """"between selling the vineyard and keeping it": the first road and the second."""
    words = [_bare(t) for t in rest]
    split = next((n for n, w in enumerate(words) if w in {"and", "or"}), len(words))
    first, second = rest[:split], rest[split + 1 :]
    if words and words[0].endswith("ing") and _lemmas(words[0]):
        return "", _gerund_phrase(first), " ".join(_bare(t) for t in second[:4]), len(rest)
    return _noun_phrase(first)[0], "", _noun_phrase(second)[0], len(rest)


def _gerund_phrase(tokens: list[str]) -> str:
    """"robbing the county bank" -> "rob the county bank"."""
    lemma = _lemmas(_bare(tokens[0]))[:1]
    if not lemma:
        return ""
    obj = _noun_phrase(tokens[1:])[0]
    return f"{lemma[0]} {obj}".strip()


def _then(tokens: list[str], family: str) -> str:
    """The family of a verb chained on after "and" ("… and decides whether to deliver it")."""
    for n, token in enumerate(tokens):
        if _bare(token) == "and" and n + 1 < len(tokens):
            later = tokens[n + 1 :]
            at = _verb_at(later)
            found = _family_at(later, at) if at is not None else None
            if found is not None and found[0] != family and found[0] != "rig":
                return found[0]
    return ""


def _third_person(token: str) -> tuple[str, ...]:
    word = _bare(token)
    return tuple(form for lemma in _lemmas(word) for form in getInflection(lemma, "VBZ"))
