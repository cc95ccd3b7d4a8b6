"""The idea's own action, done on the page: scenes by the family of its verb.

"A lighthouse keeper's daughter *trains* carrier pigeons…" is a story about training: the
first bird that will not come back, the one that does, what the training shows her. The idea's
predicate (:class:`~shortstory.pipeline.situation.Situation`) is read for its head verb and what
the verb acts on (:mod:`.action_reading`); the verb's lemma names a **family**
(``data/actions/<family>.json``: teach, find, make, search, compete, hide, deliver, care, …)
whose scenes do the action in steps, for the plot's jobs:

==================  ===========================================================================
pool                what happens
==================  ===========================================================================
``inciting``        the action begun, in its first physical steps
``attempt``         the first tries: the pupil who will not, the repair that makes it worse
``middle``          what the doing costs and brings in (told after the attempts)
``turn``            what the doing reveals
``crisis``          (optional) the moment the doing comes to, after the turn
``end_resolved``    the action's outcome, the want met
``end_refused``     the action's outcome, the want let go or changed
``event_build``     (any family) the occasion the idea names (or its deadline), coming closer
``event_climax``    (any family) the crisis, at the occasion (``_event``; ``_clock``: in order)
==================  ===========================================================================

A scene that fits only some targets opens with its condition (``#thing``: sent out and come
back, as a bird is and a boy is not; ``#person``; ``#plural``).

Family scenes are in the realiser's template language plus a few parts of the action, expanded
per story before they are rendered: ``{act}`` (the verb, finite for the protagonist), ``{act3}``
(for anyone else), ``{act_perf}``, ``{act_ing}``, ``{act_bare}``, ``{act_pp}``; ``{target}`` (what
the verb acts on: the idea's object or people) and ``{target_it}`` (it / them); ``{aim}`` (what
the action is for, a bare verb phrase: "carry messages"; the road in "decides whether to…", the
deed in "stop her brother from robbing…"); ``{other}`` (the other party: whom a thing is shared
with, who sends what arrives, the road not taken); ``{event}`` (the occasion; ``{event_again}``
short). A line needing a part the idea lacks is left out when optional (``?``), else the scene
is not told. A family file may say ``"partner": true`` (its target is a person: the story's
first other person stands in when the idea names none), ``"premises": true`` (its target is
premises one runs: a night route is not, and keeps the genre's scenes) and ``"ordered": true``
(its middle scenes are steps that mount, told in the file's order). A second verb the idea
chains on ("… and decides whether to deliver it") gives the story its turn first.

When a family runs it carries the plot: the genre's own middle and turn events, and its spine
(a suspect, a clue found), give way to the family's steps, two to a beat among the events that
fit any story; the genre's own come back only when both are spent (a long story), before
sentences of texture. An idea whose verb has no family keeps the genre's scenes.
"""

from __future__ import annotations

import json
import re
import zlib
from functools import lru_cache
from random import Random
from typing import Any

from shortstory.pipeline.idea_deadline import short_occasion
from shortstory.pipeline.idea_nature import object_nature
from shortstory.pipeline.object_handling import handling, may_handle
from shortstory.pipeline.place_table import _places, listed_place
from shortstory.pipeline.situation import Situation
from shortstory.pipeline.world import head_phrase
from shortstory.writers.procedural.action_reading import ACTIONS, Action
from shortstory.writers.procedural.grammar import gerund, is_plural_phrase, participle
from shortstory.writers.procedural.scenes import OPTIONAL, PARAGRAPH, Scene
from shortstory.writers.procedural.slots.held import carrier

