"""Person, tense and pronoun grammar for the procedural writer.

Verbs are stored as lemmas and inflected here with lemminflect (which ships its tables), so that a
change of POV or tense is a re-render of the same sentence plans, never a find-and-replace.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from lemminflect import getAllLemmas, getInflection

FIRST, SECOND, THIRD, PLURAL = "1", "2", "3", "3p"
DATA = Path(__file__).parent / "data" / "inflection.json"


@lru_cache(maxsize=1)
def _inflection() -> dict[str, Any]:
    with DATA.open(encoding="utf-8") as handle:
        return json.load(handle)

_BE = {
    ("present", FIRST): "am", ("present", SECOND): "are", ("present", THIRD): "is",
    ("present", PLURAL): "are", ("past", FIRST): "was", ("past", SECOND): "were",
    ("past", THIRD): "was", ("past", PLURAL): "were",
}
_MODALS_PAST = {"can": "could", "will": "would", "may": "might", "shall": "should"}
_DOUBLED = {"enrol": "enroll", "appal": "appall"}
"""British verbs lemminflect does not double ("enroled"): inflected as their doubled spelling."""


@lru_cache(maxsize=4096)
def conjugate(lemma: str, person: str, tense: str) -> str:
    """The finite form of ``lemma`` for ``person`` (1, 2, 3, 3p) in ``tense`` (past|present).

    A multi-word lemma ("look up") inflects its first word.
    """
    head, _, rest = lemma.partition(" ")
    if "-" in head:  # "re-shelve": the verb after the hyphen inflects ("re-shelved")
        prefix, _, base = head.rpartition("-")
        form = f"{prefix}-{conjugate(base, person, tense)}"
        return f"{form} {rest}" if rest else form
    if head == "be":
        form = _BE[(tense, person)]
    elif head in _MODALS_PAST:
        form = _MODALS_PAST[head] if tense == "past" else head
    elif tense == "past":
        form = (getInflection(_DOUBLED.get(head, head), "VBD") or (head + "ed",))[0]
    elif person == THIRD:
        form = (getInflection(head, "VBZ") or (head + "s",))[0]
    elif head == "have":
        form = "have"
    else:
        form = head
    return f"{form} {rest}" if rest else form


@lru_cache(maxsize=4096)
def participle(lemma: str) -> str:
    """The past participle of ``lemma`` (first word of a phrase)."""
    head, _, rest = lemma.partition(" ")
    if "-" in head:
        prefix, _, base = head.rpartition("-")
        form = f"{prefix}-{participle(base)}"
        return f"{form} {rest}" if rest else form
    # British participles: "had got", never "had gotten" (a reader noticed it in a village)
    form = "got" if head == "get" else (
        getInflection(_DOUBLED.get(head, head), "VBN") or (head + "ed",))[0]
    return f"{form} {rest}" if rest else form


@lru_cache(maxsize=4096)
def gerund(lemma: str) -> str:
    """The -ing form of ``lemma`` (first word of a phrase)."""
    head, _, rest = lemma.partition(" ")
    form = (getInflection(_DOUBLED.get(head, head), "VBG") or (head + "ing",))[0]
    return f"{form} {rest}" if rest else form


@dataclass(frozen=True, slots=True)
class Pronouns:
    """The five forms of a set of pronouns and the verb person they take."""

    subject: str
    object: str
    possessive: str
    possessive_pronoun: str
    reflexive: str
    person: str


PRONOUNS = {
    "she/her": Pronouns("she", "her", "her", "hers", "herself", THIRD),
    "he/him": Pronouns("he", "him", "his", "his", "himself", THIRD),
    "they/them": Pronouns("they", "them", "their", "theirs", "themselves", PLURAL),
}
NARRATOR = {
    "first": Pronouns("I", "me", "my", "mine", "myself", FIRST),
    "second": Pronouns("you", "you", "your", "yours", "yourself", SECOND),
}


def narrator_pronouns(pov: str, pronouns: str) -> Pronouns:
    """The pronouns the narration uses for the protagonist in ``pov``."""
    return NARRATOR.get(pov) or PRONOUNS.get(pronouns, PRONOUNS["they/them"])


@lru_cache(maxsize=4096)
def is_verb_form(word: str) -> bool:
    """Whether ``word`` can be a verb (any inflection) by lemminflect's tables."""
    return "VERB" in getAllLemmas(word.lower()) or (
        ("-" in word or word.endswith("s")) and verb_lemma(word) is not None)


