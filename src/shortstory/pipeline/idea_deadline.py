"""The occasion a deadline clause names: "… before the new bridge opens" is a story that runs
towards the opening of the new bridge.

An idea that sets its action against a clock ("before the mill closes", "until her sister
marries") names its climax as a clause, not as an event noun (:func:`._event` reads "the talent
show"). :func:`deadline_event` turns that clause into the occasion's name, so the story counts
down to it and its crisis happens there, as it does for a named event.
"""

from __future__ import annotations

from lemminflect import getAllLemmas, getInflection

from shortstory.pipeline.idea_lexicon import _is_person

_CLOCK = frozenset({"before", "until", "till"})
_OWNERS = frozenset({"the", "her", "his", "their", "its", "my", "our", "your", "a", "an"})
_NOUNS = {"marry": "wedding", "wed": "wedding", "arrive": "arrival", "leave": "departure",
          "depart": "departure", "retire": "retirement", "graduate": "graduation",
          "begin": "beginning", "start": "start", "end": "end", "return": "return",
          "launch": "launch", "close": "closing", "open": "opening", "reopen": "reopening",
          "sell": "sale", "demolish": "demolition", "auction": "auction", "evict": "eviction",
          "bulldoze": "demolition"}
"""The occasion's name for its verb, where the verb's "-ing" is not it."""
_NO_OCCASION = frozenset({"die", "kill", "be", "have", "do", "get", "say", "know", "find",
                          "see", "realise", "realize", "notice", "discover", "learn"})
"""Verbs whose clause is no occasion to count down to ("before anyone notices")."""
_PASSIVE = frozenset({"is", "are", "gets", "get"})


def deadline_event(tokens: list[str]) -> str:
    """The occasion a "before …"/"until …" clause names ("the opening of the new bridge", "her
    sister's wedding"), or ""."""
    words = [t.lower().strip(".,;:!?\"“”") for t in tokens]
    for i, word in enumerate(words):
        if word in _CLOCK:
            return _occasion(words[i + 1 :], tokens[i + 1 :])
    return ""


def _occasion(words: list[str], raw: list[str]) -> str:
    if not words or words[0] not in _OWNERS:
        return ""  # "before dawn", "until it is too late": no one's occasion
    for k in range(2, min(len(words), 6)):
        word = words[k]
        passive = word in _PASSIVE and k + 1 < len(words)
        verb = words[k + 1] if passive else word
        plural = words[k - 1].endswith("s") and not words[k - 1].endswith("ss")
        lemma = _verb_lemma(verb, "VBN") if passive else (
            _verb_lemma(verb, "VBZ") or (_verb_lemma(verb, "VBP") if plural else ""))
        if not lemma:
            continue
        subject = " ".join(t.strip(".,;:!?\"“”") for t in raw[:k])
        if lemma in _NO_OCCASION or any(t.endswith(",") for t in raw[:k]):
            return ""
        after = words[k + 2] if passive and k + 2 < len(words) else (
            words[k + 1] if k + 1 < len(words) else "")
        if lemma == "come":  # "until the owner comes home": the owner's return
            name = "return" if after in {"home", "back"} else "arrival"
        else:
            name = _NOUNS.get(lemma) or (getInflection(lemma, "VBG") or [""])[0]
        if not name:
            return ""
        head = words[k - 1]
        if _is_person(head) and words[0] not in {"a", "an"}:
            owner = subject[4:] if subject.lower().startswith("the ") else subject
            return f"{'the ' if words[0] == 'the' else ''}{owner}'s {name}"
        return f"the {name} of {subject[0].lower()}{subject[1:]}"
    return ""


def _verb_lemma(word: str, tag: str) -> str:
    """The verb ``word`` is the ``tag`` form of ("opens": open), or ""."""
    for lemma in getAllLemmas(word).get("VERB", ()):
        if word in getInflection(lemma, tag):
            return str(lemma)
    return ""


def short_occasion(occasion: str) -> str:
    """The occasion named again, short ("the opening" of "the opening of the new bridge", "the
    wedding" of "her sister's wedding"): said in full every time, it is a six-word run."""
    if "'s " in occasion:
        return "the " + occasion.split("'s ", 1)[1]
    return occasion.split(" of ", 1)[0] if occasion.startswith("the ") else occasion
