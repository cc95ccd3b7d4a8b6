"""Where an idea happens: the place its words name (one the table lists, or any locative phrase's
noun phrase: "at the municipal baths"), else the place its protagonist's job implies (a keeper's
lighthouse), with the place's corners. Read by :mod:`.situation`.
"""

from __future__ import annotations

import re
from itertools import pairwise

from lemminflect import getAllLemmas, getInflection

from shortstory.pipeline.idea_lexicon import (
    _CONDITIONS,
    _EVENTS,
    _FUNCTION_WORDS,
    _LOCATIVE,
    _PHRASE_STOP,
    _PRONOUNS,
    _RELATIVES,
    _TIMES,
    _bare,
    _is_person,
    _singular,
)
from shortstory.pipeline.idea_words import _VERB_BEFORE
from shortstory.pipeline.place_table import _DETERMINERS, _places, common_corners, listed_place

_PLAYS = frozenset({"play", "plays", "playing", "played"})


def _games(words: list[str]) -> frozenset[str]:
    """The words an idea plays ("to play bridge"): each names a game wherever the idea says it
    ("a bridge champion"), never a place ("bridge" is no river's there)."""
    return frozenset(w for before, w in pairwise(words) if before in _PLAYS)


def _listed(words: list[str], names: dict[str, str]) -> str | None:
    """The first place of ``words`` the table lists, by two words before one ("the service
    station", "a river cruise") and by another of its names (``names``: "lido" is a pool); a
    game's name is none ("teaches her grandson to play bridge")."""
    places = _places()["places"]
    games = _games(words)
    for i, word in enumerate(words):
        if i and words[i - 1] in _VERB_BEFORE:
            continue  # "agrees to forge a vase": a verb, no forge
        last = word.rpartition("-")[2]  # "a night-ferry cook" works on the ferry
        pair = f"{word} {words[i + 1]}" if i + 1 < len(words) else ""
        pairs = (pair, f"{word} {_singular(words[i + 1])}") if pair else ()
        singles = () if word in games else (word, _singular(word), last, _singular(last))
        for candidate in dict.fromkeys((*pairs, *singles)):
            if candidate in places or candidate in names:
                return candidate  # the idea's own name: "the lido" is told as a lido
    return None


def _role_place(role: str) -> str | None:
    """The place a job implies: its last two words' ("lock keeper": the canal) before its
    last word's ("keeper": the lighthouse)."""
    roles = _places()["roles"]
    words = role.split()
    if " ".join(words[-2:]) in roles:
        return str(roles[" ".join(words[-2:])])
    plain = role.replace("'s", "").split()
    for i in range(len(plain) - 1, -1, -1):
        for candidate in (" ".join(plain[i - 1 : i + 1]) if i else "", plain[i]):
            if candidate in roles:
                return str(roles[candidate])
    return None


def _phrase_place(phrase: str) -> tuple[str, list[str]]:
    """The listed place a place phrase names by its head: its last two words ("the motorway
    service station") before its last ("the harbour office" is an office, not a harbour)."""
    words = phrase.lower().removeprefix("the ").split()
    table = _places()
    names = {**table["place_names"], **table["phrase_names"]}
    pair = " ".join(words[-2:])
    head = words[-1:] if (len(words) < 2 or (pair not in table["places"] and pair not in names
                                             and f"{words[-2]} {_singular(words[-1])}" not in
                                             table["places"])) else words[-2:]
    return _place(head, "", by_role=False, in_phrase=True)


_LEFT_THE_JOB = frozenset({"retired", "former", "ex", "ex-", "one-time", "onetime", "erstwhile"})
"""Words before a job that say it is over: its place is not where the story happens."""


def left_the_job(role: str) -> bool:
    """Whether ``role`` is a job its holder has left ("a retired ferry pilot")."""
    words = role.lower().split()
    return bool(words) and (words[0] in _LEFT_THE_JOB or words[0].startswith("ex-"))


def _place(idea_words: list[str], role: str, by_role: bool = True,
           in_phrase: bool = False) -> tuple[str, list[str]]:
    table = _places()
    names = {**table["place_names"], **(table["phrase_names"] if in_phrase else {})}
    found = _listed(role.split() + idea_words, names)
    if found is None and by_role:
        found = _role_place(role)
    if found is None:
        return "", []
    entry = table["places"][listed_place(found)]
    return f"the {found}", list(entry["corners"]) + common_corners(entry)


