"""The idea's central prop: the first thing in its predicate a person could pick up, put down or
leave somewhere ("finds a bell jar" -> "the bell jar"), never a place, a person, an event, a
time or what nobody carries (the strait, the fog, the calls)."""

from __future__ import annotations

from lemminflect import getAllLemmas, getInflection

from shortstory.pipeline.idea_lexicon import (
    _CONDITIONS,
    _EVENTS,
    _FUNCTION_WORDS,
    _LOCATIVE,
    _MEASURES,
    _NOT_THINGS,
    _PHRASE_STOP,
    _POSSESSIVE,
    _PRONOUNS,
    _QUANTIFIERS,
    _RELATIVES,
    _TIMES,
    _UNHELD,
    _bare,
    _is_person,
    _is_predicate,
    _singular,
)
from shortstory.pipeline.idea_words import STOP_WORDS
from shortstory.pipeline.place_table import _DETERMINERS, _places

_NUMBERS = frozenset({"three", "four", "five", "seven", "eight", "nine", "eleven", "twelve",
                      "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
                      "ninety", "hundred", "thousand", "million"})
_NOT_PROPS = frozenset({"what", "whatever", "how", "why", "now", "then", "itself", "anyone",
                        "anything", "everything", "something", "nothing", "thousand", "hundred",
                        "million", "dozen", "lots", "lot", "anyone's"})
"""Words a predicate may hold in a noun's place that are no thing ("rearranges itself", "counting
down from one thousand")."""


_PASSIVE = frozenset({"is", "was", "are", "were", "be", "been", "being", "gets", "got"})
_PERCEIVING = frozenset({"hear", "see", "watch", "feel", "notice", "overhear", "observe"})
"""Verbs whose object may take a bare verb: "hears the instrument play back the notes"."""
_PARTICLES = frozenset({"back", "up", "out", "off", "down", "away", "over", "on", "in"})


def _bare_verb_seen(predicate: list[str], i: int) -> bool:
    """Whether ``predicate[i]`` is the bare verb of what the idea's perceiving verb perceives
    ("watches the river rise", "hears the instrument play"): a verb, never the thing."""
    verbs = getAllLemmas(_bare(predicate[0])).get("VERB", ())
    word = _bare(predicate[i])
    after = _bare(predicate[i + 1]) if i + 1 < len(predicate) else ""
    # Only before a particle or its own object: "a distress call from a ship" and "a paper
    # boat drift upstream" are things.
    return (i >= 2 and bool(verbs) and verbs[0] in _PERCEIVING
            and (after in _PARTICLES or after in _DETERMINERS)
            and word in getAllLemmas(word).get("VERB", ())
            and "NOUN" in getAllLemmas(_bare(predicate[i - 1])))


def _verb_after_noun(predicate: list[str], i: int) -> bool:
    """Whether ``predicate[i]`` is a verb in the present after its subject noun ("the water
    level drops by an inch", "the storm hits"), not a noun ("a pilot's papers")."""
    previous = _bare(predicate[i - 1])
    previous_lemmas = getAllLemmas(previous)
    before = _bare(predicate[i - 2]) if i >= 2 else ""
    # "the water level drops": a noun that may be an adjective is a noun after another noun
    noun = "ADJ" not in previous_lemmas or before in _DETERMINERS or (
        "NOUN" in getAllLemmas(before) and before not in _RELATIVES)
    return ("NOUN" in previous_lemmas and noun
            and previous not in _DETERMINERS and not predicate[i - 1].endswith(",")
            and not predicate[i - 1].lower().endswith(_POSSESSIVE) and _is_predicate(predicate, i))


def _gerund(predicate: list[str], i: int) -> bool:
    """Whether ``predicate[i]``, ending in -ing, is a verb's form ("fighting a duel", "a failing
    cinema"), not a thing after its article ("a carving of her face", "fake a painting")."""
    word = _bare(predicate[i])
    after = _bare(predicate[i + 1]) if i + 1 < len(predicate) else ""
    lemmas = getAllLemmas(after)
    noun_after = ("NOUN" in lemmas or (len(after) > 3 and not lemmas)) and after not in (
        _RELATIVES | _PRONOUNS | _DETERMINERS | _LOCATIVE | _PHRASE_STOP | _FUNCTION_WORDS)
    previous = _bare(predicate[i - 1])
    # "a painting", "a stolen painting": an article, or an article and a describing word
    after_article = previous in _DETERMINERS or (i >= 2 and _bare(predicate[i - 2]) in (
        _DETERMINERS) and "NOUN" not in getAllLemmas(previous) and bool(
        {"ADJ", "VERB"} & set(getAllLemmas(previous))))
    return not (word in getAllLemmas(word).get("NOUN", ()) and after_article and not noun_after)


