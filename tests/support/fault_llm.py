"""A fault-injecting server speaking the OpenAI chat-completions wire protocol.

:class:`FaultLLMServer` is a real HTTP server (standard library only) that the real ``openai`` SDK
talks to: ``GET /v1/models`` and ``POST /v1/chat/completions``, streamed (server-sent events in
chunked transfer encoding) or not. Its answers are deterministic:

* **JSON requests** (the body has a ``response_format`` other than ``{"type": "text"}``): the
  message content is a JSON document generated from the schema in
  ``response_format.json_schema.schema`` (or ``response_format.schema`` for ``json_object``); it
  validates against that schema (see :func:`document_for_schema`). Without a schema: ``{}``.
* **Prose requests** (everything else): English sentences in a voice (person first / second /
  third, tense past / present, a character name) built from :data:`TEMPLATES`. The length is
  ``N`` words when the last user message says ``about N words``, else :data:`DEFAULT_WORDS`. The
  voice is the server default (:meth:`FaultLLMServer.set_prose`) unless the system or user
  messages say ``POV: first|second|third`` / ``TENSE: past|present``.

**Tokenizer.** The server's token count of a text is the number of matches of the regex
``\\w+|[^\\w\\s]`` (:func:`count_tokens`): a run of word characters, or one punctuation mark.
``usage.prompt_tokens`` is the sum over all messages' content, ``usage.completion_tokens`` the
count of the returned content. ``max_tokens`` (or ``max_completion_tokens``) cuts the content
after that many tokens, with ``finish_reason`` ``"length"``.

**Faults** are queued with :meth:`FaultLLMServer.inject` (or ``POST /_control/fault`` from another
process); each chat-completion request whose kind (``"json"`` / ``"prose"``) matches a queued
fault's ``match`` consumes one use of the oldest such fault. See :data:`FAULTS`.

**Control endpoints** (no API key needed): ``POST /_control/fault`` (``{"fault", "times",
"match", ...params}``), ``POST /_control/reset``, ``POST /_control/prose`` (``{"person", "tense",
"name"}``), ``GET /_control/requests`` (the request log without bodies).

**Command line**: ``python tests/support/fault_llm.py --port N [--api-key K]`` serves until
SIGINT / SIGTERM and prints the base URL on stdout once listening.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import re
import signal
import socket
import sys
import threading
import time
import uuid
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, NamedTuple

TOKEN_PATTERN = re.compile(r"\w+|[^\w\s]")
WORDS_HINT_PATTERN = re.compile(r"about (\d+) words", re.IGNORECASE)
POV_PATTERN = re.compile(r"POV:\s*(first|second|third)", re.IGNORECASE)
TENSE_PATTERN = re.compile(r"TENSE:\s*(past|present)", re.IGNORECASE)

DEFAULT_WORDS = 120
DEFAULT_PERSON = "third"
DEFAULT_TENSE = "past"
DEFAULT_NAME = "Mara"
PERSONS = ("first", "second", "third")
TENSES = ("past", "present")
MATCHES = ("any", "json", "prose")
SENTENCES_PER_PARAGRAPH = 5
#: In third person, every this-many-th sentence names the character instead of saying "She".
NAME_EVERY = 4
SHORT_FRACTION = 0.15
LONG_FACTOR = 2.5

#: Fault name -> its parameters and their defaults.
FAULTS: dict[str, dict[str, Any]] = {
    "rate_limit": {"retry_after": 1},
    "server_error": {},
    "unauthorized": {},
    "hang": {"seconds": 30},
    "malformed_json": {},
    "stream_cut": {"after_chunks": 3},
    "pov_slip": {},
    "third_person": {},
    "tense_slip": {},
    "cliche": {},
    "short": {},
    "long": {},
}

#: What a ``malformed_json`` fault answers when truncating the real document would still parse.
MALFORMED_FALLBACK = '{"beats": [{"summary": "The '


def count_tokens(text: str) -> int:
    """The server's token count: matches of ``\\w+|[^\\w\\s]`` in ``text``."""
    return sum(1 for _ in TOKEN_PATTERN.finditer(text))


def cut_to_tokens(text: str, limit: int) -> tuple[str, bool]:
    """``text`` cut after its ``limit``-th token, and whether anything was cut."""
    if limit < 0:
        return text, False
    if limit == 0:
        return "", bool(text)
    for index, match in enumerate(TOKEN_PATTERN.finditer(text), start=1):
        if index == limit:
            rest = text[match.end() :]
            return text[: match.end()], bool(TOKEN_PATTERN.search(rest))
    return text, False


# --------------------------------------------------------------------------------------------
# Prose
# --------------------------------------------------------------------------------------------


class Verb(NamedTuple):
    """The three finite forms a template needs: ``walk`` / ``walks`` / ``walked``."""

    base: str
    third: str
    past: str


def _verb(base: str, third: str = "", past: str = "") -> Verb:
    return Verb(base, third or base + "s", past or base + "ed")


