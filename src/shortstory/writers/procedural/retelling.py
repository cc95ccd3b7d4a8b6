"""The idea's fact retold in short sentences of the story's own, where one clause would paste it.

:func:`~shortstory.writers.procedural.telling.detail` tells what the idea reports as one clause
("it rose only when someone in the building was lying"). A long fact cannot be told that way
without keeping a run of six or more of the idea's words ("had started building comb in the shape
of letters, spelling a warning about the flood"), and until now such a fact was not told at all:
readers found stories of bees with no comb, of a yacht with no empty table. :func:`retell` cuts
the clause where English lets a thing be named again and said of in a sentence of its own:

- a relative clause: "a kingdom that no longer existed" -> "a kingdom. The kingdom no longer
  existed";
- a participle after its noun: "a drawer containing a confession" -> "a drawer. The drawer
  contained a confession"; "a gunshot hidden in a recording" -> "a gunshot. The gunshot was
  hidden in a recording"; "a girl counting down" -> "a girl. The girl was counting down";
- a participle after a comma, said of the noun before it: "comb in the shape of letters,
  spelling a warning" -> "… letters. The letters spelled a warning";
- "with" and what it holds: "a yacht with dinner still warm" -> "a yacht. There was dinner
  still warm";
- a place after a noun, last: "comb in the shape of letters" -> "comb. The comb was in the
  shape of letters".

The restated noun breaks the run, and every sentence is one a writer could have written. A fact
that still keeps a run after every cut is not told (the caller then tells only the deed).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from lemminflect import getAllLemmas, getInflection

from shortstory.pipeline.idea_lexicon import _is_person
from shortstory.writers.procedural.grammar import conjugate, is_plural_noun

_RELATIVES = frozenset({"that", "which", "who"})
_STATIVE = frozenset({"contain", "hold", "show", "bear", "belong", "have", "own", "keep",
                      "carry", "mean", "need", "want", "resemble", "match", "lack"})
"""Verbs a participle of turns finite ("a drawer containing…" -> "the drawer contained…"),
where the progressive would read oddly ("the drawer was containing…")."""
_CAUSATIVES = frozenset({"want", "need", "like", "get", "have", "prefer", "order"})
"""Verbs whose object's participle is what they want done ("wants her name removed"): no cut."""
_LOCATIVE = frozenset({"in", "on", "under", "inside", "behind", "beneath", "beside", "near",
                       "above", "below", "at"})
_NOT_HEADS = frozenset({"it", "they", "them", "he", "she", "him", "her", "i", "me", "you", "we",
                        "us", "something", "someone", "anything", "nothing", "everything",
                        "one", "this", "that", "these", "those", "who", "what", "all", "each",
                        "there", "here", "then", "now", "himself", "herself", "itself",
                        "behind", "ahead", "away", "back", "out", "up", "down", "off", "over",
                        "across", "inside", "outside", "home", "abroad", "apart", "together",
                        "his", "hers", "its", "my", "your", "our", "their", "whose"})
_AUXILIARIES = frozenset({"be", "is", "are", "was", "were", "been", "being", "am", "has",
                          "have", "had", "do", "does", "did", "will", "would", "can", "could",
                          "may", "might", "must", "shall", "should", "'s", "’s"})
_PUNCTUATION = ",.;:"


@lru_cache(maxsize=8192)
def _is_noun(word: str) -> bool:
    lemmas = getAllLemmas(word)
    # "dinner still warm": a word that is an adjective too is no thing to say "the warm" of
    return ("NOUN" in lemmas and "ADJ" not in lemmas and word not in _NOT_HEADS
            and not word.endswith("ly"))


@lru_cache(maxsize=8192)
def _verb(word: str) -> str | None:
    found = getAllLemmas(word).get("VERB", ())
    return str(found[0]) if found else None


def _is_gerund(word: str) -> bool:
    return word.endswith("ing") and _verb(word) is not None


def _is_past_participle(word: str) -> bool:
    lemma = _verb(word)
    return lemma is not None and word != lemma and word in getInflection(lemma, "VBN")


def _plural(noun: str) -> bool:
    return is_plural_noun(noun) or (noun.endswith("s") and not noun.endswith(("ss", "us", "is"))
                                     and getAllLemmas(noun).get("NOUN", (noun,))[0] != noun)


def _restate(head: str) -> str:
    return f"the {head}"


def _be(plural: bool, tense: str) -> str:
    return conjugate("be", "3p" if plural else "3", tense)


def _finite(word: str) -> bool:
    lemma = _verb(word)
    return lemma is not None and not word.endswith("ing") and "NOUN" not in getAllLemmas(word)


_STATE_WORDS = frozenset({"still", "already", "all", "half", "barely", "freshly", "newly"})


