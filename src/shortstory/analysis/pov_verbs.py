"""Tense slips: a finite verb in narration whose tense is not the story's.

The rule is narrow on purpose (precision over recall): only a verb that directly follows a
subject — a personal pronoun, a known name, ``there`` before *be* — at the opening of a clause
(:mod:`~shortstory.analysis.pov_clauses`) is judged, through an auxiliary (``is``/``was``,
``has``, ``does``/``did``, ``can``/``could``, ``will``/``would``, contractions such as ``she's``)
or through its form in lemminflect's tables (``walks``, ``walk`` after I/we/they; ``walked``,
``went``). Never judged: speech and italic thought, questions and ``How …!``/``What …!``
exclamations (free direct thought), verbs after a modal (``would go``), ambiguous forms
(``put``, ``read``), the narrator's present frame in first-person past narration (``I remember``,
``I still think``, anything with ``now``/``today``/``to this day``), and in present narration any
sentence that marks itself as backstory (``ago``, ``yesterday``, ``last year``, ``once``,
``used to``, ``when she was``, ``born``…).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from shortstory.analysis.pov_clauses import Sentence, Token
from shortstory.analysis.pov_lexicon import (
    MODALS,
    PAST_AUXILIARIES,
    PAST_OF_AUXILIARY,
    PLURAL_SUBJECTS,
    PRESENT_AUXILIARIES,
    PRESENT_CONTRACTIONS,
    SKIPPABLE_ADVERBS,
    SPEECH_VERBS,
    SUBJECT_PRONOUNS,
    inflect,
    verb_form,
    word_set,
)

_BACKSTORY_RE = re.compile(
    r"\b(?:ago|yesterday|once|earlier|formerly|used to|years?|born|childhood|as an? (?:child|girl"
    r"|boy|kid|teenager)|last (?:night|week|month|year|time|summer|winter|spring|autumn|fall)"
    r"|when (?:i|she|he|we|they|you|it) (?:was|were)|back then|long before|since|before)\b",
    re.IGNORECASE,
)
_NARRATOR_FRAME_RE = re.compile(
    r"\b(?:now|today|to this day|these days|even now|still|sometimes|ever since)\b", re.IGNORECASE
)
_NARRATOR_FRAME_VERBS = word_set(
    """
    remember recall think believe know suppose wonder imagine admit confess guess doubt forget
    realise realize understand mean hope fear swear say tell see feel regret wish like love hate
    """
)
DETERMINERS = frozenset(
    {"the", "a", "an", "my", "his", "her", "their", "our", "your", "its", "this", "these",
     "those", "every", "each"}
)  # fmt: skip
_NOUN_PHRASE_AUXILIARIES = {
    "is": ("present", "was"), "are": ("present", "were"), "has": ("present", "had"),
    "isn't": ("present", "wasn't"), "aren't": ("present", "weren't"),
    "was": ("past", "is"), "were": ("past", "are"), "wasn't": ("past", "isn't"),
    "weren't": ("past", "aren't"),
}  # fmt: skip
_CLAUSE_WORDS = SUBJECT_PRONOUNS | {"who", "whom", "whose", "which", "that", "what", "where"}
_THIRD_SINGULAR = frozenset({"he", "she", "it", "there", "name"})


def tense_issues(
    sentence: Sentence, tense: str, names: frozenset[str]
) -> Iterator[tuple[Token, str]]:
    """Yield ``(verb token, message)`` for each tense slip in the sentence's narration."""
    if sentence.question or _exclaimed_thought(sentence):
        return
    if tense == "present" and _BACKSTORY_RE.search(sentence.span.text):
        return
    tokens = sentence.tokens
    for index, token in enumerate(tokens):
        if token.speech or not token.opens_clause:
            continue
        subject = _subject_kind(token, names)
        if subject is None:
            if token.lower in SPEECH_VERBS:
                yield from _inverted_tag(tokens, index, tense, names)
            elif token.lower in DETERMINERS:
                yield from _noun_phrase_auxiliary(tokens, index, tense)
            continue
        contraction = _contracted_present(token.lower)
        if contraction:
            if tense == "past":
                yield token, f"present tense '{token.text}' in past-tense narration"
            continue
        verb = _verb_after(tokens, index, subject)
        if verb is None:
            continue
        message = _judge(verb, subject, tense, sentence)
        if message:
            yield verb, message


def _subject_kind(token: Token, names: frozenset[str]) -> str | None:
    """``he``/``she``/``i``… for a subject pronoun, ``name`` for a name, ``there``, or None."""
    if token.lower in SUBJECT_PRONOUNS:
        return token.lower if token.lower != "i" or token.text == "I" else None
    if token.lower == "there":
        return "there"
    if token.text[0].isupper() and token.lower in names:
        return "name"
    base = token.lower.split("'")[0]
    if "'" in token.lower and (base in SUBJECT_PRONOUNS or base == "there"):
        return base
    return None


def _contracted_present(word: str) -> bool:
    """Whether ``word`` is a subject with a present auxiliary clitic: she's, they're, I'll."""
    if "'" not in word:
        return False
    base, _, clitic = word.partition("'")
    return (base in SUBJECT_PRONOUNS or base == "there") and f"'{clitic}" in PRESENT_CONTRACTIONS


