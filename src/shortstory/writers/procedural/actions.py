"""The idea's own action, done on the page: scenes by the family of its verb.

"A lighthouse keeper's daughter *trains* carrier pigeons…" is a story about training: the
first bird that will not come back, the one that does, what the training shows her. The idea's
predicate (:class:`~shortstory.pipeline.situation.Situation`) is read for its head verb and what
the verb acts on; the verb's lemma names a **family** (``data/actions/<family>.json``: teach,
find, make, search, compete, hide, deliver, care, …) whose scenes do the action in steps, for
the plot's jobs:

==================  ===========================================================================
pool                what happens
==================  ===========================================================================
``inciting``        the action begun, in its first physical steps
``attempt``         the first tries: the pupil who will not, the repair that makes it worse
``middle``          what the doing costs and brings in (told after the attempts)
``turn``            what the doing reveals
``end_resolved``    the action's outcome, the want met
``end_refused``     the action's outcome, the want let go or changed
``event_build``     (any family) the occasion the idea names, coming closer
``event_climax``    (any family) the crisis, at the occasion
==================  ===========================================================================

A scene that fits only some targets opens with its condition (``#thing``: sent out and come
back, as a bird is and a boy is not; ``#person``; ``#plural``).

Family scenes are in the realiser's template language plus a few parts of the action, expanded
per story before they are rendered: ``{act}`` (the verb, finite for the protagonist), ``{act3}``
(for anyone else), ``{act_perf}``, ``{act_ing}``, ``{act_bare}``, ``{act_pp}``; ``{target}`` (what
the verb acts on: the idea's object or people) and ``{target_it}`` (it / them); ``{aim}`` (what
the action is for, a bare verb phrase: "carry messages"); ``{event}`` (the occasion). A line
that needs a part the idea does not name is left out when it is optional (``?``), and the scene
is not told when it is not. An idea whose verb has no family keeps the genre's scenes.
"""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from random import Random

from lemminflect import getAllLemmas, getInflection

from shortstory.pipeline.situation import Situation
from shortstory.pipeline.world import head_phrase
from shortstory.writers.procedural.grammar import gerund, is_plural_phrase, participle
from shortstory.writers.procedural.scenes import OPTIONAL, PARAGRAPH, Scene, Staging, pools_for

ACTIONS = Path(__file__).parent / "data" / "actions"
EVENT_FILE = "_event"
"""The file of the occasion's scenes (any family)."""
TOLD_FILE = "_told"
"""The file of the lines that close an inciting scene by saying the idea ({told})."""
ROTATED = frozenset({"inciting", "turn", "end_resolved", "end_refused", "event_climax"})
"""Pools whose order is entered at the seed, so that consecutive seeds differ there."""
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
_DETERMINERS = frozenset({"a", "an", "the", "his", "her", "their", "its", "my", "your", "our",
                          "this", "that", "some", "one", "two", "three", "every", "each"})
CONDITION = "#"
_PLACE_WORDS = frozenset({"to", "at", "in", "on", "across", "over", "into", "from", "with",
                          "for", "before", "after", "by", "again"})
"""Words that may follow a bare aim ("to fight at a community hall", "to sail to…")."""
_PART = re.compile(r"\{(act3|act_perf|act_ing|act_bare|act_pp|act|target_it|target|aim|event|"
                   r"want)\}")
_WORD = re.compile(r"[\w'’-]+")


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


@lru_cache(maxsize=1)
def families() -> dict[str, dict[str, list[list[str]]]]:
    """Every family's scene pools, by family name (the file's stem)."""
    found = {}
    for path in sorted(ACTIONS.glob("*.json")):
        with path.open(encoding="utf-8") as handle:
            found[path.stem] = json.load(handle)
    return {name: data["scenes"] for name, data in found.items()}


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
            # "keeps bees", "finds a map": a leading verb is the action when no other follows.
            later = next((j for j in range(i + 1, min(i + 5, len(tokens)))
                          if _family_at(tokens, j) is not None and (
                              _bare(tokens[j - 1]) == "to" or _bare(tokens[j]).endswith("ing"))),
                         None)
            return later if later is not None else i
        if not _lemmas(word) and word not in {"to", "a", "an", "the", "job", "work"}:
            return None
    return None