#: Every finite verb the prose uses. Templates name them as ``{walk}`` (the character's verb) or
#: ``{tick:3}`` (a third-person-singular subject such as "the kettle") or ``{rattle:pl}`` (plural).
VERBS: dict[str, Verb] = {
    "ask": _verb("ask"),
    "bark": _verb("bark"),
    "bring": _verb("bring", past="brought"),
    "button": _verb("button"),
    "buy": _verb("buy", past="bought"),
    "carry": _verb("carry", "carries", "carried"),
    "check": _verb("check"),
    "climb": _verb("climb"),
    "close": _verb("close", past="closed"),
    "cool": _verb("cool"),
    "copy": _verb("copy", "copies", "copied"),
    "count": _verb("count"),
    "rattle": _verb("rattle", "rattles", "rattled"),
    "drink": _verb("drink", past="drank"),
    "find": _verb("find", past="found"),
    "flicker": _verb("flicker"),
    "fold": _verb("fold"),
    "gather": _verb("gather"),
    "go": _verb("go", "goes", "went"),
    "hang": _verb("hang", past="hung"),
    "know": _verb("know", past="knew"),
    "land": _verb("land"),
    "laugh": _verb("laugh"),
    "lean": _verb("lean"),
    "leave": _verb("leave", past="left"),
    "listen": _verb("listen"),
    "lock": _verb("lock"),
    "look": _verb("look"),
    "make": _verb("make", past="made"),
    "move": _verb("move", past="moved"),
    "need": _verb("need"),
    "nod": _verb("nod", past="nodded"),
    "open": _verb("open"),
    "pass": _verb("pass", "passes"),
    "peel": _verb("peel"),
    "play": _verb("play"),
    "pour": _verb("pour"),
    "pull": _verb("pull"),
    "push": _verb("push", "pushes"),
    "read": _verb("read", past="read"),
    "reverse": _verb("reverse", past="reversed"),
    "rinse": _verb("rinse", past="rinsed"),
    "set": _verb("set", past="set"),
    "settle": _verb("settle", past="settled"),
    "shine": _verb("shine", past="shone"),
    "sit": _verb("sit", past="sat"),
    "skip": _verb("skip", past="skipped"),
    "slide": _verb("slide", past="slid"),
    "snap": _verb("snap", past="snapped"),
    "sort": _verb("sort"),
    "stack": _verb("stack"),
    "stand": _verb("stand", past="stood"),
    "steady": _verb("steady", "steadies", "steadied"),
    "step": _verb("step", past="stepped"),
    "strike": _verb("strike", past="struck"),
    "sweep": _verb("sweep", past="swept"),
    "switch": _verb("switch", "switches"),
    "take": _verb("take", past="took"),
    "tick": _verb("tick"),
    "tie": _verb("tie", past="tied"),
    "turn": _verb("turn"),
    "unlace": _verb("unlace", past="unlaced"),
    "unplug": _verb("unplug", past="unplugged"),
    "wait": _verb("wait"),
    "walk": _verb("walk"),
    "watch": _verb("watch", "watches"),
    "wipe": _verb("wipe", past="wiped"),
    "write": _verb("write", past="wrote"),
}

#: ``be`` by (person, tense); the character's subject is first / second / third person singular.
BE_FORMS: dict[tuple[str, str], str] = {
    ("first", "past"): "was",
    ("second", "past"): "were",
    ("third", "past"): "was",
    ("first", "present"): "am",
    ("second", "present"): "are",
    ("third", "present"): "is",
    ("plural", "past"): "were",
    ("plural", "present"): "are",
}

#: Neutral, concrete sentences. ``{S}`` / ``{s}``: the character as subject (capitalised / not),
#: ``{P}`` / ``{p}``: possessive, ``{o}``: object; other names in braces are verbs (see VERBS).
#: Only the character is ever referred to by a personal pronoun, and every finite verb goes
#: through VERBS, so person and tense are exactly the voice's.
TEMPLATES: tuple[str, ...] = (
    "{S} {walk} to the window and {count} the boats in the harbour.",
    "{S} {fold} the letter twice and {slide} it under the sugar tin.",
    "The kettle {tick:3} as it {cool:3} on the back of the stove.",
    "{S} {rinse} the cups and {set} them upside down on a cloth.",
    "Rain {gather:3} in the gutter above the door.",
    "{S} {check} the timetable again, although {s} {know} it by heart.",
    "Outside, a van {reverse:3} slowly into the lane.",
    "{S} {write} three names on the back of an envelope.",
    "{S} {wait}.",
    "{S} {listen} again.",
    "Nothing {move:3} in the yard.",
    "{S} {button} {p} coat to the collar.",
    "The radio {play:3} something with a slow piano line.",
    "{S} {turn} the key in the lock and {push} the door with {p} shoulder.",
    "The banisters {rattle:pl} under {p} weight.",
    "{S} {find} the spare torch in the drawer with the string and the candles.",
    "{S} {sit} on the edge of the bed and {unlace} {p} boots.",
    "The ferry {leave:3} on time for once.",
    "{S} {pour} a glass of water and {drink} half of it standing up.",
    "A gull {land:3} on the railing and {watch:3} {o} without interest.",
    "{S} {open} the ledger at the page marked with a bus ticket.",
    "{S} {read} the first line twice.",
    "The lamp on the desk {flicker:3} and then {steady:3}.",
    "{S} {pull} the curtain halfway across.",
    "{S} {carry} the crate of apples down to the cellar.",
    "The clock in the hall {strike:3} seven.",
    "{S} {sweep} the sand from the step with the side of {p} foot.",
    "{S} {ask} for directions at the bakery and {buy} a loaf while {s} {be} there.",
    "Someone {laugh:3} in the flat upstairs.",
    "{S} {lean} against the wall and {wait} for the tram.",
    "{S} {wipe} the condensation from the glass with {p} sleeve.",
    "The dog next door {bark:3} once and then {settle:3}.",
    "{S} {copy} the address into {p} notebook in careful capitals.",
    "A bus {pass:3}, half empty, its windows yellow.",
    "{S} {take} the long way round, past the closed cinema.",
    "{S} {hang} the wet towels over the radiator.",
    "The tide {be:3} out, and the mud {shine:3} under the streetlights.",
    "{S} {sort} the post into two piles on the kitchen table.",
    "{S} {unplug} the heater and {open} the window an inch.",
    "The shop on the corner {close:3} early on Thursdays.",
    "{S} {tie} the bundle of newspapers with garden twine.",
    "{S} {climb} the hill behind the station and {look} back at the town.",
    "The wind {turn:3} and {bring:3} the smell of diesel from the quay.",
    "{S} {stack} the chairs against the wall.",
    "{S} {make} a list of what {s} {need} from the market.",
    "The washing on the line {snap:3} in the wind.",
    "{S} {peel} an orange and {leave} the rind on the windowsill.",
    "{S} {switch} off the light.",
    "{S} {nod}.",
    "Somewhere a door {close:3}.",
    "{S} {stand} still for a moment.",
    "The tea {be:3} too hot to drink.",
    "{S} {lock} up and {go} home.",
)

#: Two sentences told in the wrong person (``pov_slip``) or tense (``tense_slip``).
SLIP_TEMPLATES: tuple[str, ...] = (
    "{S} {walk} to the door and {s} {open} it.",
    "{S} {stand} on the step and {s} {look} along the street.",
)

#: Two stock phrases (``cliche``).
CLICHE_TEMPLATES: tuple[str, ...] = (
    "At the end of the day, it {be:3} what it {be:3}.",
    "{P} heart {skip:3} a beat.",
)

