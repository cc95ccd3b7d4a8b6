"""Where an idea happens: the place its words name (one the table lists, or any locative phrase's
noun phrase: "at the municipal baths"), else the place its protagonist's job implies (a keeper's
lighthouse), with the place's corners. Read by :mod:`.situation`.
"""

from __future__ import annotations

import re

from lemminflect import getAllLemmas

from shortstory.pipeline.idea_lexicon import (
    _CONDITIONS,
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
from shortstory.pipeline.place_table import _DETERMINERS, _places


def _place(idea_words: list[str], role: str, by_role: bool = True) -> tuple[str, list[str]]:
    table = _places()
    found = None
    for word in role.split() + idea_words:
        last = word.rpartition("-")[2]  # "a night-ferry cook" works on the ferry
        for candidate in dict.fromkeys((word, _singular(word), last, _singular(last))):
            if candidate in table["places"]:
                found = candidate
                break
        if found:
            break
    if found is None and by_role:
        for word in reversed(role.replace("'s", "").split()):
            if word in table["roles"]:
                found = table["roles"][word]
                break
    if found is None:
        return "", []
    entry = table["places"][found]
    return f"the {found}", list(entry["corners"]) + list(table["kinds"][entry["kind"]])


_NEEDS_ARTICLE = frozenset({"to", "from", "across", "on", "at"})
"""Prepositions that lead a place only before an article ("to a town", never "to swim")."""


def _is_noun(word: str) -> bool:
    lemmas = getAllLemmas(word)
    # A word lemminflect does not know ("laundromat", "hospice") is most likely a noun.
    return "NOUN" in lemmas or (not lemmas and word.isalpha() and len(word) > 3)


def _unlisted_place(tokens: list[str]) -> str:
    """The first locative phrase's noun phrase ("at the municipal baths" -> "the municipal
    baths"), for a place the table does not list; empty when the idea has none."""
    abstract = set(_places()["abstract"]) | set(_places()["not_places"])
    for i, token in enumerate(tokens[:-1]):
        preposition = token.lower()
        if preposition not in _LOCATIVE:
            continue
        article = _bare(tokens[i + 1])
        if preposition in _NEEDS_ARTICLE and article not in _DETERMINERS:
            continue
        if article in _PRONOUNS or article in {"my", "your", "our"}:
            continue  # "sand in his shoes", "a god in her wardrobe": things, not places
        if (preposition == "in" and article not in _DETERMINERS and tokens[i + 1].islower()
                and _singular(article) != article):
            continue  # "paid in coins", "in pieces": a manner, not a place
        words: list[str] = []
        originals: list[str] = []
        has_the = _bare(tokens[i + 1]) == "the"
        for j, follow in enumerate(tokens[i + 1 : i + 6], start=i + 1):
            word = _bare(follow)
            if word in _DETERMINERS:
                if words:
                    break  # "in the cold lake every morning": the next phrase begins
                continue
            if word in _RELATIVES or word in _LOCATIVE or word in _FUNCTION_WORDS or word in {
                    "with", "for", "of", "by", "about", "without", "and", "or"} or (
                    word in _PHRASE_STOP | _PRONOUNS) or (
                    not word.isalpha() and "-" not in word) or word.isdigit():
                break
            lemmas = getAllLemmas(word)
            takes_object = j + 1 < len(tokens) and _bare(tokens[j + 1]) in _DETERMINERS
            if words and "VERB" in lemmas and ("NOUN" not in lemmas or (
                    takes_object and word.endswith("s"))):
                break  # "on the Thames hosts a press", "at an abandoned lido keeps a logbook"
            words.append(word)
            originals.append(re.sub(r"(?:['’]s)?[^\w'’-]*$", "", follow))
            if follow.endswith((",", ";", ":")):
                break
        while words and not _is_noun(words[-1]):
            words.pop()
            originals.pop()
        if (not words or words[-1] in abstract or _is_person(words[-1])
                or words[-1] in _CONDITIONS | _TIMES):
            continue  # "under curfew", "in lambing season"
        if all(o[:1].isupper() for o in originals):
            # A name: "in Florence", "on the Thames", "in Aquae Sulis"
            return ("the " if has_the else "") + " ".join(originals[-3:])
        if not originals[-1][:1].isupper():
            return "the " + " ".join(originals[-3:])
    return ""


def _kind(place: str) -> str:
    head = place.split()[-1]
    # A named place ("Florence", "the Thames") is somewhere out of doors: a town, a river.
    named = head[:1].isupper()
    return "outdoor" if named or head in _places().get("outdoor_words", []) else "building"


def _unlisted_corners(place: str, kind: str) -> list[str]:
    own = _places()["unlisted_corners"][kind]
    return [corner.format(place=place) for corner in own] + list(_places()["kinds"][kind])
