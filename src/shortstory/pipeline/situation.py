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
from itertools import pairwise
from typing import Any

from lemminflect import getAllLemmas, getInflection

from shortstory.pipeline.idea_deadline import deadline_event
from shortstory.pipeline.idea_item import _item
from shortstory.pipeline.idea_lexicon import (
    _AUXILIARIES,
    _LOCATIVE,
    _PHRASE_STOP,
    _PRONOUNS,
    _QUANTIFIERS,
    _RELATIVES,
    _ROLE_STOP,
    _bare,
    _event,
    _is_person,
    _singular,
)
from shortstory.pipeline.idea_people import _cast, _one_of
from shortstory.pipeline.idea_place import (
    _is_noun,
    _kind,
    _phrase_place,
    _place,
    _unlisted_corners,
    _unlisted_place,
    deed_place,
    left_the_job,
)
from shortstory.pipeline.place_table import (
    _DETERMINERS,
    _places,
    bound_words,
    corner_frame,
    listed_place,
    place_palette,
    place_times,
)

__all__ = ["Situation", "bound_words", "corner_frame", "listed_place", "place_palette",
           "place_times", "read_idea"]

_RELATIVE_ADVERBS = frozenset({"never", "once", "still", "always", "only", "already", "also",
                               "secretly", "all", "both", "each", "long", "just", "now"})
"""Words between a relative pronoun and its verb ("who have never left", "who once ran")."""
_COLLECTIVES = frozenset({"pair", "group", "band", "team", "trio", "gang", "handful", "crew",
                          "generation", "generations", "couple", "bunch", "party", "troupe"})