_PRONOUNS: dict[str, dict[str, str]] = {
    "first": {"S": "I", "s": "I", "P": "My", "p": "my", "o": "me"},
    "second": {"S": "You", "s": "you", "P": "Your", "p": "your", "o": "you"},
    "third": {"S": "She", "s": "she", "P": "Her", "p": "her", "o": "her"},
}
_PLACEHOLDER = re.compile(r"\{(\w+)(?::(3|pl))?\}")


@dataclass(frozen=True)
class Voice:
    """Who tells the prose and when: ``person`` first/second/third, ``tense`` past/present."""

    person: str = DEFAULT_PERSON
    tense: str = DEFAULT_TENSE
    name: str = DEFAULT_NAME

    def __post_init__(self) -> None:
        if self.person not in PERSONS:
            raise ValueError(f"person must be one of {PERSONS}, not {self.person!r}")
        if self.tense not in TENSES:
            raise ValueError(f"tense must be one of {TENSES}, not {self.tense!r}")
        if not self.name.strip():
            raise ValueError("name must not be empty")


def conjugate(verb: str, subject: str, tense: str) -> str:
    """The finite form of ``verb`` for ``subject`` (a person, or ``"3"`` / ``"pl"``)."""
    if verb == "be":
        key = {"3": "third"}.get(subject, "plural" if subject == "pl" else subject)
        return BE_FORMS[(key, tense)]
    forms = VERBS[verb]
    if tense == "past":
        return forms.past
    return forms.third if subject in ("third", "3") else forms.base


def render(template: str, voice: Voice, *, use_name: bool = False) -> str:
    """``template`` in ``voice``; ``use_name`` puts the name instead of "She" in a third ``{S}``."""

    def replace(match: re.Match[str]) -> str:
        key, subject = match.group(1), match.group(2)
        if subject is None and key in _PRONOUNS[voice.person]:
            if key == "S" and voice.person == "third" and use_name:
                return voice.name
            return _PRONOUNS[voice.person][key]
        return conjugate(key, subject or voice.person, voice.tense)

    return _PLACEHOLDER.sub(replace, template)


#: Verbless phrases appended to long template sentences, so that a long story (or several
#: answers in a row) does not repeat whole sentences: a reader, and our judge, would notice.
TAILS: tuple[str, ...] = (
    "with the radio low in the next room", "in the grey light of the early morning",
    "with rain on the window all the while", "under the bare bulb of the landing",
    "with the smell of bread still in the stairwell", "in the quiet after the last bus",
    "with a cold draught from the hall", "in the long shadow of the water tower",
    "with gulls loud over the roofs", "in the half dark of the back kitchen",
    "with the heating ticking in the pipes", "in the blue hour before the street lamps",
    "with a neighbour's television through the wall", "in the thin sun of late afternoon",
    "with frost still on the railings", "in the hush of the empty office",
    "with the market stalls half packed away", "in the warm fug of the laundrette",
    "with the church bell somewhere across the river", "in the glare of the petrol station",
    "with a moth circling the porch light", "in the damp of the unheated hallway",
    "with the kettle cooling on the hob", "in the long lull of a Sunday",
)
TAIL_MIN_WORDS = 5


def _with_tail(sentence: str, tail_index: int) -> str:
    if len(sentence.split()) < TAIL_MIN_WORDS or not sentence.endswith("."):
        return sentence
    return f"{sentence[:-1]} {TAILS[tail_index % len(TAILS)]}."


def _word_count(text: str) -> int:
    return len(text.split())


def _template_order(seed: int) -> list[int]:
    """A seed-dependent permutation of the template indices (start and coprime step)."""
    count = len(TEMPLATES)
    step = 1 + seed // count % (count - 1)
    while math.gcd(step, count) != 1:
        step += 1
    start = seed % count
    return [(start + step * index) % count for index in range(count)]


#: Things and places for the sentences made when the templates are used up: a long story, or a
#: conversation that already holds most templates, still gets sentences it has not said.
THINGS: tuple[str, ...] = (
    "the spare key", "the tide table", "the biscuit tin", "the ferry tickets", "the torch",
    "the oilskin", "the seed catalogue", "the sewing box", "the toolbag", "the wireless",
    "the coal scuttle", "the ration book", "the guest ledger", "the rope ladder", "the fuse box",
    "the lantern", "the parcel", "the shopping list", "the photograph", "the road atlas",
    "the deckchair", "the sugar bowl", "the umbrella", "the milk crate", "the tea towel",
)
PLACES: tuple[str, ...] = (
    "by the back door", "on the landing", "beside the sink", "under the stairs",
    "on the window ledge", "behind the counter", "at the foot of the bed", "in the porch",
    "by the garden gate", "on the kitchen table", "in the boot of the car", "on the top shelf",
)
FRESH_VERBS: tuple[str, ...] = (
    "check", "carry", "fold", "open", "find", "lock", "move", "wipe", "stack", "sort", "close",
    "pull", "push", "set", "take", "bring", "leave", "tie", "switch", "hang",
)
REPEAT_SHINGLE = 5
REPEAT_SHARE = 0.5
"""A sentence whose 5-word shingles were half said before is not said again: a model does not
copy the story it continues, and the writer under test drops sentences that do."""


def _shingles(text: str) -> set[tuple[str, ...]]:
    tokens = re.findall(r"[\w']+", text.lower())
    return {tuple(tokens[i:i + REPEAT_SHINGLE])
            for i in range(max(1, len(tokens) - REPEAT_SHINGLE + 1))}


