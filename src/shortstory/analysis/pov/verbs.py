"""Tense slips: a finite verb in narration whose tense is not the story's.

The rule is narrow on purpose (precision over recall). Judged are only verbs right after a
subject at the opening of a clause (:mod:`~.clauses`):

- a personal pronoun (``he``/``she``/``I`` anywhere in past narration: ``the note he leaves``),
  a name, ``there`` before *be*, an indefinite (``Something moved``; present
  narration only), through an auxiliary (``is``/``was``, ``has``, ``does``/``did``,
  ``can``/``could``, ``will``/``would``, clitics such as ``she's``) or through the verb's form in
  lemminflect's tables (``walks``, ``walk`` after I/we/they; ``walked``, ``went``);
- a noun phrase opened by a determiner (``The kitchen is cold``, ``The lamp burns steadily``):
  :mod:`~.phrases`;
- an inverted speech tag right after a quotation (``“Go,” says Tom``).

Never judged: speech and italic thought; sentences that tag unquoted thought (``…, thought the
boss``); questions and ``How …!``/``What …!`` exclamations (free direct thought); verbs after a
modal (``would go``); ambiguous forms (``put``, ``read``); similes (``as the stone goes``); the
narrator's ``we`` maxims and generic statements (``They always are``) in past narration; the
narrator's present frame in first-person past (``I remember``, ``I don't think``, anything with
``now``/``still``/``to this day``); and in present narration, subordinate clauses (``because she
packed it``) and any paragraph from a sentence that marks backstory onwards (``ago``,
``yesterday``, ``last year``, ``used to``, ``when she was``, ``on Sunday``…).
"""
from __future__ import annotations

import re
from collections.abc import Container, Iterator, Set
from operator import contains

from shortstory.analysis.pov.clauses import (
    Sentence,
    Token,
    positions_of,
    reports_thought,
    text_keys_where,
)
from shortstory.analysis.pov.lexicon import (
    DETERMINERS,
    INDEFINITE_SUBJECTS,
    MODALS,
    PAST_AUXILIARIES,
    PAST_OF_AUXILIARY,
    PLURAL_SUBJECTS,
    PRESENT_AUXILIARIES,
    PRESENT_CONTRACTIONS,
    SKIPPABLE_ADVERBS,
    SPEECH_VERBS,
    SUBJECT_PRONOUNS,
    SUBORDINATORS,
    inflect,
    verb_form,
    word_set,
)
from shortstory.analysis.pov.phrases import PLACE_OPENERS, noun_phrase_issues, opens_after_phrase

BACKSTORY_RE = re.compile(
    r"\b(?:ago|yesterday|earlier|formerly|used to|years?|born|childhood|as an? (?:child|girl"
    r"|boy|kid|teenager)|last (?:night|week|month|year|time|summer|winter|spring|autumn|fall)"
    r"|when (?:i|she|he|we|they|you|it) (?:was|were)|back then|long before|ever since|since then"
    r"|(?:i|she|he|we|they|you|it) once|^once|this morning|the other day|the day before"
    r"|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|in \d{4})\b",
    re.IGNORECASE,
)
BACKSTORY_SENTENCES = 4
"""Sentences after a backstory marker that may stay in the past (published present-tense
prose returns to the present within a few)."""
_NARRATOR_FRAME_RE = re.compile(
    r"\b(?:now|today|to this day|these days|even now|still|sometimes|ever since)\b", re.IGNORECASE
)
_NARRATOR_FRAME_VERBS = word_set(
    """
    remember recall think believe know suppose wonder imagine admit confess guess doubt forget
    realise realize understand mean hope fear swear say tell see feel regret wish like love hate
    """
)
_THIRD_SINGULAR = frozenset({"he", "she", "it", "there", "name", "indefinite"})
_COMPARATIVES = frozenset({"as", "like", "than"})
_NOMINATIVE = frozenset({"i", "he", "she"})  # not we/they: "men and women believe they have"
_TRIGGERS = SUBJECT_PRONOUNS | INDEFINITE_SUBJECTS | SPEECH_VERBS | DETERMINERS | {"there"}
"""Words that may open a clause the tense rules judge (names and contractions besides)."""
_GENERIC_SUBJECTS = frozenset({"they", "we", "you", "it", "there"})
_GENERIC_RE = re.compile(r"\b(?:always|never|usually|generally|often|sometimes|ever)\b", re.I)


def tense_issues(
    sentences: list[Sentence],
    tense: str,
    names: frozenset[str],
    pov: str = "close_third",
    keys: Set[str] | None = None,
) -> Iterator[tuple[Token, str]]:
    """Yield ``(verb token, message)`` for each tense slip in the narration, in order.

    In present narration a sentence that marks backstory (:data:`BACKSTORY_RE`) exempts
    itself and up to :data:`BACKSTORY_SENTENCES` more of its paragraph, each marker renewing
    the run: ``Years ago you lived here. You were happy then.`` A whole passage told in the past
    after one "years" is a passage in the wrong tense, not a memory. ``keys`` are the
    sentences' distinct keys (:func:`~.clauses.text_keys`), when the caller has them.
    """
    backstory_paragraph, backstory_left = -1, 0
    # The words that may open a judged clause; every other word is skipped unread.
    wanted = _TRIGGERS | names | text_keys_where(sentences, contains, "'", keys)
    for sentence in sentences:
        if tense == "present" and BACKSTORY_RE.search(_narration_text(sentence)):
            backstory_paragraph, backstory_left = sentence.paragraph, BACKSTORY_SENTENCES + 1
        if sentence.paragraph == backstory_paragraph and backstory_left:
            backstory_left -= 1
            continue
        # One generator a sentence, not two: a text has hundreds of sentences.
        issues = list(_tense_issues(sentence, tense, names, pov, wanted))
        if issues and not reports_thought(sentence):
            yield from issues