def _noun_phrase(tokens: list[str]) -> tuple[str, int]:
    """The object at the start of ``tokens`` ("a class of nervous teenagers" -> "the class")
    and how many tokens it takes."""
    words: list[str] = []
    used = 0
    for n, token in enumerate(tokens[:5]):
        word = _bare(token)
        if not word or word in _BREAKS or word == "of":
            break
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
        if token.endswith(",") and "ADJ" in getAllLemmas(word):
            words, used = [], n + 1  # "a small, bad-tempered god": the god
            continue
        words.append(word)
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

    An idea whose protagonist the reader could not name ("A park ranger guards…") has no
    predicate: its first sentence is read instead, from its first verb of a family on.
    """
    text = situation.predicate or (re.split(r"[.!?](?=\s|$)", idea, maxsplit=1)[0] if idea
                                   else "")
    tokens = text.split()
    if not situation.predicate:
        start = next((i for i in range(1, len(tokens)) if _family_at(tokens, i) is not None
                      and _bare(tokens[i]) in _third_person(tokens[i])), None)
        if start is None:
            return None
        tokens = tokens[start:]
    at = _verb_at(tokens)
    if at is None:
        return None
    found = _family_at(tokens, at)
    if found is None:
        return None
    family, lemma = found
    rest = tokens[at + 1 + (" " in lemma) :]
    target, used = _noun_phrase(rest)
    if not target and rest and _bare(rest[0]) in {"for", "after", "with", "to", "against", "in"}:
        target, used = _noun_phrase(rest[1:])  # "competes in a chess tournament"
        used += 1
    item = situation.item
    if item and target and head_phrase(item).split()[-1] == target.split()[-1]:
        target = "{item}"  # the story's own object, named as the story names it
    return Action(family, lemma, target, _aim(rest[used:]))


def _third_person(token: str) -> tuple[str, ...]:
    word = _bare(token)
    return tuple(form for lemma in _lemmas(word) for form in getInflection(lemma, "VBZ"))


def _target_it(target: str, item_plural: bool) -> str:
    if target == "{item}":
        return "{item_it}"
    plural = is_plural_phrase(target, head_phrase(target)) if target else item_plural
    return "them" if plural else "it"


def expand(line: str, action: Action, situation: Situation, want: bool) -> str | None:
    """``line`` with the action's parts put in, or None when it needs a part the idea lacks."""
    target = action.target or ("{item}" if situation.item else "")
    parts = {
        "act": f"{{v:{action.lemma}}}",
        "act3": f"{{v3:{action.lemma}}}",
        "act_perf": f"{{perf:{action.lemma}}}",
        "act_ing": gerund(action.lemma),
        "act_bare": action.lemma,
        "act_pp": participle(action.lemma),
        "target": target,
        # A person's pronouns are not known: "them" ("she let them go").
        "target_it": ("them" if _is_person(target, situation) else _target_it(target, False))
        if target else "",
        "aim": action.aim,
        "event": situation.event,
        "want": "{want}" if want else "",
    }
    missing = False

    def put(match: re.Match[str]) -> str:
        nonlocal missing
        value = parts[match.group(1)]
        missing = missing or not value
        return value

    text = _PART.sub(put, line)
    return None if missing else text


def _is_person(target: str, situation: Situation) -> bool:
    """Whether the action's target is one of the people the idea names ("the runaway boy")."""
    if not target or target == "{item}":
        return False
    heads = {person.split()[-1].rstrip("s") for person in situation.people}
    return target.split()[-1].rstrip("s") in heads


def _fits(condition: str, action: Action, situation: Situation) -> bool:
    """Whether a scene's condition (``#thing``, ``#person``, ``#plural``) holds here."""
    target = action.target or ("{item}" if situation.item else "")
    item = situation.item if target == "{item}" else target
    match condition:
        case "#thing":
            return not _is_person(target, situation)
        case "#person":
            return _is_person(target, situation)
        case "#plural":
            return bool(item) and is_plural_phrase(item, head_phrase(item))
    raise ValueError(condition)