def _item(predicate: list[str], role: str, place: str, subject: bool = False) -> str:
    """The central prop of ``predicate`` (or, with ``subject``, of the subject's own phrase,
    where no word of the role is a thing: "a ticket collector" holds no ticket)."""
    own = role.replace("'s", "").split() if subject else role.split()[-1:]
    skip = set(_places()["abstract"]) | set(own) | set(place.split())
    skip |= {w for w in _places()["places"]}
    for i, token in enumerate(predicate[1:], start=1):
        word = _bare(token)
        if (len(word) < 3 or (word.endswith("ing") and _gerund(predicate, i)) or word in skip
                or word in _DETERMINERS | _QUANTIFIERS | _NOT_PROPS
                or word in _PRONOUNS or token.lower().endswith(_POSSESSIVE)):
            continue
        if token[:1].isupper() or (i + 1 < len(predicate) and predicate[i + 1][:1].isupper()
                                    and not token.endswith(",")):
            continue  # "to enter the Grand Prix": a name, no prop; "northern Canada": its word
        if _bare(predicate[i - 1]) in _PASSIVE and any(
                word in getInflection(v, "VBN") for v in getAllLemmas(word).get("VERB", ())):
            continue  # "is accused of…", "was hired by…": what is done to someone, no thing
        lemmas = getAllLemmas(word)
        if _verb_after_noun(predicate, i) or _bare_verb_seen(predicate, i):
            continue  # "the water level drops by an inch": the level's verb
        after = _bare(predicate[i + 1]) if i + 1 < len(predicate) else ""
        # "a cold lake": an adjective; "a seed that…": a noun that is an adjective too
        # "a wedding dress", "a love letter": a noun after its article and another noun
        compound = i >= 2 and _bare(predicate[i - 2]) in _DETERMINERS and "NOUN" in getAllLemmas(
            _bare(predicate[i - 1])) and not predicate[i - 1].lower().endswith(_POSSESSIVE) and (
            not any(word in getInflection(v, "VBD") for v in getAllLemmas(word).get("VERB", ())))
        attribute = "ADJ" in lemmas and not (
            (_bare(predicate[i - 1]) in _DETERMINERS or (compound and "NOUN" in lemmas)) and (
                after in _RELATIVES | _PHRASE_STOP | _LOCATIVE | {"with", "for", "and"}
                or not {"NOUN", "VERB", "ADJ"} & set(getAllLemmas(after))))
        # A word the lexicon does not know ("a narrowboat") is most likely a thing.
        unknown = (not lemmas and word.isalpha() and len(word) > 3 and not word.endswith("ly")
                   and word not in STOP_WORDS | _NUMBERS | _LOCATIVE | _PHRASE_STOP | {
                       "cannot", "onto", "upon", "whilst", "amongst"})
        if ("NOUN" not in lemmas and not unknown) or attribute or (
                _bare(predicate[i - 1]) in _RELATIVES):
            continue
        if word in _FUNCTION_WORDS or word in _RELATIVES or _is_person(word):
            continue  # "the people following her", "a dying patient's visitors": not things
        if word in _EVENTS | _CONDITIONS | _TIMES | _NOT_THINGS | _UNHELD or (
                _singular(word) in _EVENTS):
            continue  # "the talent show", "under curfew", "ten years earlier": not things
        previous = _bare(predicate[i - 1])
        previous_lemmas = getAllLemmas(previous)
        in_place = (previous in _places()["places"] and i >= 2 and _bare(predicate[i - 2])
                    in _DETERMINERS and _bare(predicate[i - 3]) not in _LOCATIVE)  # "a tower clock"
        modified = (previous in _DETERMINERS or i == 1 or "ADJ" in previous_lemmas or in_place
                    or compound
                    or predicate[i - 1].lower().endswith(_POSSESSIVE)  # "guests' shoes"
                    or previous.endswith(("ed", "ing")) or token.endswith(",")
                    or (previous not in _FUNCTION_WORDS | STOP_WORDS and any(
                        previous in getInflection(v, "VBN")  # "a stolen painting"
                        for v in previous_lemmas.get("VERB", ()))))
        owner = predicate[i - 1].lower().endswith(("'s", "’s", "s'", "s’"))
        if (not modified or (_is_person(previous) and "NOUN" in previous_lemmas and not owner)
                ) and "VERB" in lemmas:
            continue  # "until a stranger starts racing her": the stranger's verb
        words = [word]
        if i + 1 < len(predicate) and not token.endswith(","):
            following = _bare(predicate[i + 1])
            follow = getAllLemmas(following)
            ordinary = skip - set(_places()["places"])  # "bell tower": a place word may follow
            plural = getAllLemmas(word).get("NOUN", (word,))[0] != word
            if following in place.split()[1:]:
                continue  # "a seaside pool", "a motorway service station": the place's phrase
            if _is_person(following) and "NOUN" in follow:
                continue  # "the lead actor", "his childhood sweetheart": a person, no thing
            if ("NOUN" in follow and following not in ordinary | _RELATIVES | _PRONOUNS | STOP_WORDS
                    and following not in _FUNCTION_WORDS | _PHRASE_STOP | _TIMES
                    and not (plural and "VERB" in follow)  # "maps change": a verb
                    and not _is_predicate(predicate, i + 1)  # "the marquee blows away"
                    and not _bare_verb_seen(predicate, i + 1)  # "hears the instrument play"
                    and not predicate[i + 1].lower().endswith(("'s", "’s"))
                    and not following.endswith(("ed", "ing")) and ("ADJ" not in follow or not (
                        {"NOUN", "ADJ"} & set(getAllLemmas(_bare(predicate[i + 2])))
                        if i + 2 < len(predicate) else False))):  # "a radio signal from…"
                words.append(following)  # "bell tower", "tide tables"
            elif predicate[i + 1].lower().endswith(("'s", "’s")):
                continue  # "a generation ship's teacher": the owner's phrase is no thing
        head = words[-1]
        if head in _EVENTS | _CONDITIONS | _NOT_THINGS or head.endswith("ness") or (
                previous == "next"):
            continue  # "a talent show", "children chess", "face blindness", "next door"
        singular = getAllLemmas(head).get("NOUN", (head,))[0]
        if singular != head and singular in _MEASURES:
            # A plural is held and handed over as one thing: "the packet of seeds".
            return f"the {_MEASURES[singular]} of {' '.join(words)}"
        return "the " + " ".join(words)
    return ""