_TEACHING = frozenset({"teach", "train", "coach", "tutor", "help", "show", "learn"})


def deed_place(predicate: list[str], aim_only: bool = False) -> tuple[str, list[str]]:
    """The place the idea's doing implies ("repairs clocks": the workshop), or nothing; for an
    idea that names no place and whose protagonist's job implies none. ``aim_only``: only the
    place of what is taught ("teaches toddlers to swim": the pool)."""
    words = [_bare(t) for t in predicate]
    if words[:2] == ["has", "to"] or words[:1] in (["must"], ["keeps"]):
        words = words[2:] if words[0] == "has" else words[1:]
    verbs = getAllLemmas(words[0]).get("VERB", ()) if words else ()
    deeds = _places()["deeds"]
    # What is taught is where it happens: "teaches toddlers to swim" at the pool.
    aim = next((words[i + 1] for i in range(1, min(len(words) - 1, 6)) if words[i] == "to"), "")
    aims = getAllLemmas(aim).get("VERB", ()) if verbs and verbs[0] in _TEACHING else ()
    found = deeds.get(aims[0]) if aims and aims[0] in deeds else None
    if not aim_only:
        found = found or (deeds.get(verbs[0]) if verbs else None)
    if found is None:
        return "", []
    return _place([found], "", by_role=False)


_NEEDS_ARTICLE = frozenset({"to", "from", "across", "on", "at"})
"""Prepositions that lead a place only before an article ("to a town", never "to swim")."""


def _is_noun(word: str) -> bool:
    lemmas = getAllLemmas(word)
    # A word lemminflect does not know ("laundromat", "hospice") is most likely a noun.
    return "NOUN" in lemmas or (not lemmas and word.isalpha() and len(word) > 3
                                and not word.endswith("ly"))  # "a tidally locked planet"


_ADVERBS = frozenset({"long", "enough", "again", "too", "alone", "together", "forever", "ever",
                      "still", "already", "tonight", "today", "high", "above", "far", "deep",
                      "just", "right", "up", "down", "away", "off", "overnight"})
"""Words that end a place phrase ("on the line long enough"): they say how, not where."""


def _verb_after_noun(word: str, following: str, previous: str) -> bool:
    """Whether ``word``, after a place phrase's noun, is the sentence's verb in the present
    ("the port starts hearing", "Venice falls in love"), not a plural noun ("tide tables")."""
    verbs = getAllLemmas(word).get("VERB", ())
    after = _bare(following)
    if word in verbs and previous.endswith("s") and after in _DETERMINERS:
        return True  # "in neighbouring fields conduct a feud": a plural subject's verb
    if not any(word in getInflection(verb, "VBZ") for verb in verbs) or (
            _singular(word) in _EVENTS):
        return False  # "at the Nuremberg trials": an occasion's name, no verb
    return previous[:1].isupper() or after.endswith("ing") or after in _DETERMINERS | {
        "to", "up", "off", "out", "down", "away", "back", "over"} or (
        set(getAllLemmas(after)) == {"ADV"})