def _fresh_sentence(index: int, voice: Voice) -> str:
    """The ``index``-th of many plain sentences built from THINGS, PLACES and FRESH_VERBS."""
    verb = FRESH_VERBS[index % len(FRESH_VERBS)]
    thing = THINGS[(index // len(FRESH_VERBS)) % len(THINGS)]
    place = PLACES[(index * 7) % len(PLACES)]
    return _with_tail(render(f"{{S}} {{{verb}}} {thing} {place}.", voice), index * 5)


def _sentences(words: int, voice: Voice, seed: int, said: str = "") -> list[str]:
    """Sentences from TEMPLATES (then made fresh) whose words add up to ``words`` (exactly when
    possible), none repeating what ``said`` (the conversation so far) or an earlier one says."""
    order = _template_order(seed)
    seen = _shingles(said) if said.strip() else set()
    sentences: list[str] = []
    remaining = words
    cursor = 0
    fresh = seed % 997
    while remaining > 0:
        use_name = voice.person == "third" and len(sentences) % NAME_EVERY == 0
        tail = seed // len(TEMPLATES) + len(sentences) * 7
        rendered = [_with_tail(render(TEMPLATES[index], voice, use_name=use_name), tail + index)
                    for index in order]
        unsaid = [i for i, sentence in enumerate(rendered) if not _said(sentence, seen)]
        if not unsaid:
            rendered = [_fresh_sentence(fresh + offset, voice) for offset in range(len(order))]
            fresh += len(order)
            unsaid = [i for i, sentence in enumerate(rendered) if not _said(sentence, seen)]
        lengths = [_word_count(sentence) for sentence in rendered]
        shortest = min(lengths[i] for i in unsaid) if unsaid else min(lengths)
        # Walk the order from the cursor: an exact fit ends the prose; otherwise take the next
        # sentence that leaves room for at least the shortest one.
        rotation = [(cursor + offset) % len(order) for offset in range(len(order))]
        rotation = [i for i in rotation if i in unsaid] or rotation
        exact = next((i for i in rotation if lengths[i] == remaining), None)
        if exact is not None:
            sentences.append(rendered[exact])
            break
        fitting = next((i for i in rotation if lengths[i] <= remaining - shortest), None)
        if fitting is None:
            fitting = max(
                (i for i in rotation if lengths[i] <= remaining),
                key=lambda i: lengths[i],
                default=None,
            )
            if fitting is None:
                break
        sentences.append(rendered[fitting])
        seen |= _shingles(rendered[fitting])
        remaining -= lengths[fitting]
        cursor = (fitting + 1) % len(order)
    return sentences


def _said(sentence: str, seen: set[tuple[str, ...]]) -> bool:
    shingles = _shingles(sentence)
    return len(shingles & seen) >= REPEAT_SHARE * len(shingles)


def _paragraphs(sentences: Sequence[str]) -> str:
    groups = [
        " ".join(sentences[start : start + SENTENCES_PER_PARAGRAPH])
        for start in range(0, len(sentences), SENTENCES_PER_PARAGRAPH)
    ]
    return "\n\n".join(groups)


def slip_sentences(fault: str, voice: Voice) -> list[str]:
    """The two sentences a ``pov_slip`` / ``tense_slip`` / ``cliche`` fault puts in the prose.

    ``pov_slip``: first-person voice gets third-person sentences with the name ("Mara walked to
    the door and she opened it."); second or third person gets "I" sentences. ``tense_slip``: the
    same sentences in the voice's person and the other tense. ``cliche``: "At the end of the day,
    it was what it was." and "Her heart skipped a beat." in the voice's person and tense.
    """
    if fault == "pov_slip":
        other = "third" if voice.person == "first" else "first"
        slipped = Voice(other, voice.tense, voice.name)
        return [render(template, slipped, use_name=True) for template in SLIP_TEMPLATES]
    if fault == "tense_slip":
        other_tense = "present" if voice.tense == "past" else "past"
        slipped = Voice(voice.person, other_tense, voice.name)
        return [render(template, slipped, use_name=True) for template in SLIP_TEMPLATES]
    if fault == "cliche":
        return [render(template, voice) for template in CLICHE_TEMPLATES]
    return []


def corrected_sentences(fault: str, voice: Voice) -> list[str]:
    """What :func:`slip_sentences` should have said: the same sentences in ``voice`` (the server
    answers a repair request for a slip it made with these, as a good editor would)."""
    if fault in ("pov_slip", "tense_slip"):
        return [render(template, voice) for template in SLIP_TEMPLATES]
    return []


def compose_prose(words: int, voice: Voice, *, seed: int = 0, fault: str | None = None,
                  said: str = "") -> str:
    """About ``words`` words of prose in ``voice``, shaped by a prose ``fault`` (or none), not
    repeating ``said`` (the story the request shows as the model's own earlier answers).

    ``short`` gives 15 % of ``words``, ``long`` 250 %; ``pov_slip`` / ``tense_slip`` / ``cliche``
    put :func:`slip_sentences` in the middle (the total stays at ``words``); ``third_person``
    tells it all in the third person about the voice's character, naming them now and then (a
    small model asked for "I" often writes "Mara walked…").
    """
    if fault == "third_person":
        voice, fault = Voice("third", voice.tense, voice.name), None
    if fault == "short":
        words = max(1, round(words * SHORT_FRACTION))
    elif fault == "long":
        words = round(words * LONG_FACTOR)
    inserted = slip_sentences(fault, voice) if fault else []
    body_words = max(1, words - sum(_word_count(sentence) for sentence in inserted))
    sentences = _sentences(body_words, voice, seed, said)
    middle = len(sentences) // 2
    sentences[middle:middle] = inserted
    return _paragraphs(sentences)


# --------------------------------------------------------------------------------------------
# JSON documents from schemas
# --------------------------------------------------------------------------------------------

PHRASES: tuple[str, ...] = (
    "the harbour at dusk",
    "a letter left on the table",
    "the last ferry of the evening",
    "an argument over the garden wall",
    "the key under the flowerpot",
    "an empty platform at noon",
    "the lighthouse keeper's ledger",
    "weather coming in from the west",
    "the Saturday market",
    "a borrowed bicycle",
    "the photograph in the drawer",
    "a kettle left on the stove",
    "the night bus to the coast",
    "a map with one town circled",
    "the shop that closes early",
    "a parcel with no return address",
)
MAX_SCHEMA_DEPTH = 12
DEFAULT_ARRAY_ITEMS = 3
DEFAULT_INTEGER = 3
DEFAULT_NUMBER = 1.5
_FORMAT_EXAMPLES: dict[str, str] = {
    "date": "2024-05-{day:02d}",
    "date-time": "2024-05-{day:02d}T12:00:00Z",
    "time": "12:{day:02d}:00",
    "email": "writer{n}@example.com",
    "uri": "https://example.com/item/{n}",
    "url": "https://example.com/item/{n}",
    "uuid": "00000000-0000-4000-8000-{n:012d}",
}


def _humanise(name: str) -> str:
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).replace("_", " ").replace("-", " ").split()
    return " ".join(words).capitalize()


def _resolve(schema: Mapping[str, Any], root: Mapping[str, Any]) -> Mapping[str, Any]:
    """Follow ``$ref`` (a JSON pointer into ``root``, e.g. ``#/$defs/Beat``) until there is none."""
    seen: set[str] = set()
    while isinstance(schema.get("$ref"), str):
        reference = schema["$ref"]
        if reference in seen or not reference.startswith("#"):
            break
        seen.add(reference)
        target: Any = root
        for part in reference.lstrip("#").strip("/").split("/"):
            if not part:
                continue
            part = part.replace("~1", "/").replace("~0", "~")
            target = target[int(part)] if isinstance(target, list) else target[part]
        siblings = {key: value for key, value in schema.items() if key != "$ref"}
        schema = {**target, **siblings}
    return schema


def _string_for(schema: Mapping[str, Any], name: str, index: int | None) -> str:
    position = 0 if index is None else index
    text_format = schema.get("format")
    if isinstance(text_format, str) and text_format in _FORMAT_EXAMPLES:
        text = _FORMAT_EXAMPLES[text_format].format(day=position % 28 + 1, n=position + 1)
    else:
        phrase = PHRASES[(zlib.crc32(name.encode()) + position) % len(PHRASES)]
        label = _humanise(name)
        if label and index is not None:
            text = f"{label} {index + 1}: {phrase}"
        elif label:
            text = f"{label}: {phrase}"
        else:
            text = phrase[0].upper() + phrase[1:]
    minimum = schema.get("minLength")
    maximum = schema.get("maxLength")
    if isinstance(minimum, int):
        extra = 0
        while len(text) < minimum:
            text = f"{text}, {PHRASES[(position + extra) % len(PHRASES)]}"
            extra += 1
    if isinstance(maximum, int) and len(text) > maximum:
        cut = text[:maximum]
        # Prefer ending at a word boundary, when that still honours minLength.
        whole_words = cut.rsplit(" ", 1)[0].rstrip(" ,:") if " " in cut else ""
        floor = minimum if isinstance(minimum, int) else 1
        text = whole_words if len(whole_words) >= floor else cut
        if isinstance(minimum, int) and len(text) < minimum:
            text = text.ljust(minimum, ".")
    return text


def _number_for(schema: Mapping[str, Any], integer: bool) -> int | float:
    value: float = DEFAULT_INTEGER if integer else DEFAULT_NUMBER
    step = 1 if integer else 0.5
    lower = schema.get("minimum")
    upper = schema.get("maximum")
    exclusive_lower = schema.get("exclusiveMinimum")
    exclusive_upper = schema.get("exclusiveMaximum")
    if isinstance(exclusive_lower, int | float) and not isinstance(exclusive_lower, bool):
        lower = exclusive_lower + step if lower is None else max(lower, exclusive_lower + step)
    if isinstance(exclusive_upper, int | float) and not isinstance(exclusive_upper, bool):
        upper = exclusive_upper - step if upper is None else min(upper, exclusive_upper - step)
    if lower is not None and value < lower:
        value = lower
    if upper is not None and value > upper:
        value = upper
    multiple = schema.get("multipleOf")
    if isinstance(multiple, int | float) and multiple > 0:
        value = math.ceil(value / multiple) * multiple
        if upper is not None and value > upper:
            value -= multiple
    if integer:
        whole = math.ceil(value)
        if upper is not None and whole > upper:
            whole = math.floor(upper)
        return int(whole)
    return float(value)


def _value_for(
    schema: Any, root: Mapping[str, Any], name: str, index: int | None, depth: int
) -> Any:
    if not isinstance(schema, Mapping):
        return _string_for({}, name, index)
    schema = _resolve(schema, root)
    if "const" in schema:
        return schema["const"]
    enum = schema.get("enum")
    if isinstance(enum, list) and enum:
        return enum[0]
    for keyword in ("anyOf", "oneOf"):
        options = schema.get(keyword)
        if isinstance(options, list) and options:
            merged = {k: v for k, v in schema.items() if k != keyword}
            return _value_for({**merged, **_resolve(options[0], root)}, root, name, index, depth)
    parts = schema.get("allOf")
    if isinstance(parts, list) and parts:
        merged = {k: v for k, v in schema.items() if k != "allOf"}
        for part in parts:
            part = _resolve(part, root) if isinstance(part, Mapping) else {}
            properties = {**merged.get("properties", {}), **part.get("properties", {})}
            merged = {**merged, **part, "properties": properties}
        return _value_for(merged, root, name, index, depth)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((option for option in kind if option != "null"), "null")
    if kind is None:
        if "properties" in schema:
            kind = "object"
        elif "items" in schema or "prefixItems" in schema:
            kind = "array"
        else:
            kind = "string"
    if kind == "object":
        properties = schema.get("properties") or {}
        if depth > MAX_SCHEMA_DEPTH:
            required = set(schema.get("required") or ())
            properties = {key: value for key, value in properties.items() if key in required}
        return {
            key: _value_for(sub, root, key, index, depth + 1) for key, sub in properties.items()
        }
    if kind == "array":
        return _array_for(schema, root, name, depth)
    if kind == "integer":
        return _number_for(schema, integer=True)
    if kind == "number":
        return _number_for(schema, integer=False)
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    return _string_for(schema, name, index)


def _array_for(schema: Mapping[str, Any], root: Mapping[str, Any], name: str, depth: int) -> Any:
    minimum = schema.get("minItems")
    maximum = schema.get("maxItems")
    default = 0 if depth > MAX_SCHEMA_DEPTH else DEFAULT_ARRAY_ITEMS
    length = minimum if isinstance(minimum, int) else default
    if isinstance(maximum, int):
        length = min(length, maximum)
    prefix = schema.get("prefixItems")
    items = schema.get("items")
    if isinstance(items, list):  # draft-4 tuple form
        prefix, items = items, schema.get("additionalItems", {})
    prefix = prefix if isinstance(prefix, list) else []
    values = []
    if minimum is None and len(prefix) > length:
        length = len(prefix) if not isinstance(maximum, int) else min(len(prefix), maximum)
    for position in range(length):
        sub = prefix[position] if position < len(prefix) else items
        if schema.get("uniqueItems") and isinstance(sub, Mapping):
            resolved = _resolve(sub, root)
            enum = resolved.get("enum")
            if isinstance(enum, list) and enum:
                values.append(enum[position % len(enum)])
                continue
        values.append(_value_for(sub if sub is not None else {}, root, name, position, depth + 1))
    return values


def document_for_schema(schema: Mapping[str, Any]) -> Any:
    """A JSON value valid against ``schema``, generated from the schema alone.

    Objects get every property; strings a phrase made from the property name (varying with the
    array index), respecting ``enum`` (first value), ``minLength`` / ``maxLength`` and common
    ``format`` values; numbers a small positive value within ``minimum`` / ``maximum``; arrays
    ``minItems`` items (else 3, capped by ``maxItems``); ``$ref`` into ``$defs`` /
    ``definitions`` is resolved and ``anyOf`` / ``oneOf`` take their first option.
    """
    return _value_for(schema, schema, "", None, 0)


def schema_of(response_format: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The JSON schema a ``response_format`` carries, if any."""
    kind = response_format.get("type")
    if kind == "json_schema":
        spec = response_format.get("json_schema")
        schema = spec.get("schema") if isinstance(spec, Mapping) else None
    else:
        schema = response_format.get("schema")
    return schema if isinstance(schema, Mapping) else None


# --------------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestRecord:
    """One chat-completion request as the server saw it."""

    time: float
    wall_time: float
    path: str
    kind: str
    stream: bool
    fault: str | None
    status: int
    prompt_tokens: int
    completion_tokens: int
    body: dict[str, Any] = field(repr=False)

    def summary(self) -> dict[str, Any]:
        """The record as JSON-ready data, without the request body."""
        return {
            "time": self.time,
            "wall_time": self.wall_time,
            "path": self.path,
            "kind": self.kind,
            "stream": self.stream,
            "fault": self.fault,
            "status": self.status,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
        }


@dataclass
class _QueuedFault:
    name: str
    remaining: int
    match: str
    params: dict[str, Any]


class _Reply(NamedTuple):
    content: str
    finish_reason: str


def error_body(message: str, error_type: str, code: str | None) -> dict[str, Any]:
    """The OpenAI error shape: ``{"error": {"message", "type", "param", "code"}}``."""
    return {"error": {"message": message, "type": error_type, "param": None, "code": code}}


def message_text(message: Any) -> str:
    """The text of one chat message (a string, or the ``text`` of its content parts)."""
    if not isinstance(message, Mapping):
        return ""
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(
            part["text"]
            for part in content
            if isinstance(part, Mapping) and isinstance(part.get("text"), str)
        )
    return ""


class FaultLLMServer:
    """An OpenAI-protocol chat-completions server with queued faults, for tests and benchmarks.

    Use as a context manager (``with FaultLLMServer() as server: ...``) or call :meth:`start`
    and :meth:`stop`. ``port=0`` lets the OS pick a free port; :attr:`base_url` tells which.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        api_key: str | None = None,
        model: str = "fault-llm-1",
        words_per_chunk: int = 4,
        chunk_delay_s: float = 0.0,
    ) -> None:
        if words_per_chunk < 1:
            raise ValueError("words_per_chunk must be at least 1")
        self.host = host
        self.port = port
        self.api_key = api_key
        self.model = model
        self.words_per_chunk = words_per_chunk
        self.chunk_delay_s = chunk_delay_s
        self._lock = threading.Lock()
        self._faults: list[_QueuedFault] = []
        self._log: list[RequestRecord] = []
        self._voice = Voice()
        self._corrections: dict[str, str] = {}
        self._stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> FaultLLMServer:
        """Listen and serve in a daemon thread; returns ``self``."""
        if self._httpd is not None:
            raise RuntimeError("the server is already started")
        self._stopping.clear()
        httpd = _HTTPServer((self.host, self.port), _Handler)
        httpd.owner = self
        self._httpd = httpd
        self.port = int(httpd.server_address[1])
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"fault-llm:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening, wake hung requests and drop open connections; never waits on them."""
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        self._stopping.set()
        httpd.shutdown()
        httpd.server_close()
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FaultLLMServer:
        if self._httpd is None:
            self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """``http://HOST:PORT/v1``, the ``base_url`` for ``openai.OpenAI``."""
        if self._httpd is None:
            raise RuntimeError("the server is not started")
        return f"http://{self.host}:{self.port}/v1"

    # -- control -----------------------------------------------------------------------------

    def inject(self, fault: str, *, times: int = 1, match: str = "any", **params: Any) -> None:
        """Queue ``times`` uses of ``fault`` for requests of kind ``match`` (any/json/prose)."""
        if fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r}; known: {', '.join(FAULTS)}")
        if match not in MATCHES:
            raise ValueError(f"match must be one of {MATCHES}, not {match!r}")
        if not isinstance(times, int) or isinstance(times, bool) or times < 1:
            raise ValueError(f"times must be a positive integer, not {times!r}")
        unknown = set(params) - set(FAULTS[fault])
        if unknown:
            raise ValueError(f"fault {fault!r} takes no parameter {', '.join(sorted(unknown))}")
        settings = {**FAULTS[fault], **params}
        for key, value in settings.items():
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ValueError(f"{key} must be a non-negative number, not {value!r}")
        with self._lock:
            self._faults.append(_QueuedFault(fault, times, match, settings))

    def reset(self) -> None:
        """Forget queued faults and the request log; the prose voice goes back to its default."""
        with self._lock:
            self._faults.clear()
            self._log.clear()
            self._corrections.clear()
            self._voice = Voice()

    def set_prose(
        self, *, person: str = DEFAULT_PERSON, tense: str = DEFAULT_TENSE, name: str = DEFAULT_NAME
    ) -> None:
        """The default voice of prose answers (a request's ``POV:`` / ``TENSE:`` overrides it)."""
        voice = Voice(person, tense, name)
        with self._lock:
            self._voice = voice

    @property
    def requests(self) -> list[RequestRecord]:
        """The chat-completion requests seen so far (a copy)."""
        with self._lock:
            return list(self._log)

    @property
    def pending_faults(self) -> list[dict[str, Any]]:
        """The faults still queued: ``{"fault", "remaining", "match", "params"}`` each."""
        with self._lock:
            return [
                {"fault": f.name, "remaining": f.remaining, "match": f.match, "params": f.params}
                for f in self._faults
            ]

    # -- used by the handler -----------------------------------------------------------------

    def _take_fault(self, kind: str) -> _QueuedFault | None:
        with self._lock:
            for queued in self._faults:
                if queued.match in ("any", kind):
                    queued.remaining -= 1
                    if queued.remaining <= 0:
                        self._faults.remove(queued)
                    return queued
        return None

    def _record(self, record: RequestRecord) -> None:
        with self._lock:
            self._log.append(record)

    def _track(self, connection: socket.socket, open_: bool) -> None:
        with self._lock:
            if open_:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    def _edited(self, messages: Sequence[Any], count: int) -> list[str]:
        """A repair answer: each quoted sentence of the last user message (``N. "..."``),
        corrected when it is a slip this server made, else given back as it was."""
        users = [message_text(m) for m in messages
                 if isinstance(m, Mapping) and m.get("role") == "user"]
        quoted = re.findall(r'^\s*\d+\.\s*"(.*)"\s*\(', users[-1] if users else "", re.MULTILINE)
        with self._lock:
            edited = [self._corrections.get(sentence, sentence) for sentence in quoted]
        return (edited + [""] * count)[:count]

    def _voice_for(self, messages: Sequence[Any]) -> Voice:
        with self._lock:
            voice = self._voice
        person, tense = voice.person, voice.tense
        for message in messages:
            if not isinstance(message, Mapping) or message.get("role") not in (
                "system",
                "developer",
                "user",
            ):
                continue
            text = message_text(message)
            for found in POV_PATTERN.finditer(text):
                person = found.group(1).lower()
            for found in TENSE_PATTERN.finditer(text):
                tense = found.group(1).lower()
        return Voice(person, tense, voice.name)

    def _reply(self, body: Mapping[str, Any], kind: str, fault: str | None) -> _Reply:
        messages = body.get("messages")
        messages = messages if isinstance(messages, list) else []
        if kind == "json":
            response_format = body.get("response_format")
            schema = schema_of(response_format) if isinstance(response_format, Mapping) else None
            document = document_for_schema(schema) if schema is not None else {}
            if isinstance(document, dict) and isinstance(document.get("sentences"), list):
                document["sentences"] = self._edited(messages, len(document["sentences"]))
            content = json.dumps(document, ensure_ascii=False)
            if fault == "malformed_json":
                content = _truncated_json(content)
        else:
            user_texts = [
                message_text(m)
                for m in messages
                if isinstance(m, Mapping) and m.get("role") == "user"
            ]
            last_user = user_texts[-1] if user_texts else ""
            hint = WORDS_HINT_PATTERN.search(last_user)
            words = int(hint.group(1)) if hint else DEFAULT_WORDS
            said = "\n".join(message_text(m) for m in messages
                              if isinstance(m, Mapping) and m.get("role") == "assistant")
            seed = zlib.crc32(f"{last_user}{body.get('seed', '')}".encode())
            voice = self._voice_for(messages)
            content = compose_prose(words, voice, seed=seed, fault=fault, said=said)
            if fault:
                fixes = zip(slip_sentences(fault, voice), corrected_sentences(fault, voice),
                            strict=False)
                with self._lock:
                    self._corrections.update(fixes)
        limit = _max_tokens(body)
        if limit is not None:
            content, cut = cut_to_tokens(content, limit)
            if cut:
                return _Reply(content, "length")
        return _Reply(content, "stop")