def _expanded(lines: list[str], action: Action, situation: Situation,
              want: bool) -> tuple[str, ...] | None:
    # A scene that fits only some targets says so first: "#thing" (a bird is sent out and
    # comes back; a boy is not), "#person", "#plural" ("the best of them").
    while lines and lines[0].startswith(CONDITION):
        if not _fits(lines[0], action, situation):
            return None
        lines = lines[1:]
    out = []
    for line in lines:
        text = expand(line, action, situation, want)
        if text is None:
            if line.removeprefix(PARAGRAPH).startswith(OPTIONAL):
                continue
            return None
        out.append(text)
    return tuple(out) if out else None


def _with_told(lines: list[str], pool: str, told: list[list[str]], turn: int) -> list[str]:
    """An inciting scene's lines, closed by one that says the idea (the steps come first)."""
    if pool != "inciting" or any("{told}" in line or "{deed}" in line for line in lines):
        return lines
    return [*lines, *told[turn % len(told)]]


def action_pools(action: Action, situation: Situation, want: bool, seed: int,
                 genre_id: str = "") -> dict[str, list[Scene]]:
    """The family's scenes for one story, by the realiser's pool, in the story's order: the
    first attempts before the costs, the occasion coming closer among them, its climax first
    in the crisis. One premise told in two genres takes its family's scenes in two orders."""
    library = families()
    own = library.get(action.family, {})
    event = library.get(EVENT_FILE, {}) if situation.event else {}
    premise = zlib.crc32(f"{action.family}:{action.lemma}:{genre_id}".encode())
    pools: dict[str, list[Scene]] = {}
    for pool, scenes in [*own.items(), *event.items()]:
        source = EVENT_FILE if pool.startswith("event") else action.family
        told = library[TOLD_FILE]["told"]
        made = [Scene(f"act-{source}:{pool}:{n}", lines, True)
                for n, raw in enumerate(scenes)
                if (lines := _expanded(_with_told(raw, pool, told, seed + n), action, situation,
                                       want)) is not None]
        if pool in ROTATED and made:
            # One order per premise and genre, entered at the seed (as the genre's own pools
            # are): two seeds of one premise begin, turn and end on different scenes.
            Random(premise).shuffle(made)
            start = seed % len(made)
            made = made[start:] + made[:start]
        else:
            Random(premise + seed * 7919).shuffle(made)
        pools[pool] = made
    middle = pools.pop("attempt", []) + pools.get("middle", [])
    build = pools.pop("event_build", [])
    # The occasion comes closer after the first attempt, and again later.
    pools["middle"] = middle[:1] + build[:1] + middle[1:3] + build[1:] + middle[3:]
    # The occasion has one climax; the crisis's other scenes are the genre's.
    pools["crisis"] = pools.pop("event_climax", [])[:1]
    return {pool: scenes for pool, scenes in pools.items() if scenes}


class ActionStaging(Staging):
    """Staging whose inciting event, middle, turn and ending are the idea's action first."""

    def _init_staging(self, genre_id: str) -> None:
        super()._init_staging(genre_id)
        situation = Situation.from_dict(self.plan.world.situation)
        self.action = read_action(situation, self.plan.request["premise"]["idea"])
        self.action_scenes: dict[str, list[Scene]] = {}
        if self.action is not None:
            self.action_scenes = action_pools(
                self.action, situation, bool(self.plan.character.get("want")), self.plan.seed,
                genre_id)

    def _candidates(self, function: str, first: bool) -> list[Scene]:
        found = super()._candidates(function, first)
        if not self.action_scenes:
            return found
        own = [scene for pool in pools_for(function, self.plan.world.resolution, first)
               for scene in self.action_scenes.get(pool, ())]
        dialogue = self.plan.scaffold.voice.get("dialogue", "normal")
        if dialogue == "more":
            # The scaffold's dialogue level chooses among the family's scenes: those with talk
            # first for "more" (the order otherwise kept), none for "less".
            own.sort(key=lambda scene: not _talks(scene))
        elif dialogue == "less":
            own = [scene for scene in own if not _talks(scene)]
        return own + found


def _talks(scene: Scene) -> bool:
    return any("“" in line for line in scene.lines)