def _narration_text(sentence: Sentence) -> str:
    """The sentence's narration words joined by spaces: what backstory markers are read in."""
    return " ".join(token.lower for token in sentence.tokens if not token.speech)


def _tense_issues(
    sentence: Sentence, tense: str, names: frozenset[str], pov: str, wanted: Container[str]
) -> Iterator[tuple[Token, str]]:
    if sentence.question or _exclaimed_thought(sentence):
        return
    tokens = sentence.tokens
    # A clause can open after a phrase only in a sentence that opens on a place or a time.
    after_phrase = tokens[0].lower in PLACE_OPENERS
    # Only words that may open a judged clause (a trigger, a name, a contraction) are read.
    for index in positions_of(sentence, wanted):
        token = tokens[index]
        if token.speech:
            continue
        lower = token.lower
        if (
            not token.opens_clause
            and not (after_phrase and opens_after_phrase(tokens, index))
            and (tense == "present" or lower not in _NOMINATIVE)
        ):
            # In past narration he/she/I are subjects wherever they stand ("the note he
            # leaves" is a slip too); elsewhere only a clause's opening is judged.
            continue
        if index and tokens[index - 1].lower in _COMPARATIVES:
            continue  # "as the stone goes over and under the scythe": a simile's present
        if tense == "present" and index and tokens[index - 1].lower in SUBORDINATORS:
            continue  # "because she packed it": a subordinate clause may look back
        subject = _subject_kind(token, names)
        if subject == "we" and tense == "past":
            continue  # "we cling to our last pleasures": the narrator's maxim
        if subject is None:
            if token.lower in SPEECH_VERBS:
                yield from _inverted_tag(tokens, index, tense, names)
            elif token.lower in DETERMINERS:
                yield from noun_phrase_issues(sentence, index, tense)
            continue
        if subject == "indefinite" and tense == "past":
            continue  # "Everything changes", "Nobody knows": generic, not a slip
        contraction = _contracted_present(token.lower)
        if contraction:
            if tense == "past" and not _narrator_frame(subject, "", sentence, pov):
                yield token, f"present tense '{token.text}' in past-tense narration"
            continue
        verb = _verb_after(tokens, index, subject)
        if verb is None:
            continue
        message = _judge(verb, subject, tense, sentence, pov)
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
    if token.lower in INDEFINITE_SUBJECTS:
        return "indefinite"
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


def _judge(verb: Token, subject: str, tense: str, sentence: Sentence, pov: str) -> str | None:
    """The message for ``verb`` after ``subject`` if its tense is wrong, else None."""
    word = verb.lower
    if word in MODALS or verb.text[0].isupper():
        return None
    third = subject in _THIRD_SINGULAR
    if (
        tense == "past"
        and subject in _GENERIC_SUBJECTS
        and not (subject == "you" and pov == "second")
        and _GENERIC_RE.search(sentence.span.text)
    ):
        return None  # "They always are.": a generic statement by the narrator
    if tense == "past":
        agreement = PRESENT_AUXILIARIES.get(word)
        if agreement is not None:
            if not _agrees(agreement, subject):
                return None
            if subject == "there" and word not in {"is", "isn't", "are", "aren't"}:
                return None
            if _narrator_frame(subject, _lemma_after(sentence, verb), sentence, pov):
                return None  # "I don't think", "I can't remember"
            expected = PAST_OF_AUXILIARY[word]
            return f"present tense '{verb.text}' in past-tense narration; expected '{expected}'"
        if subject == "there":
            return None
        form = verb_form(word)
        if form is None or form[0] == "past":
            return None
        if (form[0] == "present3") != third:
            return None
        if _narrator_frame(subject, form[1], sentence, pov):
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


def _lemma_after(sentence: Sentence, verb: Token) -> str:
    """The lemma of the verb an auxiliary governs (``don't think`` gives think), or the
    auxiliary itself when none follows."""
    tokens = sentence.tokens
    position = tokens.index(verb) + 1
    while position < len(tokens) and tokens[position].lower in SKIPPABLE_ADVERBS:
        position += 1
    if position < len(tokens):
        form = verb_form(tokens[position].lower)
        if form is not None:
            return form[1]
    return verb.lower


def _narrator_frame(subject: str, lemma: str, sentence: Sentence, pov: str) -> bool:
    """Past narration may speak from the narrator's present: ``I remember``, ``you know``
    (but in second person "you" is the protagonist, not an aside to the reader)."""
    if subject not in {"i", "we", "you"} or (subject == "you" and pov == "second"):
        return False
    return lemma in _NARRATOR_FRAME_VERBS or bool(_NARRATOR_FRAME_RE.search(sentence.span.text))


def _exclaimed_thought(sentence: Sentence) -> bool:
    if not sentence.exclamation:
        return False  # most sentences: their narration is not gathered
    narration = sentence.narration()
    return bool(narration) and narration[0].lower in {"how", "what"}


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
