"""The idea's third person told as the narrator's own: "she"/"her" as "I"/"my" or "you"/"your",
the verb after the subject agreeing ("I is losing my memory" was told for "he is losing his")."""

from __future__ import annotations

from functools import lru_cache

from lemminflect import getAllLemmas, getInflection

from shortstory.writers.procedural.grammar import conjugate, narrator_pronouns

BREAKS = frozenset({"that", "who", "which", "whose", "where", "when", "while", "because",
                    "until", "before", "after", "if", "whether", "to", "and", "but", "or",
                    "as", "so", "than", "though", "although", "since", "once", "from", "in",
                    "on", "at", "with", "by", "for", "of", "into", "across", "over", "under",
                    "without", "about", "against", "between", "through"})
"""Words that end a phrase of the idea (a clause, a preposition, a joining word)."""


@lru_cache(maxsize=4096)
def is_finite_present(word: str) -> bool:
    """Whether ``word`` is a verb's third-person present ("rises", "keeps")."""
    lemmas = getAllLemmas(word)
    verbs = lemmas.get("VERB", ())
    return any(word in getInflection(v, "VBZ") for v in verbs)


_THIRD = {"she/her": ("she", "her", "her", "herself"), "he/him": ("he", "him", "his", "himself"),
          "they/them": ("they", "them", "their", "themselves")}


def as_narrator(text: str, pronouns: str, pov: str, tense: str = "") -> str:
    """The idea's "she"/"her" as the narration's own ("I"/"my", "you"/"your"), a verb after the
    subject agreeing with it (in ``tense`` when given)."""
    forms = _THIRD.get(pronouns)
    if pov == "close_third" or forms is None:
        return text
    own = narrator_pronouns(pov, pronouns)
    subject, obj, possessive, reflexive = forms
    tokens = text.split(" ")
    for i, token in enumerate(tokens):
        bare = token.rstrip(",.;:")
        tail, lower = token[len(bare):], bare.lower()
        following = tokens[i + 1].lower() if i + 1 < len(tokens) else ""
        if lower == reflexive:
            tokens[i] = own.reflexive + tail
        elif lower == subject:
            tokens[i] = own.subject + tail
            if not tail and following:
                tokens[i + 1] = _agreeing(tokens[i + 1], own.person, tense)
        elif lower == possessive and (lower != obj or (following and not tail
                                                         and not _ends_object(following))):
            tokens[i] = own.possessive + tail
        elif lower == obj:
            tokens[i] = own.object + tail
    return " ".join(tokens)


_OBJECT_ENDS = frozenset({"a", "an", "the", "this", "that", "these", "those", "his", "my",
                          "your", "our", "their", "its", "some", "every", "was", "is", "were",
                          "had", "has", "would", "will", "could", "can", "might", "must"})
"""Words after "her" that make it an object ("hands her the letter", "following her was")."""


def _ends_object(following: str) -> bool:
    word = following.rstrip(",.;:")
    return word in BREAKS or word in _OBJECT_ENDS


def _agreeing(token: str, person: str, tense: str) -> str:
    """A third-person verb after a subject turned to "I" or "you" ("I is" -> "I am")."""
    bare = token.rstrip(",.;:")
    lower = bare.lower()
    if lower in {"was", "is", "has", "does"} or is_finite_present(lower):
        tense = tense or ("past" if lower == "was" else "present")
        verb = "be" if lower in {"was", "is"} else getAllLemmas(lower)["VERB"][0]
        return conjugate(verb, person, tense) + token[len(bare):]
    return token