EVENT_FILE, CLOCK_FILE, TOLD_FILE = "_event", "_clock", "_told"
"""The files of the occasion's scenes (any family: one named, one a deadline's) and of the
lines that close an inciting scene by saying the idea ({told})."""
ROTATED = frozenset({"inciting", "turn", "end_resolved", "end_refused", "event_climax"})
"""Pools whose order is entered at the seed, so that consecutive seeds differ there."""
CONDITION, CARRIED = "#", frozenset({"middle", "turn"})
"""Pools whose genre scenes give way to the family's when the idea's action has a family."""
_PART = re.compile(r"\{(act3|act_perf|act_ing|act_bare|act_pp|act|target_it|target|aim|"
                   r"event_again|event|span|want|other)\}")
PARTNER = "{A}"


@lru_cache(maxsize=1)
def _files() -> dict[str, dict[str, Any]]:
    found = {}
    for path in sorted(ACTIONS.glob("*.json")):
        with path.open(encoding="utf-8") as handle:
            found[path.stem] = json.load(handle)
    return found


@lru_cache(maxsize=1)
def families() -> dict[str, dict[str, list[list[str]]]]:
    """Every family's scene pools, by family name (the file's stem)."""
    return {name: data["scenes"] for name, data in _files().items()}


def _target(action: Action, situation: Situation) -> str:
    """What the scenes call ``{target}``: the idea's object; for a family done with someone
    (``"partner": true``: forgiving, sharing) the story's first other person when the idea
    names nobody; else the story's own object. The idea's first person, whom the story casts
    first, is that cast member by name: "falls for the restaurant owner" is one person, not a
    stranger beside the owner the story names."""
    first = situation.people[0].split()[-1] if situation.people else ""
    if action.target and action.target.split()[-1] == first and not is_plural_phrase(
            action.target, head_phrase(action.target)):
        return PARTNER  # not a class of toddlers, whom one of them stands for
    if action.target:
        return action.target
    if _files().get(action.family, {}).get("partner"):
        return PARTNER
    return "{item}" if situation.item else ""


_BUSINESSES = frozenset({"club", "business", "firm", "agency", "company", "practice", "clinic",
                         "studio", "stall", "kitchen", "surgery", "salon", "workshop"})
"""Heads of what is run as premises though the place table does not list them."""


def runs_premises(action: Action, situation: Situation) -> bool:
    """Whether the action's target is premises one opens, staffs and pays rent on (a bakery, a
    stall, a boxing club), as a family that says ``"premises": true`` needs: "runs an illegal
    night route" or "runs a marathon" met the counter, the sign and the takings."""
    target = _target(action, situation)
    phrase = situation.item if target == "{item}" else target
    if not phrase or target == PARTNER:
        return False
    head = phrase.split()[-1].lower()
    table = _places()
    return (listed_place(phrase) in table["places"] or head in table["places"]
            or head in table["place_heads"] or head in _BUSINESSES)


def _target_it(target: str, item_plural: bool) -> str:
    if target == "{item}":
        return "{item_it}"
    plural = is_plural_phrase(target, head_phrase(target)) if target else item_plural
    return "them" if plural else "it"


def expand(line: str, action: Action, situation: Situation, want: bool,
           target: str | None = None) -> str | None:
    """``line`` with the action's parts put in, or None when it needs a part the idea lacks
    (``target``: what the scene handles in the target's place, when not the target itself)."""
    target = _target(action, situation) if target is None else target
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
        "event": situation.event or situation.clock,
        "event_again": situation.event or short_occasion(situation.clock),
        "span": _span(situation.predicate),
        "want": "{want}" if want else "",
        "other": action.other,
    }
    missing = False

    def put(match: re.Match[str]) -> str:
        nonlocal missing
        value = parts[match.group(1)]
        missing = missing or not value
        return value

    if target and target != "{item}" and is_plural_phrase(target, head_phrase(target)):
        line = _plural_target(line)
    text = _PART.sub(put, line)
    return None if missing else text


_OTHER_SUBJECT = re.compile(r"\{(?:P|A|B|W|Ps|As|Bs|Ws|G|Gs)\}|\b(?:it|he|she|I|you|we)\b")


