"""Shifting a suggestion's pronouns to the person of the words it replaces.

A catalogue suggestion is written for its phrase's person ("her heart pounded in her chest" →
"her pulse knocked against her collarbone"). In "my heart pounds in my chest" the pronouns of
that person move to the first person singular, each keeping its role (subject, object,
possessive, reflexive, owner): "her collarbone" → "my collarbone", "herself" → "myself".
Pronouns of other people in the suggestion ("she looked at him") are left alone.
"""

from __future__ import annotations

from shortstory.analysis.words import Word, normalise_word

# person -> (subject, object, possessive, reflexive, owner)
_PERSONS: dict[str, tuple[str, str, str, str, str]] = {
    "1s": ("I", "me", "my", "myself", "mine"),
    "2": ("you", "you", "your", "yourself", "yours"),
    "3f": ("she", "her", "her", "herself", "hers"),
    "3m": ("he", "him", "his", "himself", "his"),
    "1p": ("we", "us", "our", "ourselves", "ours"),
    "3p": ("they", "them", "their", "themselves", "theirs"),
}
_PERSON_OF = {
    form.lower(): person for person, forms in _PERSONS.items() for form in forms
} | {"yourselves": "2", "themself": "3p", "one's": "3p", "oneself": "3p"}
_NOT_NOUNS = frozenset(
    {"away", "back", "again", "alone", "too", "now", "then", "there", "here", "and", "or", "but",
     "so", "as", "than", "that", "when", "while", "if", "because", "go", "know", "see"}
)  # fmt: skip
_ROLES = ("subject", "object", "possessive", "reflexive", "owner")
PREPOSITIONS = frozenset(
    {"to", "at", "in", "on", "of", "for", "from", "with", "by", "into", "onto", "over", "under",
     "up", "down", "off", "out", "about"}
)  # fmt: skip
"""Words after which "her" is an object, not a possessive ("gave her away", "at her")."""


def reperson(
    out: list[str], base: list[Word], matched: list[Word], before: str | None
) -> list[str]:
    """Move the pronouns of the phrase's person to the match's person; leave the others."""
    source = next(
        (_PERSON_OF[normalise_word(w)] for w in [*(b.text for b in base), *out]
         if normalise_word(w) in _PERSON_OF and normalise_word(w) != "one's"),
        None,
    )  # fmt: skip
    target = next(
        (_PERSON_OF[normalise_word(w.text)] for w in matched
         if normalise_word(w.text) in _PERSON_OF),
        None,
    )  # fmt: skip
    if target is None and before is not None:
        target = _PERSON_OF.get(normalise_word(before))
    if target is None:
        return out
    result = list(out)
    for i, word in enumerate(out):
        lowered = normalise_word(word)
        if lowered not in _PERSON_OF or lowered == "one's" or _PERSON_OF[lowered] != source:
            continue
        role = _role(lowered, out[i + 1] if i + 1 < len(out) else None)
        replacement = _PERSONS[target][_ROLES.index(role)]
        result[i] = replacement if replacement == "I" else same_case(word, replacement)
    return result


def _role(pronoun: str, following: str | None) -> str:
    if pronoun in {"i", "he", "she", "we", "they"}:
        return "subject"
    if pronoun in {"me", "him", "us", "them"}:
        return "object"
    if pronoun.endswith(("self", "selves")):
        return "reflexive"
    if pronoun in {"mine", "hers", "ours", "theirs", "yours"}:
        return "owner"
    if pronoun in {"my", "your", "their", "our", "his"}:
        return "possessive" if following is not None or pronoun != "his" else "owner"
    # "her" and "you": possessive/subject when a noun follows, object otherwise.
    if pronoun == "you":
        return "subject"
    if following is None or normalise_word(following) in PREPOSITIONS | _NOT_NOUNS:
        return "object"
    return "possessive"


def same_case(original: str, new: str) -> str:
    """``new`` with the capital of ``original``'s first letter, if it has one."""
    if original[:1].isupper():
        return new[:1].upper() + new[1:]
    return new