"""Nouns that count people ("a pair of twins"): the people counted are the role."""
_NUMBERS = frozenset({"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                      "eleven", "twelve", "several", "many", "some", "dozen", "both", "few"})
_GROUPS = frozenset({"crew", "family", "team", "couple", "band", "staff", "police", "jury",
                     "committee", "council", "choir", "orchestra", "cast", "congregation"})

_LEADING_ADVERBIAL = re.compile(
    r"^(?:on|in|at|after|before|during|since|once|one|every|when|while|as|until|years|long"
    r"|(?:\w+\s+)?(?:years|months|weeks|days|hours|minutes|decades|centuries|generations)"
    r"|the\s+(?:\w+\s+)?(?:night|day|morning|evening|week|month|year|summer|winter|spring"
    r"|autumn|hour|moment|eve))"
    r"\b[^,]{1,60},\s*", re.IGNORECASE  # "Twelve hours before a Cabinet vote, a clerk…"
)


_LEADING_PREPOSITIONS = frozenset({"on", "in", "at", "after", "before", "during", "since", "every",
                                   "by", "around", "throughout", "inside", "aboard", "under"})
_PERIOD = re.compile(r"\b(?:in|of|during|by|around|since)\s+((?:the\s+)?(?:(?:early|late|mid)"
                     r"[- ])?(?:1[0-9]{3}|20[0-9]{2})(?:s|['’]s)?)\b", re.IGNORECASE)
"""A year or decade the idea is set in ("In 1926", "in the late 1890s")."""


def _without_leading_phrase(sentence: str) -> str:
    """The sentence from its subject on: a leading time or setting phrase set off by a comma
    ("After the war, a soldier…"), or by none ("In 1926 a young operator…", "On the last night
    of the fair a fortune teller…": up to the subject's article)."""
    stripped = _LEADING_ADVERBIAL.sub("", sentence)
    if stripped != sentence:
        return stripped
    lead, comma, rest = sentence.partition(", ")
    if comma and len(lead) < 70 and lead.split()[0].lower() not in _DETERMINERS | _NUMBERS | {
            "my", "our"} and rest.split()[0].lower() in _DETERMINERS | _NUMBERS | {"my", "our"}:
        return rest  # "Desperate to pay her debts, a potter…", "Haunted by the crash, a driver…"
    tokens = sentence.split()
    if not tokens or tokens[0].lower() not in _LEADING_PREPOSITIONS:
        return sentence
    for j in range(2, min(len(tokens) - 2, 14)):
        word = _bare(tokens[j])
        previous = _bare(tokens[j - 1])
        if word in _AUXILIARIES or (_is_present_verb(word, previous) and (
                "NOUN" not in getAllLemmas(word) or not _plural_noun(previous))):
            break  # "Every night my phone takes a photo": the sentence's verb came first
        counted = tokens[j].lower() in _NUMBERS and tokens[j + 1].endswith("s")
        if tokens[j] in {"a", "an"} or counted:  # not "at three in the morning"
            return " ".join(tokens[j:])
    return sentence


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
    period: str = ""
    """The year or decade the idea names ("1926", "the 1890s"), for a world that can use it."""
    clock: str = ""
    """The occasion a deadline clause names ("before the new bridge opens": "the opening of the
    new bridge"), when the idea names no event: the story counts down to it."""

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
    after_modifier = previous in _DETERMINERS | _QUANTIFIERS or previous.endswith(("'s", "’s")) or (
        "ADJ" in getAllLemmas(previous) and "NOUN" not in getAllLemmas(previous)
    )
    if "NOUN" in lemmas and after_modifier:
        return False  # "a dead poet's papers": a noun, not the predicate
    return any(word in getInflection(verb, "VBZ") for verb in verbs)


def _main_verb(tokens: list[str]) -> int | None:
    in_relative = False
    # "Two rival tour guides in a flooded city compete…": the subject's head is plural even
    # when the word before the verb is not.
    plural_head = after_relative = False
    for i in range(1, len(tokens)):
        word, previous = _bare(tokens[i]), tokens[i - 1].lower()
        if tokens[i][:1].isupper():
            continue  # "an engineer on Mars must…": a name is not a verb
        if word in _RELATIVES:
            # "Two brothers who…": the head before the pronoun is plural
            plural_head = plural_head or (i < 6 and _plural_noun(previous))
            in_relative = True
            continue
        if in_relative and _bare(previous) in _RELATIVES | _RELATIVE_ADVERBS and (
                word in _AUXILIARIES or "VERB" in getAllLemmas(word)):
            # "who fell out decades ago must run…", "who have never left": the relative clause's
            # own verb is the word after its pronoun, whatever its tense
            in_relative, after_relative = False, True
            continue
        if (after_relative and plural_head and word in getAllLemmas(word).get("VERB", ())
                and _bare(previous) not in _DETERMINERS | {"to"}
                and not {"ADJ", "NOUN"} & set(getAllLemmas(_bare(previous)))):
            return i  # "Two brothers who never speak inherit…"
        if word == "and" and not in_relative and i < 6:
            # "A piano tuner and his daughter clear out…": two people, one plural verb
            plural_head = True
            continue
        following = _bare(tokens[i + 1]) if i + 1 < len(tokens) else ""
        # "in Glasgow", "to Inverness": a name ends its phrase ("Scottish" is no name)
        named = tokens[i - 1][:1].isupper() and ("ADJ" not in getAllLemmas(_bare(previous)) or (
            i >= 2 and _bare(tokens[i - 2]) in _LOCATIVE)) and (  # "in Nice", "in Reading"
            not previous.endswith(("ish", "ese", "ian", "ic")))  # "Scottish", "Victorian"
        in_phrase = any(t.lower() in _LOCATIVE | {"of", "with", "for"}
                        for t in tokens[max(0, i - 3) : i])
        modifier = previous.endswith(("ing", "'s", "’s")) and (
            "NOUN" in getAllLemmas(word) or not previous.endswith("ing"))
        if in_phrase and i >= 2 and _bare(tokens[i - 2]) in _DETERMINERS and (
                "NOUN" in getAllLemmas(_bare(previous))) and not modifier:
            # "a keeper on a canal finds…": the phrase ended at its noun ("on a failing station"
            # goes on past its "-ing" word)
            in_phrase = False
        # "who has never been in love falls for…": a bare noun ends its phrase before a verb
        # in -s ("from drama school reunite" is a plural's verb, read below)
        bare_phrase = in_phrase and i >= 2 and _bare(tokens[i - 2]) in _LOCATIVE and (
            "NOUN" in getAllLemmas(_bare(previous))) and not previous.endswith(("'s", "’s"))
        adverb_before = previous.endswith("ly") and set(getAllLemmas(_bare(previous))) == {"ADV"}
        if in_phrase and (previous[:1].isdigit() or named or adverb_before) and (
                following not in _AUXILIARIES):
            # "on the sleeper to Inverness finds", "in 1912 treats", "in Dublin accidentally
            # captures"; not "at the Nuremberg trials must…"
            in_phrase = False
        # "a veterinarian nurses…": after a person, a person's word in -s is the verb
        after_person = (_is_person(_bare(previous)) and not _plural_noun(previous)) or (
            named and following in _DETERMINERS)  # "in Glasgow witnesses a murder"
        if _is_present_verb(word, "" if named else previous) and not (
                "NOUN" in getAllLemmas(word) and ((_is_person(word) and not after_person)
                                                  or (in_phrase and not bare_phrase))):
            # "tour guides", "a nurse on night shifts": nouns, not the predicate
            if in_relative:
                in_relative = False  # the relative clause's own verb ("who guards…")
                continue
            return i
        # "a submarine crew … find": a group's verb is plural
        plural_subject = _plural_noun(previous) or (_bare(previous) in _GROUPS and i < 6)
        if plural_subject and not in_relative and i < 6:
            plural_head = True
        # "drivers on the same route only ever see…": an adverb before the plural's verb
        adverb = _bare(previous) in _RELATIVE_ADVERBS | {"ever", "often", "sometimes"} or (
            previous.endswith("ly") and "ADV" in getAllLemmas(_bare(previous)))
        plural_subject = plural_subject or (plural_head and (
            "NOUN" in getAllLemmas(previous) or adverb or named))
        lemmas = getAllLemmas(word)
        if (plural_subject and not in_relative and word in lemmas.get("VERB", ())
                and word not in _RELATIVE_ADVERBS  # "a divorced couple still walk…"
                # "at a remote Scottish lodge": a noun after its describing word
                and not ("NOUN" in lemmas and _bare(previous) not in _RELATIVE_ADVERBS
                         and set(getAllLemmas(_bare(previous))) & {"ADJ", "NOUN"} == {"ADJ"})
                # "friends from drama school reunite": the phrase's noun is no verb
                and not (in_phrase and "NOUN" in lemmas and not _is_person(_bare(previous)))
                and ("NOUN" not in lemmas or _is_person(_bare(previous))
                     or (i >= 4 and not previous.endswith("s")))):
            return i  # "Two estranged sisters inherit…", "a baker and a thief share…"
    return None


def _only_describes(place: str, tokens: list[str], verb: int) -> bool:
    """Whether the listed place is named only in the predicate, as the describing word of a
    noun after it ("her university roommate", "her hospital bills"): it is no setting."""
    head = place.split()[-1].lower()
    at = [i for i, t in enumerate(tokens) if _bare(t) in {head, head + "s"}]
    return bool(at) and all(i > verb and i + 1 < len(tokens) and _is_noun(_bare(tokens[i + 1]))
                            and _bare(tokens[i + 1]) not in _places()["places"]
                            and not any(_bare(t) in _LOCATIVE for t in tokens[max(0, i - 3) : i])
                            for i in at)  # "in a Manchester office block" is at an office


_GENDERED = frozenset({"his", "himself", "herself"})


def _referred_to(predicate: list[str], role: str) -> bool:
    """Whether the predicate calls its subject "his", "herself" or "her" kin ("a legionary …
    writes to his sister"): the subject is someone, whatever the lexicon knows of the word."""
    head = _bare(role.split()[-1]) if role else ""
    words = [_bare(t) for t in predicate]
    kin = any(w == "her" and _is_person(after) for w, after in pairwise(words))
    return bool(head) and _is_noun(head) and listed_place(head) == head and (
        head not in _places()["places"]) and (kin or any(w in _GENDERED for w in words))


def _plural_noun(token: str) -> bool:
    """Whether ``token`` may be a plural noun ("nurses", "schoolfriends"; not "nurse's")."""
    word = _bare(token)
    return (token.endswith("s") and _is_noun(word) and not token.endswith(("'s", "’s"))
            and word not in _DETERMINERS | _PRONOUNS)


def _role(subject: list[str]) -> str:
    words: list[str] = []
    for i, token in enumerate(subject):
        word = _bare(token)
        lemmas = getAllLemmas(word)
        if word in _COLLECTIVES and i + 1 < len(subject) and _bare(subject[i + 1]) == "of":
            words = []  # "a pair of elderly twins", "three generations of fishermen's wives"
            continue
        if word == "of" and i and _bare(subject[i - 1]) in _COLLECTIVES:
            continue
        participle = any(word in getInflection(v, "VBN") for v in lemmas.get("VERB", ()))
        # "a surveyor mapping a valley" ends at the doing; "a female racing driver" does not
        after = _bare(subject[i + 1]) if i + 1 < len(subject) else ""
        doing = word.endswith("ing") and not (_is_person(after) and "NOUN" in getAllLemmas(after))
        if words and (word in _ROLE_STOP or word in _PHRASE_STOP | _RELATIVE_ADVERBS or doing
                      or (set(lemmas) == {"ADV"} and word.endswith("ly"))
                      or (participle and (_is_person(words[-1]) or after in _ROLE_STOP))):
            # "five strangers stuck in a lift": a participle after the person ends the role
            # "a surveyor mapping…", "the botanist who…", "a teacher accidentally enrols": the
            # role is what came before
            break
        if token.lower().endswith(("'s", "’s")) and (
                word in _places()["places"] or word in _places()["generic_places"]
                or (token[:1].isupper() and (i or not _is_person(word)))):
            # "a cruise ship's magician", "San Francisco's only operator", "the world's most
            # polite man": the place is no part of the role
            words = []
            continue
        if word in _DETERMINERS or word.isdigit() or word in _NUMBERS | {"only", "worst"}:
            continue
        # "a lighthouse keeper's daughter" is a daughter of a keeper: the possessive stays
        owner = token.lower().rstrip(",").endswith(("'s", "’s")) and _is_person(word)
        if i and token[:1].isupper() and not words:
            # A name keeps its capital ("a Whitby jet carver", not "a whitby jet carver")
            word = word[:1].upper() + word[1:]
        words.append(word + "'s" if owner else word)
        if token.endswith(","):
            break
    return " ".join(words)


def read_idea(idea: str) -> Situation:
    """The situation an idea describes (parts it does not name are left empty)."""
    match = re.search(r"[.!?](?=\s|$)", idea)
    sentence = (idea[: match.start()] if match else idea).strip()
    whole = sentence.split()
    sentence = _without_leading_phrase(sentence)
    tokens = sentence.split()
    if len(tokens) < 3:
        return Situation()
    verb = _main_verb(tokens)
    role, others = _role(tokens[:verb]) if verb else "", ""
    if _is_person(_singular(role.split()[-1]) if role else ""):
        role, others = _one_of(role, tokens[:verb])  # "the apples grow" is nobody's company
    person = _is_person(role) or _referred_to(tokens[verb:] if verb else [], role)
    # The place may be in the leading clause: "After the last unicorn dies in a petting zoo…".
    # The predicate's own verb is no occasion ("a percussionist auditions for…").
    event = _event(whole, len(whole) - len(tokens) + verb if verb else -1)
    clock = "" if event else deadline_event(tokens[verb:] if verb else [])
    words = [_bare(t) for t in whole]
    left = bool(verb) and left_the_job(role)
    if left:  # a job left behind is a last resort for the place, after what is taught
        words = [_bare(t) for t in whole[: len(whole) - len(tokens)] + tokens[verb:]]
    # The idea's own words first (a place the table lists, then any place phrase), and only
    # then the place its protagonist's job suggests (a keeper's lighthouse).
    kind = ""
    # A place phrase in the subject ends at the main verb ("at a remote lodge wake to find…").
    phrase = _unlisted_place(whole, len(whole) - len(tokens) + verb if verb else len(whole))
    # A place phrase the table knows ("in a museum") comes before any other place word ("a
    # drawing of her own kitchen in a museum" happens at the museum).
    place, corners = _phrase_place(phrase) if phrase else ("", [])
    if not place and phrase and listed_place(phrase) in _places()["places"] and (
            phrase.split()[-1].lower() in _places()["place_heads"]):
        # "in a school playground", "an allotment shed": the idea's own phrase, with the
        # corners of the listed place it belongs to
        place, corners = phrase, _place([listed_place(phrase)], "", by_role=False)[1]
    if not place:
        place, corners = _place(words, "" if left else role, by_role=False)
        if place and phrase and place.split()[-1] not in phrase.lower().split() and (
                _only_describes(place, whole, len(whole) - len(tokens) + (verb or 0))):
            place, corners = "", []  # "in Geneva … her university roommate": Geneva
    if not place and phrase and phrase.split()[-1].lower() in _places()["generic_places"]:
        place, corners = _place(words, role)  # "in the building" at a baker's: the bakery
    if not place and phrase:
        place = phrase
        kind = _kind(place)
        corners = _unlisted_corners(place, kind)
    if not place and left:
        place, corners = deed_place(tokens[verb:], aim_only=True)  # no swimming in orbit
    if not place:
        place, corners = _place(words, role)
    if not place and verb and person:
        place, corners = deed_place(tokens[verb:])
    if place and not kind:
        kind = _places()["places"][listed_place(place)]["kind"]
    predicate_tokens = tokens[verb:] if verb else []
    if predicate_tokens and predicate_tokens[0].lower() == "must":
        predicate_tokens = ["has", "to", *predicate_tokens[1:]]  # "must" has no past: "had to"
    item = _item(predicate_tokens, role, place) if predicate_tokens else ""
    if not item and verb:
        # "A courier carrying a sealed hard drive across a border realises…": the subject's
        # own phrase holds the thing.
        item = _item(tokens[:verb], role, place, subject=True)
    # Only a predicate the protagonist is the subject of can be told as their own doing.
    predicate = " ".join(predicate_tokens) if verb and person else ""
    return Situation(role=role if person else "", place=place, corners=corners, item=item,
                     predicate=predicate, kind=kind,
                     people=_cast(tokens, role, others, verb) if verb else [], event=event,
                     clock=clock,
                     period=period.group(1) if (period := _PERIOD.search(" ".join(whole)))
                     else "")