@lru_cache(maxsize=4096)
def verb_lemma(word: str) -> str | None:
    """The verb lemma of ``word``, or None if it cannot be a verb ("re-shelves": "re-shelve")."""
    lower = word.lower()
    lemmas = getAllLemmas(lower).get("VERB")
    if not lemmas and "-" in lower.strip("-"):
        prefix, _, base = lower.rpartition("-")
        found = getAllLemmas(base).get("VERB")
        return f"{prefix}-{found[0]}" if found and prefix in _VERB_PREFIXES else None
    if not lemmas and lower.endswith("s") and not lower.endswith(("ss", "us", "is")) and (
            not getAllLemmas(lower)):
        # A compound the tables do not hold, in -s: "fingerspells" ends on "spell"
        stem = lower[:-1]
        if any(getAllLemmas(stem[start:]).get("VERB") == (stem[start:],)
               for start in range(1, len(stem) - 2)):
            return stem
    return lemmas[0] if lemmas else None


_VERB_PREFIXES = frozenset({"re", "un", "over", "out", "co", "pre", "mis", "under", "double",
                            "cross"})
"""What may stand before a verb's hyphen ("re-shelves", "double-checks"; not "hand-made")."""


_PLURAL_ONLY = frozenset({"people", "police", "cattle"})  # plural, though their own lemma


@lru_cache(maxsize=8192)
def is_plural_noun(word: str) -> bool:
    """Whether ``word`` is a plural noun ("footsteps", "children"), not a mass noun ending in s."""
    lower = word.lower()
    if lower in _PLURAL_ONLY:
        return True
    if not lower.endswith("s"):
        # An irregular plural ("children", "geese", "fishermen"): a noun of another lemma.
        irregular = getAllLemmas(lower).get("NOUN", ())
        return bool(irregular) and all(noun != lower for noun in irregular)
    if lower.endswith(("ss", "us", "'s", "’s")):
        return False
    lemmas = getAllLemmas(lower)
    nouns = lemmas.get("NOUN", ())
    if nouns:
        return all(noun != lower for noun in nouns)
    return any(lemma != lower and lower in getInflection(lemma, "NNS")
               for lemma in lemmas.get("VERB", ()))


_SINGULAR_DETERMINERS = frozenset({"a", "an", "one", "each", "every", "another", "this", "that"})


def is_plural_phrase(phrase: str, head: str) -> bool:
    """Whether a noun phrase takes a plural verb, given its ``head`` ("the cellar stairs")."""
    words = phrase.lower().split()
    # "a train's brakes": the article belongs to the possessor, the head decides
    if len(words) > 2 and words[1].endswith(("'s", "’s")):
        words = words[2:]
    if not words or words[0] in _SINGULAR_DETERMINERS or not head:
        return False
    # "the pair of shoes", "the packet of seeds": the measure is the head, not what it holds
    measure, of, _ = head.partition(" of ")
    return is_plural_noun(measure.split()[-1] if of else head.split()[-1])


_TOKEN = re.compile(r"[\w'’-]+|[^\w\s]", re.UNICODE)
_ADVERBS = {"always", "never", "often", "sometimes", "still", "quietly", "secretly", "rarely",
            "usually", "only", "constantly", "openly"}
_PREPOSITIONS = {"of", "in", "on", "at", "to", "by", "for", "with", "from", "into", "about",
                 "over", "under", "when", "while", "and", "or", "but", "than", "as", "after"}
_CLAUSE_END_ADVERBS = frozenset({"still", "again", "too", "anyway", "now", "then", "once",
                                 "twice", "back", "away", "alone", "already", "daily", "often",
                                 "nightly", "more", "less", "most", "least", "enough"})
"""Words after "her" that end its clause: "her" is then the object ("obeys her still")."""


def is_past_form(word: str) -> bool:
    lemma = verb_lemma(word)
    return bool(lemma) and word != lemma and word in getInflection(lemma, "VBD")


def _finite(word: str, person: str, tense: str, following: str = "") -> str:
    lemma = verb_lemma(word) or word
    sense = _inflection()["senses"].get(lemma)
    if sense and tense == "past":
        # "when he lies" is a lie told, "lies awake" a body at rest: two pasts.
        return sense["resting_past" if following in sense["resting_after"] else "past"]
    return conjugate(lemma, person, tense)


_OBJECT_STARTS = frozenset({"a", "an", "the", "his", "her", "their", "my", "your", "its", "for",
                            "to", "with", "at", "in", "on", "from", "about", "mischief", "nothing",
                            "everything", "everyone", "nobody", "people", "them", "him"})
