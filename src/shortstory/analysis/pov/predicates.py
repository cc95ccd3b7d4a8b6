"""What follows a word in a sentence: a finite verb, a predicate, a speech tag — the person
rules' tests of whether a word stands as a clause's subject."""

from __future__ import annotations

from shortstory.analysis.pov.clauses import Sentence
from shortstory.analysis.pov.lexicon import (
    MODALS,
    SKIPPABLE_ADVERBS,
    SPEECH_VERBS,
    can_be_verb,
    verb_form,
)

_GENERIC_YOU_VERBS = frozenset({"know", "see", "understand", "mean", "get", "have", "guess"})


def finite_verb_follows(sentence: Sentence, position: int) -> bool:
    """Whether the word after ``position`` (adverbs skipped) is a finite verb, so the word at
    ``position`` is its subject: ``that Maren was late``, ``the note Maren had left`` (not
    ``watched Maren walk``)."""
    for token in sentence.tokens[position + 1 :]:
        if token.speech:
            return False
        if token.lower in SKIPPABLE_ADVERBS:
            continue
        if token.lower in _AUXILIARIES or token.lower in MODALS:
            return True
        form = verb_form(token.lower)
        return form is not None and form[0] in ("past", "present3")
    return False


def tags_speech(sentence: Sentence, position: int) -> bool:
    """``“Go,” she said``: the pronoun names the speaker of the quotation just before it."""
    tokens = sentence.tokens
    return (
        position > 0
        and tokens[position - 1].speech
        and position + 1 < len(tokens)
        and tokens[position + 1].lower in SPEECH_VERBS
    )


def predicate_follows(sentence: Sentence, position: int, generic_you: bool = False) -> bool:
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
        if not can_be_verb(token.lower):
            return False
        form = verb_form(token.lower)
        return not (generic_you and form is not None and form[1] in _GENERIC_YOU_VERBS)
    return False


_AUXILIARIES = frozenset(
    {"is", "was", "are", "were", "am", "has", "have", "does", "did", "do", "can", "will",
     "isn't", "wasn't", "aren't", "weren't", "hasn't", "haven't", "doesn't", "didn't", "don't",
     "can't", "won't", "cannot"}
)  # fmt: skip
