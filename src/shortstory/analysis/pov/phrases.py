"""Tense slips after a noun-phrase subject: ``The kitchen is cold``, ``The lamp burns steadily``.

A determiner opens the phrase, one to four words follow, then the verb. Without a tagger a noun
and a verb often look alike (``lights``, ``bells``, ``keys``), so the phrase is judged only:

- where it can be a subject: at the opening of the sentence (after introductory words such as
  ``By three`` or a place phrase such as ``Somewhere behind us``), after a clause mark that is
  not inside a list, or after ``and``/``but``/``then``; never after a preposition;
- through *be*, *have*, *do* and the modals ``will``/``can`` always (``The office is bigger``);
- through a lexical verb (``burns``, ``boiled``) only when nothing later in the clause is a
  finite verb (in ``The kitchen lights on the ceiling flickered`` the verb is *flickered*, so
  *lights* is a noun) and the word after it does not close a list (``the hollowed eyes, the open
  mouth``), name someone (``a man called Ames``) or start an ``of``/``by`` phrase; a past form
  that is also a participle (``hung``, ``left``, ``opened``) only before ``and``, an adverb, a
  particle or an object (``A kettle left to boil dry`` is a fragment, not a slip).
"""

from __future__ import annotations

from collections.abc import Iterator

from shortstory.analysis.pov.clauses import Sentence, Token
from shortstory.analysis.pov.lexicon import (
    COORDINATORS,
    DETERMINERS,
    INDEFINITE_SUBJECTS,
    INTRODUCTORY,
    MODALS,
    OBJECT_PRONOUNS,
    PARTICLES,
    PAST_AUXILIARIES,
    PREPOSITIONS,
    PRESENT_AUXILIARIES,
    SKIPPABLE_ADVERBS,
    SUBJECT_PRONOUNS,
    SUBORDINATORS,
    inflect,
    is_past_participle,
    verb_form,
    word_set,
)

_AUXILIARIES = {
    "is": ("present", "was"), "are": ("present", "were"), "has": ("present", "had"),
    "have": ("present", "had"), "isn't": ("present", "wasn't"), "aren't": ("present", "weren't"),
    "hasn't": ("present", "hadn't"), "haven't": ("present", "hadn't"),
    "does": ("present", "did"), "doesn't": ("present", "didn't"), "don't": ("present", "didn't"),
    "will": ("present", "would"), "won't": ("present", "wouldn't"),
    "can": ("present", "could"), "can't": ("present", "couldn't"),
    "was": ("past", "is"), "were": ("past", "are"), "wasn't": ("past", "isn't"),
    "weren't": ("past", "aren't"), "did": ("past", "does"), "didn't": ("past", "doesn't"),
}  # fmt: skip
_PHRASE_ENDS = (
    SUBJECT_PRONOUNS
    | INDEFINITE_SUBJECTS
    | PREPOSITIONS
    | word_set("who whom whose which that what where and or but")
)
_CLAUSE_BREAKS = (
    SUBJECT_PRONOUNS
    | INDEFINITE_SUBJECTS
    | SUBORDINATORS
    | word_set("who whom whose which that what where so if than")
)
PLACE_OPENERS = PREPOSITIONS | word_set("somewhere anywhere everywhere nowhere")
"""Words that may open a sentence with a place or time phrase before its subject."""


def opens_after_phrase(tokens: tuple[Token, ...], index: int) -> bool:
    """``Somewhere behind us a door banged``, ``In the kitchen she waits``: the sentence opens
    with a short phrase of place or time (no comma) and ``index`` starts its clause."""
    if index == 0 or index > 6 or tokens[0].lower not in PLACE_OPENERS:
        return False
    return not any(token.follows_mark or token.speech for token in tokens[1 : index + 1])


