"""Reading the idea as a situation: who the protagonist is, where it happens, what it is about.

``"A lighthouse keeper finds the lamp lit every night by someone else."`` gives the role
(lighthouse keeper), the place (the lighthouse, with its own corners: the lamp room, the
keeper's cottage…), the central object (the lamp) and the predicate the story tells in its own
voice ("I found the lamp lit every night by someone else"). The genre supplies texture; the idea
supplies the premise's place and problem. Every part may be missing (an idea is free text), and
the world falls back to the genre's catalog for what the idea does not name. The table of places
it reads is :mod:`.place_table` (re-exported here for the modules that read both).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from lemminflect import getAllLemmas, getInflection

from shortstory.pipeline.idea_item import _item
from shortstory.pipeline.idea_lexicon import (
    _FUNCTION_WORDS,
    _LOCATIVE,
    _PHRASE_STOP,
    _PRONOUNS,
    _RELATIVES,
    _ROLE_STOP,
    _TIMES,
    _bare,
    _event,
    _is_person,
    _singular,
)
from shortstory.pipeline.idea_place import _kind, _place, _unlisted_corners, _unlisted_place
from shortstory.pipeline.place_table import (
    _DETERMINERS,
    _places,
    bound_words,
    corner_frame,
    place_palette,
    place_times,
)

__all__ = ["Situation", "bound_words", "corner_frame", "place_palette", "place_times", "read_idea"]

_LEADING_ADVERBIAL = re.compile(
    r"^(?:on|in|at|after|before|during|since|once|one|every|when|while|as|until|years|long)"
    r"\b[^,]{1,60},\s*", re.IGNORECASE
)


@dataclass
class Situation:
    """What the idea says, in parts a story can be built from (empty strings where it is silent)."""

    role: str = ""
    """The protagonist's job or kind, as the idea names it ("lighthouse keeper")."""
    place: str = ""
    """Where the idea happens, with its article ("the lighthouse")."""
    corners: list[str] = field(default_factory=list)
    """The place's own parts, the central object's first."""
    item: str = ""
    """The thing at the centre of the idea ("the lamp")."""
    predicate: str = ""
    """What the protagonist does in the idea, verb first ("finds the lamp lit every night…")."""
    kind: str = ""
    """The kind of place (``building`` or ``outdoor``), for its palette and common corners."""
    people: list[str] = field(default_factory=list)
    """The other people the idea names ("the groom's brother", "toddlers"): the cast's roles."""
    event: str = ""
    """The occasion the idea names ("the school talent show"): somewhere to go, never a thing."""

    def to_dict(self) -> dict[str, Any]:
        """The situation as JSON-ready data."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Situation:
        """Rebuild a situation from :meth:`to_dict` output (or an older plan's nothing)."""
        return cls(**(data or {}))


def _is_present_verb(word: str, previous: str) -> bool:
    if word in {"is", "are", "has", "must"}:
        return True
    lemmas = getAllLemmas(word)
    verbs = lemmas.get("VERB", ())
    if not verbs:
        return False
    after_modifier = previous in _DETERMINERS or previous.endswith(("'s", "’s")) or (
        "ADJ" in getAllLemmas(previous) and "NOUN" not in getAllLemmas(previous)
    )
    if "NOUN" in lemmas and after_modifier:
        return False  # "a dead poet's papers": a noun, not the predicate
    return any(word in getInflection(verb, "VBZ") for verb in verbs)


def _main_verb(tokens: list[str]) -> int | None:
    in_relative = False
    # "Two rival tour guides in a flooded city compete…": the subject's head is plural even
    # when the word before the verb is not.
    plural_head = two_people = False
    for i in range(1, len(tokens)):
        word, previous = _bare(tokens[i]), tokens[i - 1].lower()
        if tokens[i][:1].isupper():
            continue  # "an engineer on Mars must…": a name is not a verb
        if word in _RELATIVES:
            in_relative = True
            continue
        if word == "and" and not in_relative and i < 6:
            # "A piano tuner and his daughter clear out…": two people, one plural verb
            plural_head = two_people = True
            continue
        in_phrase = any(t.lower() in _LOCATIVE | {"of", "with", "for"}
                        for t in tokens[max(0, i - 3) : i])
        if in_phrase and i >= 2 and _bare(tokens[i - 2]) in _DETERMINERS and (
                "NOUN" in getAllLemmas(_bare(previous))) and not previous.endswith(("'s", "’s")):
            in_phrase = False  # "a keeper on a canal finds…": the phrase ended at its noun
        if _is_present_verb(word, previous) and not (
                "NOUN" in getAllLemmas(word) and (_is_person(word) or in_phrase)):
            # "tour guides", "a nurse on night shifts": nouns, not the predicate
            if in_relative:
                in_relative = False  # the relative clause's own verb ("who guards…")
                continue
            return i
        plural_subject = (previous.endswith("s") and "NOUN" in getAllLemmas(previous)
                          and _bare(previous) not in _DETERMINERS | _PRONOUNS)
        if plural_subject and not in_relative and i < 6:
            plural_head = True
        plural_subject = plural_subject or (plural_head and "NOUN" in getAllLemmas(previous))
        lemmas = getAllLemmas(word)
        if (plural_subject and not in_relative and word in lemmas.get("VERB", ())
                and ("NOUN" not in lemmas or (two_people and _is_person(_bare(previous)))
                     or (i >= 4 and not previous.endswith("s")))):
            return i  # "Two estranged sisters inherit…", "a baker and a thief share…"
    return None


def _role(subject: list[str]) -> str:
    words: list[str] = []
    for token in subject:
        word = _bare(token)
        lemmas = getAllLemmas(word)
        if words and (word in _ROLE_STOP or word in _PHRASE_STOP or word.endswith("ing")
                      or (set(lemmas) == {"ADV"} and word.endswith("ly"))):
            # "a surveyor mapping…", "the botanist who…", "a teacher accidentally enrols": the
            # role is what came before
            break
        if token.lower().endswith(("'s", "’s")) and word in _places()["places"]:
            words = []  # "a cruise ship's magician": the place is no part of the role
            continue
        if word in _DETERMINERS or word.isdigit() or word in {"two", "three", "only", "worst"}:
            continue
        # "a lighthouse keeper's daughter" is a daughter of a keeper: the possessive stays
        owner = token.lower().rstrip(",").endswith(("'s", "’s")) and _is_person(word)
        words.append(word + "'s" if owner else word)
        if token.endswith(","):
            break
    return " ".join(words)


def _is_noun_only(word: str) -> bool:
    lemmas = getAllLemmas(word)
    return "NOUN" in lemmas and "VERB" not in lemmas and not _is_person(word) and (
        word not in _FUNCTION_WORDS | _TIMES | _PHRASE_STOP)


def _people(tokens: list[str], role: str) -> list[str]:
    """The people the idea names besides the protagonist, with a possessive kept ("the groom's
    brother") and plurals as they are ("toddlers")."""
    found: list[str] = []
    role_words = set(role.split())
    for i, token in enumerate(tokens):
        word = _bare(token)
        if (word in role_words or word in _PRONOUNS or word in _DETERMINERS or len(word) < 3
                or token.lower().endswith(("'s", "’s")) or not _is_person(word)
                or word in {"someone", "everyone", "people", "person"}):
            continue
        if "NOUN" not in getAllLemmas(word):
            continue
        following = _bare(tokens[i + 1]) if i + 1 < len(tokens) else ""
        if not token.endswith(",") and _is_noun_only(following):
            continue  # "carrier pigeons", "a guard dog": a person word naming a kind of thing
        owner = _bare(tokens[i - 1]) if i and tokens[i - 1].lower().endswith(("'s", "’s")) else ""
        phrase = f"the {owner}'s {word}" if owner else word
        if phrase not in found:
            found.append(phrase)
    return found[:3]


def read_idea(idea: str) -> Situation:
    """The situation an idea describes (parts it does not name are left empty)."""
    match = re.search(r"[.!?](?=\s|$)", idea)
    sentence = (idea[: match.start()] if match else idea).strip()
    whole = sentence.split()
    sentence = _LEADING_ADVERBIAL.sub("", sentence)
    tokens = sentence.split()
    if len(tokens) < 3:
        return Situation()
    verb = _main_verb(tokens)
    role = _role(tokens[:verb]) if verb else ""
    person = _is_person(role)
    # The place may be in the leading clause: "After the last unicorn dies in a petting zoo…".
    event = _event(whole)
    words = [_bare(t) for t in whole]
    # The idea's own words first (a place the table lists, then any place phrase), and only
    # then the place its protagonist's job suggests (a keeper's lighthouse).
    kind = ""
    phrase = _unlisted_place(whole)
    # A place phrase the table knows ("in a museum") comes before any other place word ("a
    # drawing of her own kitchen in a museum" happens at the museum).
    place, corners = _place([_singular(phrase.split()[-1].lower())], "", by_role=False) \
        if phrase else ("", [])
    if not place:
        place, corners = _place(words, role, by_role=False)
    if not place and phrase and phrase.split()[-1].lower() in _places()["generic_places"]:
        place, corners = _place(words, role)  # "in the building" at a baker's: the bakery
    if not place and phrase:
        place = phrase
        kind = _kind(place)
        corners = _unlisted_corners(place, kind)
    if not place:
        place, corners = _place(words, role)
    if place and not kind:
        kind = _places()["places"][place.removeprefix("the ")]["kind"]
    predicate_tokens = tokens[verb:] if verb else []
    if predicate_tokens and predicate_tokens[0].lower() == "must":
        predicate_tokens = ["has", "to", *predicate_tokens[1:]]  # "must" has no past: "had to"
    item = _item(predicate_tokens, role, place) if predicate_tokens else ""
    if not item and verb:
        # "A courier carrying a sealed hard drive across a border realises…": the subject's
        # own phrase holds the thing.
        item = _item(tokens[:verb], role, place)
    # Only a predicate the protagonist is the subject of can be told as their own doing.
    predicate = " ".join(predicate_tokens) if verb and person else ""
    return Situation(role=role if person else "", place=place, corners=corners, item=item,
                     predicate=predicate, kind=kind,
                     people=_people(tokens, role) if verb else [], event=event)