_SPAN = re.compile(r"\b(?:one|a|an|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+"
                   r"(?:days?|nights?|weeks?|months?|hours?)\b", re.IGNORECASE)


def _span(predicate: str) -> str:
    """How long the idea gives ("has one week to repair…": "one week"), or a few weeks."""
    found = _SPAN.search(predicate)
    if not found:
        return "[Six|Seven|Five] weeks"
    span = found.group(0).lower()
    return "One " + span.split()[1] if span.split()[0] in {"a", "an"} else span.capitalize()


def _plural_target(line: str) -> str:
    """``line`` with the verbs of a plural target its own: "the toddlers come late, and leave
    early", "there are the toddlers to see to" (a family's lines are written for one)."""
    line = line.replace("{v3:be} {target}", "{vp:be} {target}")
    out = []
    for sentence in re.split(r"(?<=[.!?])\s+", line):
        subject = re.search(r"\{target\} (?:[a-z]+ )?\{v3:", sentence)
        if subject:  # "{target} {v3:come} late…, and {v3:leave} early": all the target's
            other = _OTHER_SUBJECT.search(sentence, subject.start())
            end = other.start() if other else len(sentence)
            sentence = (sentence[: subject.start()]
                        + sentence[subject.start() : end].replace("{v3:", "{vp:")
                        + sentence[end:])
        out.append(sentence)
    return " ".join(out)


def _is_person(target: str, situation: Situation) -> bool:
    """Whether the action's target is one of the people the idea names ("the runaway boy")."""
    if target == PARTNER:
        return True
    if not target or target == "{item}":
        return False
    heads = {person.split()[-1].rstrip("s") for person in situation.people}
    return target.split()[-1].rstrip("s") in heads


def _fits(condition: str, action: Action, situation: Situation) -> bool:
    """Whether a scene's condition (``#thing``, ``#person``, ``#animal``, ``#living``,
    ``#plural``, ``#object``, ``#public``, ``#private``) holds here."""
    target = _target(action, situation)
    item = situation.item if target == "{item}" else target
    match condition:
        case "#thing":
            return not _is_person(target, situation)
        case "#person":
            return _is_person(target, situation)
        case "#animal" | "#living":  # a whistle and a fall are for a dog or a pupil, not an AI
            living = bool(item) and object_nature(item) == "living"
            return living or (condition == "#living" and _is_person(target, situation))
        case "#plural":
            return bool(item) and is_plural_phrase(item, head_phrase(item))
        case "#public" | "#private":  # a town turns out for a bridge, not for someone's return
            occasion = situation.event or situation.clock
            owner = occasion.split("'s ")[0].split()[-1] if "'s " in occasion else ""
            return (not owner or owner in _PUBLIC) == (condition == "#public")
        case "#object":  # a thing one turns over: no apple trees, no staircase
            head = item.split()[-1].lower() if item else ""
            return bool(head) and not _is_person(target, situation) and not is_plural_phrase(
                item, head_phrase(item)) and head not in _FIXTURES and (
                listed_place(head) not in _places()["places"])
    raise ValueError(condition)


_PUBLIC = frozenset({"king", "queen", "prince", "princess", "emperor", "empress", "president",
                     "mayor", "bishop", "pope", "duke", "duchess", "governor", "general", "tsar"})
"""People whose occasions are a town's ("the king's arrival")."""
_FIXTURES = frozenset("""staircase stairs stair tree trees hedge wall walls floor ceiling roof
    door gate window field road path bridge house room building garden yard tower mill barn
    well pond lake river sea shore cliff hill mountain ship boat car train engine""".split())  # noqa: SIM905
"""Things too big or too fixed to turn over or look under."""


