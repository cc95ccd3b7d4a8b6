"""Tense slips: a finite verb in narration whose tense is not the story's.

The rule is narrow on purpose (precision over recall). Judged are only verbs right after a
subject at the opening of a clause (:mod:`~shortstory.analysis.pov_clauses`):

- a personal pronoun, a name, ``there`` before *be*, an indefinite (``Something moved``; present
  narration only), through an auxiliary (``is``/``was``, ``has``, ``does``/``did``,
  ``can``/``could``, ``will``/``would``, clitics such as ``she's``) or through the verb's form in
  lemminflect's tables (``walks``, ``walk`` after I/we/they; ``walked``, ``went``);
- a noun phrase opened by a determiner (``The kitchen is cold``), through *be*/*have* always, and
  through a lexical verb only where what follows proves it a verb (``The lamp burns steadily``);
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
from collections.abc import Iterator

from shortstory.analysis.pov_clauses import Sentence, Token, reports_thought
from shortstory.analysis.pov_lexicon import (
    COORDINATORS,
    DETERMINERS,
    INDEFINITE_SUBJECTS,
    INTRODUCTORY,
    MODALS,
    MOTION_PREPOSITIONS,
    OBJECT_PRONOUNS,
    PARTICLES,
    PAST_AUXILIARIES,
    PAST_OF_AUXILIARY,
    PLURAL_SUBJECTS,
    PREPOSITIONS,
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

BACKSTORY_RE = re.compile(
    r"\b(?:ago|yesterday|earlier|formerly|used to|years?|born|childhood|as an? (?:child|girl"
    r"|boy|kid|teenager)|last (?:night|week|month|year|time|summer|winter|spring|autumn|fall)"
    r"|when (?:i|she|he|we|they|you|it) (?:was|were)|back then|long before|ever since|since then"
    r"|(?:i|she|he|we|they|you|it) once|^once|this morning|the other day|the day before"
    r"|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|in \d{4})\b",
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
_NOUN_PHRASE_AUXILIARIES = {
    "is": ("present", "was"), "are": ("present", "were"), "has": ("present", "had"),
    "isn't": ("present", "wasn't"), "aren't": ("present", "weren't"),
    "was": ("past", "is"), "were": ("past", "are"), "wasn't": ("past", "isn't"),
    "weren't": ("past", "aren't"),
}  # fmt: skip
_CLAUSE_WORDS = (
    SUBJECT_PRONOUNS
    | INDEFINITE_SUBJECTS
    | {"who", "whom", "whose", "which", "that", "what", "where", "and", "or", "but"}
)
_THIRD_SINGULAR = frozenset({"he", "she", "it", "there", "name", "indefinite"})
_COMPARATIVES = frozenset({"as", "like", "than"})
_TRIGGERS = SUBJECT_PRONOUNS | INDEFINITE_SUBJECTS | SPEECH_VERBS | DETERMINERS | {"there"}
"""Words that may open a clause the tense rules judge (names and contractions besides)."""
_GENERIC_SUBJECTS = frozenset({"they", "we", "you", "it", "there"})
_GENERIC_RE = re.compile(r"\b(?:always|never|usually|generally|often|sometimes|ever)\b", re.I)


def tense_issues(
    sentences: list[Sentence], tense: str, names: frozenset[str]
) -> Iterator[tuple[Token, str]]:
    """Yield ``(verb token, message)`` for each tense slip in the narration, in order.

    In present narration a sentence that marks backstory (:data:`BACKSTORY_RE`) exempts
    itself and the rest of its paragraph: ``Years ago you lived here. You were happy then.``
    """
    backstory_paragraph = -1
    for sentence in sentences:
        if tense == "present" and BACKSTORY_RE.search(_narration_text(sentence)):
            backstory_paragraph = sentence.paragraph
        if sentence.paragraph == backstory_paragraph:
            continue
        yield from _sentence_issues(sentence, tense, names)


def _narration_text(sentence: Sentence) -> str:
    """The sentence's narration words joined by spaces: what backstory markers are read in."""
    return " ".join(token.lower for token in sentence.tokens if not token.speech)


def _sentence_issues(
    sentence: Sentence, tense: str, names: frozenset[str]
) -> Iterator[tuple[Token, str]]:
    issues = list(_tense_issues(sentence, tense, names))
    if issues and not reports_thought(sentence):
        yield from issues


def _tense_issues(
    sentence: Sentence, tense: str, names: frozenset[str]
) -> Iterator[tuple[Token, str]]:
    if sentence.question or _exclaimed_thought(sentence):
        return
    tokens = sentence.tokens
    triggers = _TRIGGERS
    for index, token in enumerate(tokens):
        if token.speech or not token.opens_clause:
            continue
        lower = token.lower
        if lower not in triggers and lower not in names and "'" not in lower:
            continue  # cannot open a judged clause: the fast path for most words
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
            elif token.lower in DETERMINERS and (
                index == 0 or tokens[index - 1].lower not in PREPOSITIONS
            ):
                yield from _noun_phrase_verb(sentence, index, tense)
            continue
        if subject == "indefinite" and tense == "past":
            continue  # "Everything changes", "Nobody knows": generic, not a slip
        contraction = _contracted_present(token.lower)
        if contraction:
            if tense == "past" and not _narrator_frame(subject, "", sentence):
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