def _unlisted_place(tokens: list[str], verb: int | None = None) -> str:
    """The first locative phrase's noun phrase ("at the municipal baths" -> "the municipal
    baths"), for a place the table does not list; empty when the idea has none."""
    abstract = set(_places()["abstract"]) | set(_places()["not_places"])
    for i, token in enumerate(tokens[:-1]):
        preposition = token.lower()
        # "in the roots of an ancient oak": what is no place may be part of one
        part_of = preposition == "of" and i > 0 and _bare(tokens[i - 1]) in _places()[
            "place_parts"]
        if preposition not in _LOCATIVE and not part_of:
            continue
        article = _bare(tokens[i + 1])
        if preposition in _NEEDS_ARTICLE and article not in _DETERMINERS and not (
                tokens[i + 1][:1].isupper() and article.isalpha()):
            continue  # "to swim", "at once"; but "stranded on Mars", "flies to Lagos"
        if i + 2 < len(tokens) and tokens[i + 2][:1].isdigit():
            continue  # "on Ward 9", "in Room 101": a number's name, no setting of its own
        if article in _PRONOUNS or article in {"my", "your", "our", "their"}:
            continue  # "sand in his shoes", "a god in her wardrobe": things, not places
        if (preposition == "in" and article not in _DETERMINERS and tokens[i + 1].isalpha()
                and tokens[i + 1].islower()
                and _singular(article) != article):
            continue  # "paid in coins", "in pieces": a manner, not a place
        words: list[str] = []
        originals: list[str] = []
        has_the = _bare(tokens[i + 1]) == "the"
        owned = False
        end = verb if verb is not None and i < verb else len(tokens)
        for j, follow in enumerate(tokens[i + 1 : min(i + 6, end)], start=i + 1):
            word = _bare(follow)
            named = follow[:1].isupper() and j + 1 < len(tokens) and tokens[j + 1][:1].isupper()
            if follow.lower().endswith(("'s", "’s")) and _is_person(word) and not named:
                owned = True  # "in a client's palm", "at their daughter's wedding": no place
                break  # ("on Hadrian's Wall", "at Land's End": a name)
            if word in _DETERMINERS or (not words and re.fullmatch(r"\d{2,4}['’]?s", word)):
                if words:
                    break  # "in the cold lake every morning": the next phrase begins
                continue  # "in 1930s Brooklands": the decade is the period, the name the place
            if word in _RELATIVES or word in _LOCATIVE or word in _FUNCTION_WORDS or word in {
                    "with", "for", "of", "by", "about", "without", "and", "or"} or (
                    word in _PHRASE_STOP | _PRONOUNS) or (
                    not word.isalpha() and "-" not in word) or word.isdigit():
                break
            lemmas = getAllLemmas(word)
            takes_object = j + 1 < len(tokens) and _bare(tokens[j + 1]) in _DETERMINERS
            described = bool(words) and words[-1].endswith("ly") and "NOUN" not in getAllLemmas(
                words[-1])
            if words and "VERB" in lemmas and not described and ("NOUN" not in lemmas or (
                    takes_object and word.endswith("s"))):  # "a tidally locked planet" goes on
                break  # "on the Thames hosts a press", "at an abandoned lido keeps a logbook"
            if words and (word in _ADVERBS or _verb_after_noun(
                    word, tokens[j + 1] if j + 1 < len(tokens) else "", originals[-1])):
                break  # "at a container port starts hearing", "in Venice falls in love"
            words.append(word)
            originals.append(re.sub(r"[^\w'’-]*$" if named else r"(?:['’]s)?[^\w'’-]*$", "",
                                    follow))  # "Hadrian's Wall" keeps its "'s"
            if follow.endswith((",", ";", ":")):
                break
        if owned or preposition == "from":
            continue  # "a call from a flight", "a fare from a car": where it comes from
        while words and not _is_noun(words[-1]) and not (
                originals[-1][:1].isupper() and not originals[-1].isupper()):  # "on Mars"
            words.pop()
            originals.pop()
        name = len(originals) > 1 and all(_named(o) for o in originals)  # not "a Tuesday"
        if (not words or (words[-1] in abstract and not name) or _is_person(words[-1])
                or words[-1] in _CONDITIONS | _TIMES):
            continue  # "under curfew", "in lambing season" (but "on Hadrian's Wall")
        if all(_named(o) for o in originals):
            # A name: "in Florence", "on the Thames", "in Aquae Sulis"
            return ("the " if has_the else "") + " ".join(originals[-3:])
        if not _named(originals[-1]):
            return "the " + " ".join(originals[-3:])  # "a sunken U-boat": no name
        names = [o for o in originals if _named(o)]
        if originals[-len(names):] == names:
            kind = words[-len(names) - 1] if len(words) > len(names) else ""
            if has_the and kind and _is_noun(kind) and "ADJ" not in getAllLemmas(kind):
                # "aboard the starship Calliope": the name is the starship's, no place's
                return "the " + " ".join(originals[: -len(names)][-3:])
            return " ".join(names)  # "in a flooded future London": the name is the place
    return ""


def _named(word: str) -> bool:
    """Whether a capitalised word is a name ("Florence", "Stoke-on-Trent"), not a thing whose
    first letter is a capital ("a U-boat", "an X-ray")."""
    return word[:1].isupper() and not ("-" in word and word.rpartition("-")[2].islower())


def _kind(place: str) -> str:
    head = place.split()[-1]
    # A named place ("Florence", "the Thames") is somewhere out of doors: a town, a river.
    named = _named(head)
    return "outdoor" if named or head in _places().get("outdoor_words", []) else "building"


def _unlisted_corners(place: str, kind: str) -> list[str]:
    own = _places()["unlisted_corners"][kind]
    return [corner.format(place=place) for corner in own] + list(_places()["kinds"][kind])