def _verb_after(tokens: tuple[Token, ...], index: int, subject: str) -> Token | None:
    """The word that should be the subject's finite verb, skipping adverbs and name parts."""
    if "'" in tokens[index].lower:
        return None
    position = index + 1
    while position < len(tokens):
        token = tokens[position]
        if token.speech:
            return None
        if subject == "name" and token.text[0].isupper():
            position += 1
            continue
        if token.lower in SKIPPABLE_ADVERBS or (
            token.lower.endswith("ly") and verb_form(token.lower) is None
        ):
            position += 1
            continue
        return token
    return None


def _judge(verb: Token, subject: str, tense: str, sentence: Sentence) -> str | None:
    """The message for ``verb`` after ``subject`` if its tense is wrong, else None."""
    word = verb.lower
    if word in MODALS or verb.text[0].isupper():
        return None
    third = subject in _THIRD_SINGULAR
    if tense == "past":
        agreement = PRESENT_AUXILIARIES.get(word)
        if agreement is not None:
            if not _agrees(agreement, subject):
                return None
            if subject == "there" and word not in {"is", "isn't", "are", "aren't"}:
                return None
            if _narrator_frame(subject, word, sentence):
                return None
            expected = PAST_OF_AUXILIARY[word]
            return f"present tense '{verb.text}' in past-tense narration; expected '{expected}'"
        if subject == "there":
            return None
        form = verb_form(word)
        if form is None or form[0] == "past":
            return None
        if (form[0] == "present3") != third:
            return None
        if _narrator_frame(subject, form[1], sentence):
            return None
        expected = inflect(form[1], "VBD")
        return f"present tense '{verb.text}' in past-tense narration; expected '{expected}'"
    if word in PAST_AUXILIARIES:
        if subject == "there" and word not in {"was", "wasn't", "were", "weren't"}:
            return None
        return f"past tense '{verb.text}' in present-tense narration"
    if subject == "there":
        return None
    form = verb_form(word)
    if form is None or form[0] != "past":
        return None
    expected = inflect(form[1], "VBZ" if third else "VBP")
    return f"past tense '{verb.text}' in present-tense narration; expected '{expected}'"


def _agrees(agreement: str, subject: str) -> bool:
    if agreement == "any":
        return True
    if agreement == "3sg":
        return subject in _THIRD_SINGULAR
    if agreement == "i":
        return subject == "i"
    return subject in PLURAL_SUBJECTS


def _narrator_frame(subject: str, lemma: str, sentence: Sentence) -> bool:
    """First-person past narration may speak from the narrator's present: ``I remember``."""
    if subject not in {"i", "we", "you"}:
        return False
    return lemma in _NARRATOR_FRAME_VERBS or bool(_NARRATOR_FRAME_RE.search(sentence.span.text))


def _exclaimed_thought(sentence: Sentence) -> bool:
    narration = sentence.narration()
    return sentence.exclamation and bool(narration) and narration[0].lower in {"how", "what"}


def _noun_phrase_auxiliary(
    tokens: tuple[Token, ...], index: int, tense: str
) -> Iterator[tuple[Token, str]]:
    """``The kitchen is cold`` / ``The doors were open``: a determiner, one to three words, then
    *be* or *have*. Lexical verbs are not judged here: after a noun phrase ``walks`` or ``rings``
    may as well be nouns."""
    position = index + 1
    while position < len(tokens) and position <= index + 3:
        token = tokens[position]
        if token.speech or token.opens_clause:
            return
        auxiliary = _NOUN_PHRASE_AUXILIARIES.get(token.lower)
        if auxiliary is not None and position > index + 1:
            if tense == "past" and auxiliary[0] == "present":
                message = f"present tense '{token.text}' in past-tense narration"
                yield token, f"{message}; expected '{auxiliary[1]}'"
            elif tense == "present" and auxiliary[0] == "past":
                message = f"past tense '{token.text}' in present-tense narration"
                yield token, f"{message}; expected '{auxiliary[1]}'"
            return
        if token.lower in _CLAUSE_WORDS or token.lower in MODALS:
            return
        form = verb_form(token.lower)
        if form is not None and form[0] == "past":
            return  # "the man she saw is": a clause inside the noun phrase
        position += 1


def _inverted_tag(
    tokens: tuple[Token, ...], index: int, tense: str, names: frozenset[str]
) -> Iterator[tuple[Token, str]]:
    """A speech tag with the verb first, ``says Anna`` / ``said he``, right after speech."""
    if index == 0 or not tokens[index - 1].speech or index + 1 >= len(tokens):
        return
    subject = tokens[index + 1]
    if subject.speech:
        return
    if _subject_kind(subject, names) not in {"he", "she", "name"} and not (
        subject.lower in DETERMINERS and index + 2 < len(tokens) and not tokens[index + 2].speech
    ):
        return
    verb = tokens[index]
    form = verb_form(verb.lower)
    if form is None:
        return
    if tense == "past" and form[0] == "present3":
        expected = inflect(form[1], "VBD")
        yield verb, f"present tense '{verb.text}' in past-tense narration; expected '{expected}'"
    elif tense == "present" and form[0] == "past":
        expected = inflect(form[1], "VBZ")
        yield verb, f"past tense '{verb.text}' in present-tense narration; expected '{expected}'"