def _held(words: list[str]) -> str:
    """The noun "with" holds when what follows says something of it ("with dinner still warm
    on the table", "with a letter inside"), else "" ("with bottle caps" is only the means)."""
    bare = [w.strip(_PUNCTUATION).lower() for w in words[:6]]
    for n, word in enumerate(bare):
        if not _is_noun(word) and word not in {"a", "an", "the", "some", "no", "two", "three"}:
            following = bare[n:n + 2]
            if n and _is_noun(bare[n - 1]) and following and (
                    following[0] in _STATE_WORDS | _LOCATIVE or _is_past_participle(following[0])):
                return bare[n - 1]
            return ""
    return ""


def _plain_place(words: list[str]) -> bool:
    """Whether a place phrase is a place and no more to its clause's end ("in a biscuit tin",
    not "in 1943", not "on molars had collapsed")."""
    bare = [w.strip(_PUNCTUATION).lower() for w in words]
    if not bare or any(w[:1].isdigit() for w in bare) or not _is_noun(bare[-1]):
        return False
    return not any(_verb(w) and not _is_noun(w) for w in bare) and not any(
        w in _AUXILIARIES | _RELATIVES | {"and", "but", "while"} for w in bare)


def _cuts(tokens: list[str], tense: str, subject: str) -> list[tuple[int, int, str]]:
    """Where the clause may be cut: (where the next sentence starts, how many of the clause's
    words it drops there, the words it begins with instead)."""
    found: list[tuple[int, int, str]] = []
    lower = [t.strip(_PUNCTUATION).lower() for t in tokens]
    for i in range(1, len(tokens)):
        word = lower[i]
        if "than" in lower[i:] and {"more", "less", "fewer"} & set(lower[:i]):
            continue  # "one more passenger going up than coming down": not cut in two
        before = tokens[i - 1]
        head = before.strip(_PUNCTUATION).lower()
        after_comma = before.endswith(",")
        if (subject and word == "and" and i + 1 < len(tokens)
                and _finite(tokens[i + 1].strip(_PUNCTUATION).lower())):
            # "stole the wrong map and ended up owning…": the second deed, a sentence of its own
            found.append((i, 1, f"then {subject}"))
            continue
        if not _is_noun(head) or head in _AUXILIARIES or (
                i >= 2 and tokens[i - 2].lower() == "to"):
            continue  # "to swim at the baths": a verb, not a thing to say "the swim" of
        plural = _plural(head)
        if word in _RELATIVES and not after_comma and i + 1 < len(tokens):
            following = tokens[i + 1].strip(_PUNCTUATION).lower()
            if following in _NOT_HEADS - {"it", "they", "he", "she", "i", "you", "we"}:
                continue
            if word == "that" and following in {"the", "a", "an", "his", "her", "their", "my",
                                                "it", "they", "he", "she", "i", "you", "we"}:
                # "a rumour that the mill…" is what the rumour says, not the rumour doing
                continue
            verb = tokens[i + 1].strip(_PUNCTUATION)
            lemma = _verb(verb.lower())
            if tense == "past" and lemma and _finite(verb.lower()) and verb.lower() in {
                    conjugate(lemma, "3", "present"), conjugate(lemma, "3p", "present")}:
                # "a client who wants…" -> "The client wanted…", in the story's tense
                found.append((i, 2, f"{_restate(head)} {conjugate(lemma, '3', 'past')}"))
            else:
                found.append((i, 1, _restate(head)))
        elif _is_gerund(word) and (lemma := _verb(word)):
            finite = conjugate(lemma, "3p" if plural else "3", tense)
            if after_comma:
                # said of the noun before the comma, by its pronoun: "…letters. They spelled…"
                found.append((i, 1, f"{'they' if plural else 'it'} {finite}"))
            elif lemma in _STATIVE:
                found.append((i, 1, f"{_restate(head)} {finite}"))
            else:
                found.append((i, 0, f"{_restate(head)} {_be(plural, tense)}"))
        elif _is_past_participle(word) and not after_comma and i + 1 < len(tokens) and not (
                _CAUSATIVES & {_verb(w.lower()) for w in tokens[max(0, i - 5):i - 1]}) and (
                tokens[i + 1].strip(_PUNCTUATION).lower() in _LOCATIVE | {"by", "into", "to",
                                                                         "with", "from"}):
            found.append((i, 0, f"{_restate(head)} {_be(plural, tense)}"))
        elif word == "with" and not after_comma and (held := _held(tokens[i + 1:])):
            found.append((i, 1, f"there {_be(_plural(held), tense)}"))
        elif word in _LOCATIVE | {"about"} and not after_comma and _plain_place(tokens[i + 1:]):
            found.append((i, 0, f"{_restate(head)} {_be(plural, tense)}"))
    return found


