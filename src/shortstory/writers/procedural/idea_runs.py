"""Runs of the idea's own words: how a told sentence is caught pasting the idea.

A sentence may keep no run of more than ``MAX_RUN`` of the idea's words in a row, counted two
ways: by lemma, with articles turned and soft adverbs dropped (:func:`longest_run`, so a run
disguised is still the idea), and as written (:func:`literal_run`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from lemminflect import getAllLemmas

MAX_RUN = 5
"""The longest run of the idea's own words a told sentence may keep."""
_SOFT = frozenset({"only", "just", "still", "even", "always", "ever", "really", "slowly",
                   "suddenly", "quietly", "secretly", "all", "actually", "already"})
_RUN_DETERMINERS = frozenset({"the", "a", "an", "that", "this", "these", "those", "every",
                              "each", "one"})
_WORD = re.compile(r"[\w'’-]+")


def idea_words(idea: str) -> tuple[str, ...]:
    """The idea's words, lower case, in order."""
    return tuple(w.lower() for w in _WORD.findall(idea))


@lru_cache(maxsize=16384)
def lemma(word: str) -> str:
    """The word's lemma (its verb's, else its noun's): "received" and "receives" are one."""
    lemmas = getAllLemmas(word)
    for tag in ("VERB", "AUX", "NOUN"):
        if found := lemmas.get(tag):
            return str(found[0])
    return word


def _run_key(word: str) -> str:
    # An article or a determiner turned ("the building" -> "that building") or a soft adverb
    # dropped does not make the idea's words another sentence: they count as the same.
    word = word.lower()
    return "" if word in _SOFT else "the" if word in _RUN_DETERMINERS else lemma(word)


def longest_run(text: str, words: tuple[str, ...]) -> int:
    """The longest run of consecutive ``words`` (the idea's) found in ``text``, inflection,
    articles and soft adverbs ignored ("I received a message meant for…" is the idea's
    "receives a message meant for…", "that new wind farm" its "the new wind farm")."""
    idea = tuple(k for w in words if (k := _run_key(w)))
    grams = {idea[i : i + MAX_RUN + 1] for i in range(len(idea) - MAX_RUN)}
    found = [k for w in _WORD.findall(text) if (k := _run_key(w))]
    return next((MAX_RUN + 1 for i in range(len(found) - MAX_RUN)
                 if tuple(found[i : i + MAX_RUN + 1]) in grams), 0)


def literal_run(text: str, words: tuple[str, ...]) -> bool:
    """Whether ``text`` keeps more than ``MAX_RUN`` of the idea's words in a row as they are
    (soft adverbs too: "dinner still warm on the table" is six of the idea's words)."""
    grams = {words[i : i + MAX_RUN + 1] for i in range(len(words) - MAX_RUN)}
    found = tuple(w.lower() for w in _WORD.findall(text))
    return any(found[i : i + MAX_RUN + 1] in grams for i in range(len(found) - MAX_RUN))


def refuse_runs(text: str, words: tuple[str, ...]) -> str | None:
    """``text``, or None when it keeps a run of more than ``MAX_RUN`` of the idea's words.

    A run is never disguised (an article turned, an adverb dropped: readers saw "it are dying
    because that new wind farm hums at that wrong pitch" for the idea pasted): a sentence that
    can only say the idea again is not said.
    """
    return None if longest_run(text, words) else text