def noun_phrase_issues(
    sentence: Sentence, index: int, tense: str
) -> Iterator[tuple[Token, str]]:
    """The slip, if any, in the clause whose subject phrase opens with the determiner at
    ``index`` (see the module docstring)."""
    tokens = sentence.tokens
    if index and tokens[index - 1].lower in PREPOSITIONS:
        return
    position = index + 1
    while position < len(tokens) and position <= index + 5:
        token = tokens[position]
        if token.speech or token.follows_mark:
            return
        auxiliary = _AUXILIARIES.get(token.lower)
        if auxiliary is not None:
            if position > index + 1 and auxiliary[0] != tense:
                yield token, _message(token, auxiliary[0], auxiliary[1])
            return
        if token.lower in _PHRASE_ENDS or token.lower in MODALS:
            return
        if token.lower in PRESENT_AUXILIARIES or token.lower in PAST_AUXILIARIES:
            return
        form = verb_form(token.lower)
        if form is not None and position > index + 1 and not token.text[0].isupper():
            wanted = "present3" if tense == "past" else "past"
            if form[0] == wanted and _lexical_verb(sentence, index, position, form[0]):
                expected = inflect(form[1], "VBD" if tense == "past" else "VBZ")
                yield token, _message(token, "present" if tense == "past" else "past", expected)
                return
            if form[0] == "past":
                return  # "the man she saw is": a clause inside the noun phrase
        position += 1


def _lexical_verb(
    sentence: Sentence, subject_index: int, position: int, form_tense: str
) -> bool:
    """Whether the word at ``position`` is the clause's verb rather than part of its subject."""
    tokens = sentence.tokens
    opening = opens_sentence(tokens, subject_index) or (
        tokens[subject_index - 1].lower in COORDINATORS
    )
    if not opening and not (form_tense == "past" and opens_after_phrase(tokens, subject_index)):
        return False  # after "Behind the rotunda", "the slender trees …" may be a fragment
    # A past form that is also a participle may be an adjective in a verbless fragment: "A
    # coat hung on the peg the wrong way round", "A kettle left to boil dry".
    participle = form_tense == "past" and is_past_participle(tokens[position].lower)
    if position + 1 >= len(tokens):
        # "The wind howls." is a sentence; ", the hollowed eyes." ends a list of things.
        indefinite = tokens[subject_index].lower in ("a", "an")
        return opens_sentence(tokens, subject_index) and not (participle and indefinite)
    following = tokens[position + 1]
    if following.follows_mark or following.speech:
        return False  # "The hollowed eyes, the open mouth": nouns in a list, as likely as not
    if following.text[0].isupper() or following.lower in ("of", "by"):
        return False  # "a man called Ames", "the lights of the harbour", "eggs boiled by"
    if participle:
        lower = following.lower
        return (
            lower == "and"
            or lower.endswith("ly")
            or lower in SKIPPABLE_ADVERBS
            or lower in PARTICLES
            or lower in DETERMINERS
            or lower in OBJECT_PRONOUNS
        )  # "The kettle boiled and clicked off", "The door opened slowly", "… opened the gate"
    if form_tense == "past":
        return True  # went, saw, shook: never a noun, never a participle
    for later in tokens[position + 1 :]:
        lower = later.lower
        if later.follows_mark or later.speech or lower in _CLAUSE_BREAKS:
            break  # "Your heart hammers so loud that you were sure": another clause
        if lower in _AUXILIARIES or lower in MODALS or lower in PRESENT_AUXILIARIES:
            return False
        form = verb_form(lower)
        if form is not None and form[0] in ("past", "present3") and not later.text[0].isupper():
            return False  # "The kitchen lights on the ceiling flickered"
    return True


def opens_sentence(tokens: tuple[Token, ...], index: int) -> bool:
    """Whether only introductory words (``By three``, ``That night``) come before ``index``."""
    return all(
        token.lower in INTRODUCTORY or token.lower[0].isdigit() for token in tokens[:index]
    ) and not any(token.follows_mark for token in tokens[1 : index + 1])


def _message(token: Token, found: str, expected: str) -> str:
    narration = "past" if found == "present" else "present"
    return f"{found} tense '{token.text}' in {narration}-tense narration; expected '{expected}'"