def _judge(verb: Token, subject: str, tense: str, sentence: Sentence) -> str | None:
    """The message for ``verb`` after ``subject`` if its tense is wrong, else None."""
    word = verb.lower
    if word in MODALS or verb.text[0].isupper():
        return None
    third = subject in _THIRD_SINGULAR
    if tense == "past" and subject in _GENERIC_SUBJECTS and _GENERIC_RE.search(sentence.span.text):
        return None  # "They always are.": a generic statement by the narrator
    if tense == "past":
        agreement = PRESENT_AUXILIARIES.get(word)
        if agreement is not None:
            if not _agrees(agreement, subject):
                return None
            if subject == "there" and word not in {"is", "isn't", "are", "aren't"}:
                return None
            if _narrator_frame(subject, _lemma_after(sentence, verb), sentence):
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


def _narrator_frame(subject: str, lemma: str, sentence: Sentence) -> bool:
    """First-person past narration may speak from the narrator's present: ``I remember``."""
    if subject not in {"i", "we", "you"}:
        return False
    return lemma in _NARRATOR_FRAME_VERBS or bool(_NARRATOR_FRAME_RE.search(sentence.span.text))


def _exclaimed_thought(sentence: Sentence) -> bool:
    narration = sentence.narration()
    return sentence.exclamation and bool(narration) and narration[0].lower in {"how", "what"}


def _noun_phrase_verb(sentence: Sentence, index: int, tense: str) -> Iterator[tuple[Token, str]]:
    """``The kitchen is cold``, ``The lamp burns steadily``, ``The kettle boiled and clicked``.

    A determiner, one to three words, then the verb. *Be* and *have* are always judged. A
    lexical verb is judged only when what follows shows it is one — the end of the clause, an
    adverb, an object, a determiner, a particle or a preposition of motion — because after a
    noun ``lights`` or ``bells`` may as well be a compound noun (``the kitchen lights in``).
    """
    tokens = sentence.tokens
    position = index + 1
    while position < len(tokens) and position <= index + 4:
        token = tokens[position]
        if token.speech or token.follows_mark:
            return
        auxiliary = _NOUN_PHRASE_AUXILIARIES.get(token.lower)
        if auxiliary is not None:
            if position == index + 1:
                return
            if auxiliary[0] != tense:
                yield token, _message(token, auxiliary[0], auxiliary[1])
            return
        if token.lower in _CLAUSE_WORDS or token.lower in MODALS or token.lower in PREPOSITIONS:
            return  # "a cleaner with keys to every door": the phrase has ended
        if token.lower in PRESENT_AUXILIARIES or token.lower in PAST_AUXILIARIES:
            return  # "the clocks have stopped": a perfect, judged by its auxiliary alone
        form = verb_form(token.lower)
        if (
            form is not None
            and position > index + 1
            and not token.text[0].isupper()
            and (_opens_sentence(tokens, index) or tokens[index - 1].lower in COORDINATORS)
        ):
            wanted = "present3" if tense == "past" else "past"
            if form[0] == wanted and _verb_context(sentence, index, position, tense):
                expected = inflect(form[1], "VBD" if tense == "past" else "VBZ")
                yield token, _message(token, "present" if tense == "past" else "past", expected)
                return
            if form[0] == "past":
                return  # "the man she saw is": a clause inside the noun phrase
        position += 1


def _opens_sentence(tokens: tuple[Token, ...], index: int) -> bool:
    """Whether only introductory words (``By three``, ``That night``) come before ``index``."""
    opening = tokens[:index]
    return all(
        token.lower in INTRODUCTORY or token.lower[0].isdigit() for token in opening
    ) and not any(token.follows_mark for token in tokens[1 : index + 1])


def _message(token: Token, found: str, expected: str) -> str:
    narration = "past" if found == "present" else "present"
    return (
        f"{found} tense '{token.text}' in {narration}-tense narration; expected '{expected}'"
    )


def _verb_context(sentence: Sentence, subject_index: int, position: int, tense: str) -> bool:
    """Whether what follows the word at ``position`` shows it is a verb, not a noun."""
    tokens = sentence.tokens
    if position + 1 >= len(tokens):
        # "The wind howls." is a sentence; ", the hollowed eyes." ends a list of things.
        return _opens_sentence(tokens, subject_index)
    following = tokens[position + 1]
    if following.follows_mark or following.speech:
        return False  # "The hollowed eyes, the open mouth": nouns in a list, as likely as not
    lower = following.lower
    if lower.endswith("ly") or lower in SKIPPABLE_ADVERBS or lower in OBJECT_PRONOUNS:
        return True
    if lower in DETERMINERS or lower in MOTION_PREPOSITIONS or lower in PARTICLES:
        return True
    if tense == "present":
        # A past form is never a noun; only a reduced relative ("a man called Ames", "the
        # eggs boiled by") needs ruling out.
        return not following.text[0].isupper() and lower != "by"
    return False


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