def _expanded(lines: list[str], action: Action, situation: Situation,
              want: bool) -> tuple[str, ...] | None:
    # A scene that fits only some targets says so first: "#thing" (a bird is sent out and
    # comes back; a boy is not), "#person", "#plural" ("the best of them").
    while lines and lines[0].startswith(CONDITION):
        if not _fits(lines[0], action, situation):
            return None
        lines = lines[1:]
    target = _held_target(lines, action, situation)
    if target == "":
        return None
    out = []
    for line in lines:
        text = expand(line, action, situation, want, target)
        if text is None:
            if line.removeprefix(PARAGRAPH).startswith(OPTIONAL):
                continue
            return None
        out.append(text)
    return tuple(out) if out else None


def _held_target(lines: list[str], action: Action, situation: Situation) -> str | None:
    """What a scene that handles the action's target holds: the target itself (None), its
    carrier ("the bill for the debt", for a scene that turns it over under the lamp), or ""
    when nothing can stand in (the scene is not told). The idea's own object is the realiser's
    to carry (``{item}``), and a person is no prop to carry."""
    target = _target(action, situation)
    if not target or target == "{item}" or _is_person(target, situation):
        return None
    nature = object_nature(target)
    if may_handle(nature, handling(tuple(lines))):
        return None
    return carrier(target, nature) or ""


def _with_told(lines: list[str], pool: str, told: list[list[str]], turn: int) -> list[str]:
    """An inciting scene's lines, closed by one that says the idea (the steps come first); a
    story that cannot say its idea (``told`` empty) does its steps without that line."""
    if not told:
        return [line for line in lines if "{told}" not in line and "{deed}" not in line]
    if pool != "inciting" or any("{told}" in line or "{deed}" in line for line in lines):
        return lines
    return [*lines, *told[turn % len(told)]]


def action_pools(action: Action, situation: Situation, want: bool, seed: int,
                 genre_id: str = "", tellable: bool = True) -> dict[str, list[Scene]]:
    """The family's scenes for one story, by the realiser's pool, in the story's order: the
    first attempts before the costs, the occasion coming closer among them, its climax first
    in the crisis. One premise told in two genres takes its family's scenes in two orders."""
    library = families()
    own = library.get(action.family, {})
    if _files().get(action.family, {}).get("premises") and not runs_premises(action, situation):
        own = {}  # no counter or takings for a night route: the genre's scenes tell it
    occasion = EVENT_FILE if situation.event else CLOCK_FILE
    event = library.get(occasion, {}) if (situation.event or situation.clock) and (
        action.family != occasion) else {}  # the deadline alone: its scenes are the family's
    # A chained second verb ("… and decides whether to deliver it") turns the story.
    chained = {"turn": library[action.then]["turn"]} if action.then in library else {}
    ordered = _files().get(action.family, {}).get("ordered", False)
    premise = zlib.crc32(f"{action.family}:{action.lemma}:{genre_id}".encode())
    pools: dict[str, list[Scene]] = {}
    told = library[TOLD_FILE]["told"] if tellable else []
    sources = [(action.family, own), (occasion, event), (action.then, chained)]
    for source, pool, scenes in [(source, pool, scenes) for source, data in sources
                                 for pool, scenes in data.items()]:
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
        elif not (ordered and pool == "middle") and source != CLOCK_FILE:
            # A family whose middle is written as steps that mount keeps their order.
            Random(premise + seed * 7919).shuffle(made)
        if source == action.then:
            made = made[:1]  # the chained verb's turn first, the family's own after it
        pools[pool] = made + pools.get(pool, [])
    middle = pools.pop("attempt", []) + pools.get("middle", [])
    build = pools.pop("event_build", [])
    # The occasion comes closer after the first attempt, and again later.
    pools["middle"] = middle[:1] + build[:1] + middle[1:3] + build[1:] + middle[3:]
    # The occasion has one climax; the family's own crisis (if it has one) comes after it, the
    # genre's crisis scenes after both.
    pools["crisis"] = pools.pop("event_climax", [])[:1] + pools.get("crisis", [])
    return {pool: scenes for pool, scenes in pools.items() if scenes}