def _truncated_json(content: str) -> str:
    truncated = content[: max(1, len(content) * 3 // 5)]
    try:
        json.loads(truncated)
    except ValueError:
        return truncated
    return MALFORMED_FALLBACK


def _max_tokens(body: Mapping[str, Any]) -> int | None:
    limits = [
        value
        for value in (body.get("max_tokens"), body.get("max_completion_tokens"))
        if isinstance(value, int) and not isinstance(value, bool)
    ]
    return min(limits) if limits else None


def _chunks(content: str, words_per_chunk: int) -> list[str]:
    """``content`` in pieces of ``words_per_chunk`` words; joined they are ``content`` again."""
    pieces = re.findall(r"\s*\S+\s*", content) if content.strip() else [content]
    if not pieces:
        return [""]
    # Text before the first word or after the last stays attached, so nothing is lost.
    return [
        "".join(pieces[start : start + words_per_chunk])
        for start in range(0, len(pieces), words_per_chunk)
    ]


_INVALID_KEY = ("invalid_request_error", "invalid_api_key")


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    owner: FaultLLMServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that went away (timeouts, cut streams) is expected; anything else is a bug.
        error = sys.exc_info()[1]
        gone = isinstance(error, OSError) or (
            isinstance(error, ValueError) and "closed file" in str(error)
        )
        if gone or self.owner._stopping.is_set():
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fault-llm/1.0"
    sys_version = ""
    server: _HTTPServer

    # -- plumbing ----------------------------------------------------------------------------

    def setup(self) -> None:
        super().setup()
        self.server.owner._track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.owner._track(self.connection, False)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the request log is :attr:`FaultLLMServer.requests`."""

    @property
    def owner(self) -> FaultLLMServer:
        return self.server.owner

    def _route(self) -> str:
        return self.path.split("?", 1)[0].rstrip("/") or "/"

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _send_json(
        self, status: int, payload: Any, headers: Mapping[str, str] | None = None
    ) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-request-id", f"req_{uuid.uuid4().hex}")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def _send_error(self, status: int, message: str, error_type: str, code: str | None) -> None:
        self._send_json(status, error_body(message, error_type, code))

    def _authorized(self) -> bool:
        expected = self.owner.api_key
        if expected is None:
            return True
        return self.headers.get("Authorization", "") == f"Bearer {expected}"

    def _cut(self) -> None:
        """End the connection now: no more bytes, no terminating chunk."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)

    # -- methods -----------------------------------------------------------------------------

    def do_GET(self) -> None:
        route = self._route()
        if route == "/v1/models":
            if not self._authorized():
                self._send_error(401, "Incorrect API key provided.", *_INVALID_KEY)
                return
            model = {"id": self.owner.model, "object": "model", "created": 0}
            self._send_json(200, {"object": "list", "data": [{**model, "owned_by": "fault-llm"}]})
        elif route == "/_control/requests":
            self._send_json(200, [record.summary() for record in self.owner.requests])
        elif route == "/_control/faults":
            self._send_json(200, self.owner.pending_faults)
        else:
            self._not_found()

    def do_POST(self) -> None:
        route = self._route()
        if route == "/v1/chat/completions":
            self._chat_completion()
        elif route.startswith("/_control/"):
            self._control(route.removeprefix("/_control/"))
        else:
            self._read_body()
            self._not_found()

    def _not_found(self) -> None:
        message = f"Unknown request URL: {self.command} {self.path}."
        self._send_error(404, message, "invalid_request_error", "unknown_url")

    def _control(self, action: str) -> None:
        raw = self._read_body()
        try:
            payload = json.loads(raw) if raw.strip() else {}
            if not isinstance(payload, dict):
                raise ValueError("the body must be a JSON object")
            if action == "fault":
                fault = payload.pop("fault", None)
                times = payload.pop("times", 1)
                match = payload.pop("match", "any")
                self.owner.inject(str(fault), times=times, match=match, **payload)
            elif action == "reset":
                self.owner.reset()
            elif action == "prose":
                self.owner.set_prose(**payload)
            else:
                self._not_found()
                return
        except (ValueError, TypeError) as error:
            self._send_error(400, str(error), "invalid_request_error", None)
            return
        self._send_json(200, {"ok": True, "pending_faults": self.owner.pending_faults})

    def _chat_completion(self) -> None:
        arrival, wall = time.monotonic(), time.time()
        raw = self._read_body()
        try:
            parsed = json.loads(raw)
        except ValueError:
            parsed = None
        body: dict[str, Any] = parsed if isinstance(parsed, dict) else {}
        response_format = body.get("response_format")
        is_json = isinstance(response_format, Mapping) and response_format.get("type") != "text"
        kind = "json" if is_json else "prose"
        stream = body.get("stream") is True
        messages = body.get("messages")
        prompt_tokens = sum(
            count_tokens(message_text(m)) for m in (messages if isinstance(messages, list) else [])
        )

        def record(status: int, fault: str | None, completion_tokens: int = 0) -> None:
            self.owner._record(
                RequestRecord(
                    arrival, wall, self._route(), kind, stream, fault, status,
                    prompt_tokens, completion_tokens, body,
                )
            )  # fmt: skip

        if not self._authorized():
            record(401, None)
            self._send_error(401, "Incorrect API key provided.", *_INVALID_KEY)
            return
        if not isinstance(parsed, dict):
            record(400, None)
            message = "We could not parse the JSON body of your request."
            self._send_error(400, message, "invalid_request_error", None)
            return

        queued = self.owner._take_fault(kind)
        fault = queued.name if queued else None
        params = queued.params if queued else {}
        if fault == "rate_limit":
            record(429, fault)
            retry_after = params["retry_after"]
            retry_text = (
                str(int(retry_after)) if float(retry_after).is_integer() else str(retry_after)
            )
            self._send_json(
                429,
                error_body(
                    f"Rate limit reached for requests. Please try again in {retry_text}s.",
                    "rate_limit_exceeded",
                    "rate_limit_exceeded",
                ),
                {"Retry-After": retry_text},
            )
            return
        if fault == "server_error":
            record(500, fault)
            message = "The server had an error while processing your request."
            self._send_error(500, message, "server_error", None)
            return
        if fault == "unauthorized":
            record(401, fault)
            self._send_error(401, "Incorrect API key provided.", *_INVALID_KEY)
            return

        reply = self.owner._reply(body, kind, fault)
        record(200, fault, count_tokens(reply.content))
        if fault == "hang" and self.owner._stopping.wait(float(params["seconds"])):
            self._cut()
            return
        model = body.get("model") if isinstance(body.get("model"), str) else self.owner.model
        usage = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": count_tokens(reply.content),
            "total_tokens": prompt_tokens + count_tokens(reply.content),
        }
        cut_after = int(params["after_chunks"]) if fault == "stream_cut" else None
        if stream:
            options = body.get("stream_options")
            include_usage = isinstance(options, Mapping) and options.get("include_usage") is True
            self._stream(reply, str(model), usage if include_usage else None, cut_after)
        else:
            self._complete(reply, str(model), usage, cut=cut_after is not None)

    def _complete(self, reply: _Reply, model: str, usage: Mapping[str, int], *, cut: bool) -> None:
        completion = {
            "id": f"chatcmpl-{uuid.uuid4().hex}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "system_fingerprint": "fp_fault_llm",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": reply.content, "refusal": None},
                    "logprobs": None,
                    "finish_reason": reply.finish_reason,
                }
            ],
            "usage": dict(usage),
        }
        if not cut:
            self._send_json(200, completion)
            return
        data = json.dumps(completion).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data[: len(data) // 2])
        self._cut()

    def _stream(
        self,
        reply: _Reply,
        model: str,
        usage: Mapping[str, int] | None,
        cut_after: int | None,
    ) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("x-request-id", f"req_{uuid.uuid4().hex}")
        self.end_headers()
        base = {
            "id": f"chatcmpl-{uuid.uuid4().hex}",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": model,
            "system_fingerprint": "fp_fault_llm",
        }
        extra = {"usage": None} if usage is not None else {}

        def choice(delta: dict[str, Any], finish_reason: str | None) -> dict[str, Any]:
            return {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}

        delay = self.owner.chunk_delay_s
        for number, piece in enumerate(_chunks(reply.content, self.owner.words_per_chunk)):
            if cut_after is not None and number >= cut_after:
                self._cut()
                return
            if number and delay > 0 and self.owner._stopping.wait(delay):
                self._cut()
                return
            delta = {"role": "assistant", "content": piece} if number == 0 else {"content": piece}
            self._event({**base, "choices": [choice(delta, None)], **extra})
        if cut_after is not None:
            self._cut()
            return
        self._event({**base, "choices": [choice({}, reply.finish_reason)], **extra})
        if usage is not None:
            self._event({**base, "choices": [], "usage": dict(usage)})
        self._write_chunk(b"data: [DONE]\n\n")
        self._write_chunk(b"")

    def _event(self, payload: Mapping[str, Any]) -> None:
        self._write_chunk(b"data: " + json.dumps(payload).encode() + b"\n\n")

    def _write_chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):X}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Serve until SIGINT / SIGTERM; print the base URL once listening."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0: a free port the OS picks")
    parser.add_argument("--api-key", default=None, help="require this Bearer key")
    parser.add_argument("--model", default="fault-llm-1")
    parser.add_argument("--words-per-chunk", type=int, default=4)
    parser.add_argument("--chunk-delay-s", type=float, default=0.0)
    options = parser.parse_args(argv)
    stop = threading.Event()

    def on_signal(signum: int, frame: Any) -> None:
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    server = FaultLLMServer(
        options.host,
        options.port,
        api_key=options.api_key,
        model=options.model,
        words_per_chunk=options.words_per_chunk,
        chunk_delay_s=options.chunk_delay_s,
    )
    with server:
        print(server.base_url, flush=True)
        while not stop.wait(0.5):
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
