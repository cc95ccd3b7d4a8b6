"""The people an idea names besides its protagonist: the protagonist's own company when the
subject is plural ("three retired nurses": one of them, and "the other nurses"), the owners of
things ("their mother's bakery"), the people named with their relation ("the groom's brother"),
never a verb ("a detective who offers"), a thing that ends like a job ("a boiler") or a place
("a clipper"). Read by :mod:`.situation`.
"""

from __future__ import annotations

from lemminflect import getAllLemmas

from shortstory.pipeline.idea_lexicon import (
    _AUXILIARIES,
    _FUNCTION_WORDS,
    _PHRASE_STOP,
    _PRONOUNS,
    _RELATIVES,
    _TIMES,
    _bare,
    _is_person,
    _singular,
)
from shortstory.pipeline.place_table import _DETERMINERS, _places, listed_place

_VERB_BEFORE = _RELATIVES | _AUXILIARIES | {"to"}
"""Words a verb comes after ("who offers", "must guide", "to coach"): no person follows them."""
_RIVALRY = frozenset({"rival", "feuding", "warring", "competing", "bickering", "quarrelling",
                      "squabbling", "estranged", "sparring"})



def _one_of(role: str, subject: list[str]) -> tuple[str, str]:
    """A plural subject's protagonist, one of them ("three retired nurses" -> "retired nurse"),
    and the others ("the other nurses"; "the other sister" when there are two); a singular role
    as it is, with nobody."""
    words = role.split()
    head = words[-1] if words else ""
    singular = _singular(head)
    if not head or singular == head or head.endswith("'s"):
        return role, ""
    # "two rival beekeepers": the rivalry is between them, no part of either one's job
    kept = [_singular(w.removesuffix("'s")) + "'s" if w.endswith("'s") else w
            for w in words[:-1] if w not in _RIVALRY]
    two = any(_bare(t) in {"two", "both", "pair", "twins"} for t in subject)
    return " ".join([*kept, singular]), f"the other {singular if two else head}"


def _is_noun_only(word: str) -> bool:
    lemmas = getAllLemmas(word)
    return "NOUN" in lemmas and "VERB" not in lemmas and not _is_person(word) and (
        word not in _FUNCTION_WORDS | _TIMES | _PHRASE_STOP | _RELATIVES | _PRONOUNS)


_DEAD_BEFORE = frozenset({"late"})
_DEAD_AFTER = frozenset({"died", "dies", "perished", "dead"})
_DEAD_AUXILIARIES = frozenset({"has", "had", "have", "is", "was", "just", "recently", "long"})
"""Words that put one of the idea's people in the past: a reader met "my wife Frieda came by"
in a widower's story whose idea says the hour his wife died. ("Her dead brother on the line" and
"a drowned man" are on stage: ghosts.)"""


def _dies_after(tokens: list[str], start: int) -> bool:
    """Whether the words from ``start`` say the person before them died: "died", "has died",
    "had long since died", "is dead"."""
    for token in tokens[start:start + 4]:
        word = _bare(token)
        if word in _DEAD_AFTER:
            return True
        if word not in _DEAD_AUXILIARIES and word != "since":
            return False
    return False


def _people(tokens: list[str], role: str, verb: int = -1) -> list[str]:
    """The people the idea names besides the protagonist, with a possessive kept ("the groom's
    brother") and plurals as they are ("toddlers")."""
    found: list[str] = []
    role_words = set(role.split())
    for i, token in enumerate(tokens):
        word = _bare(token)
        if i == verb or _singular(word) in role_words:
            continue  # "a ghost haunts…", "two cartographers": the verb, the protagonist's kind
        following = _bare(tokens[i + 1]) if i + 1 < len(tokens) else ""
        # "their mother's bakery": the owner is one of the idea's people; "the groom's brother"
        # is the brother, his owner kept with him
        owns_thing = token.lower().endswith(("'s", "’s")) and not _is_person(following)
        if (word in role_words or word in _PRONOUNS or word in _DETERMINERS or len(word) < 3
                or (token.lower().endswith(("'s", "’s")) and not owns_thing)
                or not _is_person(word) or word in {"someone", "everyone", "people", "person"}
                or listed_place(word) != word or word in _places()["places"]):  # "a clipper"
            continue
        lemmas = getAllLemmas(word)
        before = _bare(tokens[i - 1]) if i else ""
        if before in _DEAD_BEFORE or _dies_after(tokens, i + 1):
            continue  # "the hour his wife died", "her late husband's radio": never on stage
        if "NOUN" not in lemmas or ("VERB" in lemmas and before in _VERB_BEFORE):
            continue  # "agrees to coach a teenager", "a detective who offers": verbs
        if owns_thing:
            found += [word] if word not in found else []
            continue
        if not token.endswith(",") and _is_noun_only(following):
            continue  # "carrier pigeons", "a guard dog": a person word naming a kind of thing
        owner = _bare(tokens[i - 1]) if i and tokens[i - 1].lower().endswith(("'s", "’s")) else ""
        kind = _bare(tokens[i - 2]) if owner and i > 1 else ""
        if kind == "other" or "ADJ" in getAllLemmas(kind):
            owner = f"{kind} {owner}"  # "the other side's interpreter", "her old friend's"
        phrase = f"the {owner}'s {word}" if owner else word
        if phrase not in found:
            found.append(phrase)
    return found[:3]


def _cast(tokens: list[str], role: str, others: str, verb: int) -> list[str]:
    """The idea's people, the protagonist's own company first ("the other nurses")."""
    named = _people(tokens, f"{role} {others}", verb)
    return [others, *named][:3] if others else named
