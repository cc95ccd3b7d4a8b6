"""Point-of-view slips: narration that speaks of the protagonist in the wrong person.

- **first person** (the narrator is "I"): a ``she``/``he`` subject that has nobody else to refer
  to, and the narrator's own name used as a subject (``Maren walked in``);
- **second person** (the protagonist is "you"): the same two slips, and a narrating ``I``/``me``/
  ``my``;
- **close third**: a narrating ``I``/``me``/``my`` or ``we``/``us``/``our``, and ``you`` as the
  subject of a finite verb (the reader addressed, or the protagonist slipping into second
  person). Generic ``you`` after a modal (``you could see the sea``) is left alone.

*Who else is there* is tracked sentence by sentence: a name (a listed character other than the
protagonist, or any word the text capitalises mid-sentence), a gendered noun (``woman``,
``father``) or a gender-neutral person noun (``stranger``, ``doctor``), in narration or speech,
makes ``she`` and/or ``he`` available for the next :data:`REFERENT_WINDOW` sentences, and every
pronoun that passes refreshes it. Sentences that report unquoted thought or speech (``I can't,
she thought``) and questions (free direct thought) are exempt from the first-person check in
close third.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from shortstory.analysis.pov_clauses import Sentence, Token
from shortstory.analysis.pov_lexicon import (
    ANY_GENDER_NOUNS,
    FEMALE_NOUNS,
    FIRST_PERSON,
    FIRST_PERSON_PLURAL,
    MALE_NOUNS,
    MODALS,
    NOT_NAMES,
    SKIPPABLE_ADVERBS,
    THOUGHT_MARKERS,
    verb_form,
)

REFERENT_WINDOW = 12
"""Sentences a mentioned person stays available to ``she``/``he`` without being mentioned."""

_GENDER_OF_PRONOUN = {
    "she": "she", "her": "she", "hers": "she", "herself": "she",
    "he": "he", "him": "he", "his": "he", "himself": "he",
}  # fmt: skip
_GENERIC_YOU_VERBS = frozenset({"know", "see", "understand", "mean", "get", "have", "guess"})


def text_names(sentences: Iterable[Sentence], protagonist: frozenset[str]) -> frozenset[str]:
    """Lower-cased words the text capitalises mid-sentence: probably names of other people."""
    found: set[str] = set()
    for sentence in sentences:
        for token in sentence.tokens:
            if token.sentence_initial or not token.text[0].isupper():
                continue
            if token.lower in NOT_NAMES or token.lower in protagonist:
                continue
            if "'" in token.lower:
                continue
            found.add(token.lower)
    return frozenset(found)


class ReferentTracker:
    """Whether ``she``/``he`` could refer to someone other than the protagonist, by sentence."""

    def __init__(self, names: frozenset[str]) -> None:
        self._names = names
        self._last_seen = {"she": -REFERENT_WINDOW - 1, "he": -REFERENT_WINDOW - 1}

    def available(self, gender: str, index: int) -> bool:
        """Whether a ``gender`` pronoun in sentence ``index`` has someone to refer to."""
        return index - self._last_seen[gender] <= REFERENT_WINDOW

    def mention(self, token: Token, index: int) -> None:
        """Note any person ``token`` introduces or keeps in view."""
        lower = token.lower.removesuffix("'s")
        genders: tuple[str, ...] = ()
        if lower in FEMALE_NOUNS:
            genders = ("she",)
        elif lower in MALE_NOUNS:
            genders = ("he",)
        elif lower in ANY_GENDER_NOUNS or (token.text[0].isupper() and lower in self._names):
            genders = ("she", "he")
        elif token.speech and lower in _GENDER_OF_PRONOUN:
            genders = (_GENDER_OF_PRONOUN[lower],)
        for gender in genders:
            self._last_seen[gender] = index

    def refresh(self, gender: str, index: int) -> None:
        """A pronoun that passed keeps its referent in view."""
        self._last_seen[gender] = index


def person_issues(
    sentences: list[Sentence],
    pov: str,
    protagonist: frozenset[str],
    names: frozenset[str],
) -> Iterator[tuple[Token, str]]:
    """Yield ``(token, message)`` for every point-of-view slip in the narration."""
    tracker = ReferentTracker(names)
    for index, sentence in enumerate(sentences):
        thought = _reports_thought(sentence)
        for position, token in enumerate(sentence.tokens):
            if token.speech:
                tracker.mention(token, index)
                continue
            if pov == "close_third":
                message = _close_third(sentence, position, thought)
            else:
                message = _protagonist_in_third(
                    sentence, position, pov, protagonist, tracker, index
                )
                if message is None and pov == "second":
                    message = _narrating_i(token, "second-person", thought or sentence.question)
            if message:
                yield token, message
            tracker.mention(token, index)


def _close_third(sentence: Sentence, position: int, thought: bool) -> str | None:
    token = sentence.tokens[position]
    if thought or sentence.question:
        return None
    message = _narrating_i(token, "close-third", False)
    if message:
        return message
    if token.lower in FIRST_PERSON_PLURAL:
        return f"close-third narration uses '{token.text}'; expected the character's name or they"
    if token.lower == "you" and token.opens_clause and _predicate_follows(sentence, position, True):
        return "close-third narration addresses 'you'; expected she/he/they or the name"
    return None


def _narrating_i(token: Token, label: str, exempt: bool) -> str | None:
    if exempt or token.lower not in FIRST_PERSON:
        return None
    if token.lower == "i" and token.text != "I":
        return None
    return f"{label} narration uses '{token.text}'; the narrator is not a character here"


def _protagonist_in_third(
    sentence: Sentence,
    position: int,
    pov: str,
    protagonist: frozenset[str],
    tracker: ReferentTracker,
    index: int,
) -> str | None:
    token = sentence.tokens[position]
    expected = "I" if pov == "first" else "you"
    if not token.opens_clause or not _predicate_follows(sentence, position):
        if token.lower in ("she", "he") and tracker.available(token.lower, index):
            tracker.refresh(token.lower, index)
        return None
    if token.text[0].isupper() and token.lower in protagonist:
        return f"{pov}-person narration names the protagonist '{token.text}'; expected '{expected}'"
    if token.lower not in ("she", "he"):
        return None
    if tracker.available(token.lower, index):
        tracker.refresh(token.lower, index)
        return None
    return (
        f"{pov}-person narration: '{token.text}' has no other character to refer to; "
        f"expected '{expected}'"
    )


def _predicate_follows(sentence: Sentence, position: int, generic_you: bool = False) -> bool:
    """Whether the token at ``position`` is followed by a finite verb, so is its subject.

    With ``generic_you``, modals and the verbs of generic asides (``you know``, ``you see``)
    do not count: ``you could see the sea`` is the impersonal you, not the reader addressed.
    """
    for token in sentence.tokens[position + 1 :]:
        if token.speech:
            return False
        if token.lower in SKIPPABLE_ADVERBS or token.text[0].isupper():
            continue
        if token.lower in MODALS:
            return not generic_you
        if token.lower in _AUXILIARIES:
            return True
        form = verb_form(token.lower)
        if form is None:
            return False
        return not (generic_you and form[1] in _GENERIC_YOU_VERBS)
    return False


_AUXILIARIES = frozenset(
    {"is", "was", "are", "were", "am", "has", "have", "does", "did", "do", "can", "will",
     "isn't", "wasn't", "aren't", "weren't", "hasn't", "haven't", "doesn't", "didn't", "don't",
     "can't", "won't", "cannot"}
)  # fmt: skip


def _reports_thought(sentence: Sentence) -> bool:
    """Whether the sentence tags unquoted thought or speech: ``I can't, she thought.``"""
    return any(token.lower in THOUGHT_MARKERS for token in sentence.tokens if not token.speech)