"""Words after an ambiguous "plots" or "works" that make it a verb ("and plots mischief",
"and works for people"), never a plural ("stamps and coins")."""


def _opens_second_verb(word: str, following: str, then: str = "", verb_led: bool = False) -> bool:
    """Whether ``word`` joins a second verb of the same subject ("but sings in them"); after
    "and" a word that is a plural noun too is a verb only in a phrase that began with one and
    before what a verb takes ("preaches dignity and plots mischief")."""
    coordinators = _inflection()["coordinators"]
    if word in coordinators["always"]:
        return _is_third_singular(following)
    if word not in coordinators["verb_only"] or not _is_third_singular(following):
        return False
    return "NOUN" not in getAllLemmas(following) or (verb_led and then in _OBJECT_STARTS)


def inflect_phrase(phrase: str, pronouns: str, pov: str, tense: str,
                   subject_person: str | None = None, verb_first: bool = True) -> tuple[str, bool]:
    """Re-inflect a user's verb phrase ("counts stairs aloud", "fears the dark she guards").

    The leading verb (after optional adverbs) and any verb after a pronoun of the character are
    put in ``tense`` for the narrating person; the character's own pronouns become the
    narration's (``she`` -> ``I`` in first person). Returns the phrase and whether it began with a
    verb (if not, the caller should frame it, e.g. "had a habit of…"). ``verb_first=False``: the
    phrase does not open on its verb ("except her brother"), only its pronouns and the verbs
    after them change.
    """
    own = PRONOUNS.get(pronouns, PRONOUNS["they/them"])
    narr = narrator_pronouns(pov, pronouns)
    person = subject_person or narr.person
    tokens = _TOKEN.findall(phrase)
    out: list[str] = []
    began_with_verb = False
    expect_verb = verb_first  # the phrase starts with its predicate
    told_verbs: set[str] = set()  # the character's own verbs, as told
    for i, token in enumerate(tokens):
        lower = token.lower()
        nxt = tokens[i + 1].lower() if i + 1 < len(tokens) else ""
        if expect_verb and lower in _ADVERBS:
            out.append(token)
            continue
        was = tense == "present" and i > 1 and lower.replace("’", "'") in _PAST_NEGATIVES
        if expect_verb and (negative := _negative(lower, person, "past" if was else tense)):
            # "says she doesn't love them" -> "say I don't love them", never "I doesn't"
            out.append(negative)
            began_with_verb = began_with_verb or i <= 1
            expect_verb = False
            continue
        if expect_verb and is_verb_form(lower) and not lower.endswith("ing"):
            # A clause already in the past ("seeds labelled in a hand she never wrote") stays
            # past in present narration: it happened before the story's now.
            keep = i > 1 and tense == "present" and is_past_form(lower)
            out.append(token if keep else _finite(lower, person, tense, nxt))
            told_verbs.add(out[-1])
            began_with_verb = began_with_verb or i <= 1
            expect_verb = False
            continue
        # "…but never goes home": the second verb may follow an adverb.
        at = i + 2 if nxt in _ADVERBS else i + 1
        after = tokens[at].lower() if at < len(tokens) else ""
        then = tokens[at + 1].lower() if at + 1 < len(tokens) else ""
        expect_verb = _opens_second_verb(lower, after, then, began_with_verb)
        if lower == own.subject:
            out.append(narr.subject)
            person = narr.person
            expect_verb = True
        elif lower == own.reflexive:
            out.append(narr.reflexive)
        elif lower in {own.object, own.possessive}:
            # "her sister's trust": a possessive noun follows too; "obeys her still" no noun
            noun = re.sub(r"['’]s$", "", nxt)
            possessive = lower == own.possessive and (own.object != own.possessive or (
                bool(noun) and noun.isalpha() and noun not in _PREPOSITIONS
                and noun not in _CLAUSE_END_ADVERBS and not tokens[i + 1][:1].isupper()))
            if possessive:
                out.append(narr.possessive)
            elif out and out[-1] in told_verbs:
                # The object of the character's own verb is someone else ("distrusts her
                # mother, obeys her still"): the character would be "herself".
                out.append(token)
            else:
                out.append(narr.object)
        elif lower == own.possessive_pronoun:
            out.append(narr.possessive_pronoun)
        else:
            out.append(token)
    text = ""
    for token in out:
        if text and (token[0].isalnum() or token[0] in "“\"(") and not text.endswith(("“", "(")):
            text += " "
        text += token
    return text, began_with_verb


