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
    _EVENTS,
    _FUNCTION_WORDS,
    _PHRASE_STOP,
    _PRONOUNS,
    _RELATIVES,
    _TIMES,
    _bare,
    _is_person,
    _singular,
)
from shortstory.pipeline.idea_words import STOP_WORDS
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


_BEING = frozenset({"is", "was", "were", "are", "be", "been", "becomes", "became"})
_BETWEEN_BEING = frozenset({"once", "still", "really", "secretly", "actually", "now", "also",
                            "her", "his", "their", "own", "a", "an", "the", "former", "old"})


def _a_kind(tokens: list[str], i: int) -> bool:
    """Whether the person at ``i`` is what someone is or passes for ("works as a cleaner",
    "disguises herself as a man"), not someone else on stage."""
    j = i - 1
    while j > 0 and _bare(tokens[j]) not in {"a", "an"} and "ADJ" in getAllLemmas(
            _bare(tokens[j])) and _bare(tokens[j]) != "as":
        j -= 1
    return j > 0 and _bare(tokens[j]) in {"a", "an"} and _bare(tokens[j - 1]) == "as"


def _the_same(tokens: list[str], i: int, found: list[str]) -> bool:
    """Whether the person at ``i`` is one already named, again ("a warlord who was once her
    university roommate"); one who turns out to be another is the story's turn, and stays."""
    j = i - 1
    while j > 0 and _bare(tokens[j]) not in _BEING:
        word = _bare(tokens[j])
        describing = not _is_person(word) and bool({"NOUN", "ADJ"} & set(getAllLemmas(word)))
        if word not in _BETWEEN_BEING and not describing:
            break  # "her university roommate": the words between are the person's own
        j -= 1
    return bool(found) and j > 1 and _bare(tokens[j]) in _BEING and _bare(tokens[j - 1]) in (
        _RELATIVES | _BETWEEN_BEING)


def _people(tokens: list[str], role: str, verb: int = -1) -> list[str]:
    """The people the idea names besides the protagonist, with a possessive kept ("the groom's
    brother") and plurals as they are ("toddlers")."""
    found: list[str] = []
    skipped: set[int] = set()
    role_words = set(role.lower().split())  # "Martian colonist": no Martian besides her
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
        if _a_kind(tokens, i) or _the_same(tokens, i, found) or following in _EVENTS:
            continue  # "works as a cleaner", "who was once her roommate", "a family wedding"
        unknown = not lemmas and token[:1].islower() and word not in STOP_WORDS and (
            before in _DETERMINERS | _PRONOUNS or "ADJ" in getAllLemmas(before)
            or tokens[i - 1][:1].isupper() or tokens[i - 1].lower().endswith(("'s", "’s")))
        if ("NOUN" not in lemmas and not unknown) or ("VERB" in lemmas and before in _VERB_BEFORE):
            # "agrees to coach a teenager", "a detective who offers": verbs ("a warlord", "a
            # fiancée": a person's word the lexicon does not know is a noun)
            continue
        if owns_thing:
            found += [word] if word not in found else []
            continue
        if not token.endswith(",") and (_is_noun_only(following) or (
                following in _places()["place_heads"] | _places()["places"].keys()
                and "NOUN" in getAllLemmas(following))):
            continue  # "carrier pigeons", "a guard dog", "a refugee camp": a kind of thing
        at = i - 1
        if i > 1 and tokens[i - 2].lower().endswith(("'s", "’s")) and (
                "ADJ" in getAllLemmas(before) or tokens[i - 1][:1].isupper()):
            at = i - 2  # "the heir's Italian fiancée": the heir's
        owner = _bare(tokens[at]) if i and tokens[at].lower().endswith(("'s", "’s")) else ""
        kind = _bare(tokens[at - 1]) if owner and at > 0 else ""
        if kind == "other" or "ADJ" in getAllLemmas(kind):
            owner = f"{kind} {owner}"  # "the other side's interpreter", "her old friend's"
        of = _of_whom(tokens, i)
        if of and not owner:
            owner, skipped = of[0], skipped | {of[1]}  # "the son of a bull rider"
        elif not owner and _modifier(tokens, i):
            word = f"{before} {word}"  # "a trawler captain", "the pit owner"
        elif not owner and word in _BARE_PEOPLE and i and "ADJ" in getAllLemmas(before) and (
                before not in _NO_MARK):
            word = f"{before} {word}"  # "the homeless man": a man is no one in particular
        phrase = f"the {owner}'s {word}" if owner else word
        if phrase not in found and i not in skipped:
            found.append(phrase)
    return found[:3]


_BARE_PEOPLE = frozenset({"man", "men", "woman", "women", "boy", "boys", "girl", "girls",
                          "child", "children", "stranger", "strangers", "lady", "gentleman",
                          "couple", "figure", "person"})
"""People a describing word alone marks out ("the old woman", "a blind girl")."""
_NO_MARK = frozenset({"same", "other", "only", "first", "last", "next", "new", "own", "such",
                      "certain", "several", "many", "few", "whole", "very"})


def _modifier(tokens: list[str], i: int) -> bool:
    """Whether the word before the person at ``i`` is a noun that makes its kind ("a trawler
    captain", "the restaurant owner"), not a describing word ("her autistic nephew")."""
    if i < 2 or tokens[i - 1][:1].isupper() or tokens[i - 1].endswith(","):
        return False
    before = _bare(tokens[i - 1])
    lemmas = getAllLemmas(before)
    known = "NOUN" in lemmas or (not lemmas and before.isalpha() and len(before) > 3)
    return (known and "ADJ" not in lemmas and not before.endswith(("ing", "ed"))
            and (not _is_person(before) or listed_place(before) != before)  # "trawler"
            and before not in _PRONOUNS | _DETERMINERS | STOP_WORDS
            and _bare(tokens[i - 2]) in _DETERMINERS | _PRONOUNS)


def _of_whom(tokens: list[str], i: int) -> tuple[str, int] | None:
    """"the son of a bull rider": whose the person at ``i`` is ("bull rider") and where that
    one stands, so that one person is not read as two."""
    if i + 2 >= len(tokens) or _bare(tokens[i + 1]) != "of" or tokens[i].endswith(","):
        return None
    words: list[str] = []
    for k in range(i + 2, min(i + 6, len(tokens))):
        word = _bare(tokens[k])
        if tokens[k].lower().endswith(("'s", "’s")) or word in _RELATIVES:
            return None
        if word in _DETERMINERS | _PRONOUNS:
            continue
        if _is_person(word) and "NOUN" in getAllLemmas(word):
            return " ".join([*words, word]), k
        if "NOUN" not in getAllLemmas(word) or "ADJ" in getAllLemmas(word):
            if words or "ADJ" not in getAllLemmas(word):
                return None
            continue  # "of a retired miner"
        words.append(word)
    return None


def _cast(tokens: list[str], role: str, others: str, verb: int) -> list[str]:
    """The idea's people, the protagonist's own company first ("the other nurses")."""
    named = _people(tokens, f"{role} {others}", verb)
    return [others, *named][:3] if others else named