_FINITE_OPENERS = frozenset({"there"})


def _has_finite_verb(sentence: str) -> bool:
    words = [w.strip(_PUNCTUATION).lower() for w in sentence.split()]
    return words[:1] == ["there"] or any(
        w in _AUXILIARIES or (_finite(w) and not _is_noun(w)) or (
            _finite(w) and i and words[i - 1] in {"i", "you", "we", "they", "he", "she", "it"})
        for i, w in enumerate(words))


def _sentences(tokens: list[str], cuts: list[tuple[int, int, str]]) -> list[str]:
    out: list[str] = []
    start, lead = 0, ""
    for at, dropped, opening in [*cuts, (len(tokens), 0, "")]:
        words = tokens[start:at]
        text = " ".join(([lead] if lead else []) + words).rstrip(_PUNCTUATION)
        out.append(text)
        start, lead = at + dropped, opening
    return out


def _joined(sentences: list[str]) -> str:
    first, *rest = sentences
    return ". ".join([first, *(s[:1].upper() + s[1:] for s in rest)])


def retell(clause: str, tense: str, too_long: Callable[[str], bool],
           subject: str = "") -> str | None:
    """``clause`` told in as few sentences as keep ``too_long`` false, or None.

    ``too_long(text)`` says whether a text still keeps a run of the idea's words. Cuts are made
    one at a time, the one that leaves the shortest longest sentence first, and each sentence
    must keep at least two words of its own. ``subject`` (a pronoun) is whoever does a second
    deed joined by "and"; without it the clause is not cut there.
    """
    if not too_long(clause):
        return clause
    cut = _cut(clause, tense, too_long, subject)
    if cut is not None:
        return cut
    fronted = _fronted(clause, tense)
    if fronted is None:
        return None
    named, rest = fronted
    told = _cut(rest, tense, too_long, subject) if too_long(rest) else rest
    if told is None:
        return None
    whole = _joined([named, told])
    return None if too_long(whole) else whole


_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "every", "each", "one", "his", "her",
                          "their", "my", "your", "our", "its", "some"})
_PERSONS = frozenset({"i", "you", "he", "she", "we", "they", "him", "her", "me", "us", "them"})


def _fronted(clause: str, tense: str) -> tuple[str, str] | None:
    """A clause whose subject is a thing named at length ("the baby monitor was showing a
    different nursery") as the thing named first and then what it does: ("it was the baby
    monitor", "it was showing a different nursery"); None for any other clause."""
    tokens = clause.split()
    if len(tokens) < 4 or tokens[0].lower() not in _DETERMINERS:
        return None
    for n, token in enumerate(tokens[1:6], start=1):
        word = token.strip(_PUNCTUATION).lower()
        if word in _PERSONS or word in _RELATIVES or token.endswith(","):
            return None  # "each bell she casts…": the subject holds a clause of its own
        if n >= 2 and (word in _AUXILIARIES or (_finite(word) and not _is_noun(word))):
            # The subject's head is its last noun before any place phrase ("the exchange rate
            # on molars": the rate)
            nouns = [t.strip(_PUNCTUATION).lower() for t in tokens[1:n]]
            inner = next((k for k, w in enumerate(nouns) if w in _LOCATIVE | {"of"}), len(nouns))
            head = nouns[inner - 1] if inner else ""
            if not _is_noun(head):
                return None
            # a person is named again, never "it": "It was the hostage-taker on the line. The
            # hostage-taker was her own son"
            subject = (_restate(head) if _is_person(head)
                       else "they" if _plural(head) else "it")
            named = f"it {conjugate('be', '3', tense)} {' '.join(tokens[:n])}"
            return named, f"{subject} {' '.join(tokens[n:])}"
    return None


def _cut(clause: str, tense: str, too_long: Callable[[str], bool], subject: str) -> str | None:
    """``clause`` cut at as few places as keep ``too_long`` false, or None."""
    tokens = clause.split()
    available = _cuts(tokens, tense, subject)
    chosen: list[tuple[int, int, str]] = []
    while available:
        best = None
        for cut in available:
            trial = sorted([*chosen, cut])
            sentences = _sentences(tokens, trial)
            if any(len(s.split()) < 2 or not _has_finite_verb(s) for s in sentences[1:]):
                continue
            length = max(len(s.split()) for s in sentences)
            if best is None or length < best[0]:
                best = (length, cut, sentences)
        if best is None:
            return None
        _, cut, sentences = best
        chosen = sorted([*chosen, cut])
        available.remove(cut)
        text = _joined(sentences)
        if not too_long(text):
            return re.sub(r"\s+", " ", text)
    return None