_RELATIVE = {"who", "that", "which", "it", "they", "he", "she"}
_SUBORDINATORS = {"before", "after", "until", "because", "while", "when", "once", "where", "if",
                  "whenever", "unless", "as", "though", "although"}
_REPORTING = frozenset({"say", "think", "know", "believe", "swear", "claim", "insist"})
_PRESENT_TO_PAST = {"is": "was", "are": "were", "has": "had", "have": "had", "does": "did",
                    "do": "did", "isn't": "wasn't", "aren't": "weren't", "doesn't": "didn't",
                    "don't": "didn't", "can": "could", "will": "would", "can't": "couldn't",
                    "won't": "wouldn't", "lies": "lied"}


_NEGATIVE_LEMMAS = {"isn't": "be", "aren't": "be", "wasn't": "be", "weren't": "be",
                    "doesn't": "do", "don't": "do", "didn't": "do", "hasn't": "have",
                    "haven't": "have", "hadn't": "have", "can't": "can", "couldn't": "can",
                    "won't": "will", "wouldn't": "will"}


_PAST_NEGATIVES = frozenset({"wasn't", "weren't", "didn't", "hadn't", "couldn't", "wouldn't"})
"""A clause already in the past stays past in present narration ("is sure she didn't…")."""


def _negative(word: str, person: str, tense: str) -> str | None:
    """A contracted negative auxiliary in ``person`` and ``tense`` ("doesn't" for "I", present:
    "don't"; "isn't", past, "you": "weren't"), or None for any other word."""
    lemma = _NEGATIVE_LEMMAS.get(word.replace("’", "'"))
    if lemma is None:
        return None
    if lemma == "be" and tense == "present" and person == FIRST:
        return "am not"
    if lemma in {"can", "will"}:
        return {"can": "couldn't", "will": "wouldn't"}[lemma] if tense == "past" else (
            {"can": "can't", "will": "won't"}[lemma])
    return conjugate(lemma, person, tense) + "n't"


def opens_on_finite_verb(clause: str) -> bool:
    """Whether a character note's later clause opens (after adverbs) on a verb as the note
    writes it, in the third person or the past ("hates attention", "never forgave him", "can't
    swim"); not "except this one", whose "except" is no verb there."""
    words = [w.lower() for w in clause.split() if w.lower() not in _ADVERBS]
    first = words[0].replace("’", "'") if words else ""
    return (first in _MODALS_PAST or first in _NEGATIVE_LEMMAS or _is_third_singular(first)
            or is_past_form(first))


def _is_third_singular(word: str) -> bool:
    lemma = verb_lemma(word)
    return bool(lemma) and word.endswith("s") and (getInflection(lemma, "VBZ") or ("",))[0] == word


@lru_cache(maxsize=8192)
def narrate_phrase(phrase: str, tense: str) -> str:
    """Put the finite verbs of a catalog phrase's clauses into ``tense``.

    ``"a drawer that sticks halfway"`` becomes ``"a drawer that stuck halfway"`` in past
    narration, so a noun phrase dropped into a sentence never slips out of the story's tense.
    After a relative pronoun the next verb converts; after a subordinator ("before help
    arrives") the next third-person verb within three words does.
    """
    if tense != "past":
        return phrase
    out: list[str] = []
    direct = False
    window = 0
    subject = THIRD
    for token in phrase.split(" "):
        bare = token.rstrip(",.;:")
        tail = token[len(bare):]
        lower = bare.lower()
        if (direct or window) and lower in _PRESENT_TO_PAST:
            out.append(_PRESENT_TO_PAST[lower] + tail)
            direct, window = False, 0
            continue
        if direct and lower in _ADVERBS | {"not", "never"}:
            out.append(token)
            continue
        if direct and is_past_form(lower):
            # "as they were": a verb already past keeps its form (it was "they was")
            out.append(token)
            direct, window = False, 0
            continue
        if (direct and verb_lemma(lower) and not lower.endswith(("ing", "ed"))) or (
            window and _is_third_singular(lower)
        ):
            lemma = verb_lemma(lower) or lower
            out.append(conjugate(lemma, subject if direct else THIRD, "past") + tail)
            # "…that the timetable says does not exist": a verb of saying opens a clause of
            # its own, whose verb follows at once.
            direct, window = False, (2 if lemma in _REPORTING else 0)
            continue
        window = max(0, window - 1)
        direct = lower in _RELATIVE
        subject = PLURAL if lower == "they" else THIRD
        if lower in _SUBORDINATORS or lower in {"that", "which", "who"}:
            window = 3
        out.append(token)
    return " ".join(out)
