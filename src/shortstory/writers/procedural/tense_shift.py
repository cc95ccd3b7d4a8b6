"""Clauses of the idea turned to the story's tense: "rises only when someone is lying" ->
"rose only when someone was lying" (:func:`to_tense`), and a past clause seen from a present
story's now: "was written by" -> "has been written by" (:func:`as_perfect`)."""

from __future__ import annotations

from functools import lru_cache

from lemminflect import getAllLemmas, getInflection

from shortstory.writers.procedural.grammar import conjugate, is_plural_noun
from shortstory.writers.procedural.idea_voice import BREAKS, is_finite_present
from shortstory.writers.procedural.lexicons import lexicon

TO_PAST = {"is": "was", "are": "were", "am": "was", "has": "had", "does": "did",
           "can": "could", "will": "would", "may": "might", "must": "had to",
           "isn't": "wasn't", "aren't": "weren't", "doesn't": "didn't", "can't": "couldn't",
           "won't": "wouldn't", "haven't": "hadn't", "hasn't": "hadn't", "don't": "didn't",
           "have": "had", "cannot": "could not"}
DETERMINERS = frozenset({"a", "an", "the", "his", "her", "their", "its", "my", "your", "our",
                         "this", "that", "every", "each", "some", "no"})


@lru_cache(maxsize=1)
def _numbers() -> frozenset[str]:
    return frozenset(lexicon()["telling_words"]["numbers"])


_SEGMENT = frozenset({"and", "but", "or", "that", "which", "who", "when", "while", "because",
                      "until", "if", "so", "where", "before", "after", "whenever", "wherever",
                      "than", "once", "though", "although"})

_AUXILIARIES = frozenset({"is", "are", "has", "have", "can", "will"})
"""Verbs that turn wherever they stand ("the bread she leaves out … is being eaten")."""
_BEFORE_BARE = frozenset({"to", "would", "could", "should", "might", "must", "may", "will",
                          "can", "did", "does", "do"})


def to_tense(clause: str, tense: str) -> str:
    """The clause's finite verbs in ``tense`` ("rises only when someone is lying", past ->
    "rose only when someone was lying"); a present clause is left as it is. One verb per
    clause segment turns, so "they were in corked bottles" keeps its bottles."""
    if tense != "past":
        return clause
    out = []
    previous = previous_but_one = ""
    turned = False
    for token in clause.split(" "):
        bare = token.rstrip(",.;:")
        tail, lower = token[len(bare):], bare.lower()
        if lower in _SEGMENT or previous.endswith(","):
            turned = False
        if lower in TO_PAST and (not turned or (lower in _AUXILIARIES and previous not in
                                                 _BEFORE_BARE)):
            out.append(TO_PAST[lower] + tail)
            turned = True
        elif (not turned and is_finite_present(lower) and previous not in DETERMINERS
              and previous_but_one != "to"  # "to play cards": no "to play carded"
              and previous not in _numbers() and not previous.isdigit()
              and not previous.endswith(("'s", "’s", "ing"))
              and (previous not in BREAKS or previous in {"who", "which"})):
            lemma = getAllLemmas(lower)["VERB"][0]
            out.append(conjugate(lemma, "3", "past") + tail)
            turned = True
        elif not turned and (previous in {"they", "we", "i", "you"} or (
                is_plural_noun(previous) and previous_but_one in DETERMINERS)) and (
                lower in getAllLemmas(lower).get("VERB", ())):
            out.append(conjugate(lower, "3p", "past") + tail)  # "they come" -> "they came"
            turned = True
        else:
            out.append(token)
        previous_but_one, previous = previous, token.lower()
    return " ".join(out)


_PLURAL_SUBJECTS = frozenset({"they", "we", "you", "i", "these", "those"})


def as_perfect(clause: str) -> str:
    """A past clause told from a present-tense story's now: "was written by a living woman" ->
    "has been written by a living woman", "an address that burned down" -> "an address that
    has burned down" (what happened before the story's now, not a slip out of its tense)."""
    tokens = clause.split(" ")
    out: list[str] = []
    for i, token in enumerate(tokens):
        bare = token.rstrip(",.;:")
        tail, lower = token[len(bare):], bare.lower()
        previous = tokens[i - 1].lower() if i else ""
        plural = previous in _PLURAL_SUBJECTS or (previous.endswith("s")
                                                  and not previous.endswith("ss"))
        if lower == "was":
            out.append("has been" + tail)
        elif lower == "were":
            out.append("have been" + tail)
        elif lower not in {"had", "did"} and previous not in {"was", "were", "had", "has", "have",
                                                             "been", "be"}:
            lemmas = getAllLemmas(lower).get("VERB", ())
            past = lemmas and lower != lemmas[0] and lower in getInflection(lemmas[0], "VBD")
            if past and "NOUN" not in getAllLemmas(lower) and i > 0:
                participle = (getInflection(lemmas[0], "VBN") or (lower,))[0]
                out.append(("have " if plural else "has ") + participle + tail)
            else:
                out.append(token)
        else:
            out.append(token)
    return " ".join(out)
