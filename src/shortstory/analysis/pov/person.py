"""Point-of-view slips: narration that speaks of the protagonist in the wrong person.

- **first person** (the narrator is "I"): a ``she``/``he`` subject that has nobody else to refer
  to, and the narrator's own name in narration wherever it stands: a subject (``Maren walked
  in``, ``Tom knew that Maren was late``: expected ``I``), an object (``Tom handed Maren the
  keys``: ``me``) or a possessive (``Maren's coat``: ``my``), unless the name is given or
  heard (``They called me Maren``, ``My name was Maren``, a heading);
- **second person** (the protagonist is "you"): the same two slips, and a narrating ``I``/``me``/
  ``my``;
- **close third**: a narrating ``I``/``me``/``my`` or ``we``/``us``/``our``, and ``you`` as the
  subject of a finite verb (the reader addressed, or the protagonist slipping into second
  person). Generic ``you`` after a modal (``you could see the sea``) is left alone.

*Who else is there* is tracked sentence by sentence: a name (a listed character other than the
protagonist, a word the text capitalises mid-sentence, a capitalised opener that is no English
word), a gendered noun (``woman``, ``father``, ``ferryman``), a person noun (``stranger``,
``receptionist``) or a listed character's description (``the ferryman``), in narration or
speech, makes ``she`` and/or ``he`` available for the next :data:`REFERENT_WINDOW` sentences. A
name's gender is taken from the text when it is unanimous (:func:`name_genders`). Every
``she``/``her``/``his`` that passes refreshes its referent, unless its sentence held a slip.
A ``she said`` tag right after a quotation names the speaker and always passes.

In close third, sentences that tag unquoted thought (``I can't, she thought``), questions and
exclamations (free direct thought) are exempt from the first-person check, and so is the
narrator's ``we`` maxim in past narration (``we cling to our last pleasures``). ``mine`` after a
determiner (``the mine``, ``a coal mine``, ``the old mine``) is the noun, never the pronoun.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Set

from shortstory.analysis.pov.clauses import (
    Sentence,
    Token,
    positions_of,
    reports_thought,
    text_keys_where,
)
from shortstory.analysis.pov.lexicon import (
    ANY_GENDER_NOUNS,
    DETERMINERS,
    FEMALE_NOUNS,
    FIRST_PERSON,
    FIRST_PERSON_PLURAL,
    FUNCTION_WORDS,
    MALE_NOUNS,
    NOT_NAMES,
    SUBORDINATORS,
    compound_person,
    is_known_word,
    verb_form,
)
from shortstory.analysis.pov.own_name import own_name
from shortstory.analysis.pov.predicates import predicate_follows, tags_speech

REFERENT_WINDOW = 10
"""Sentences a mentioned person stays available to ``she``/``he`` without being mentioned."""

_GENDER_OF_PRONOUN = {
    "she": "she", "her": "she", "hers": "she", "herself": "she",
    "he": "he", "him": "he", "his": "he", "himself": "he",
}  # fmt: skip
_NOUNS = FEMALE_NOUNS | MALE_NOUNS | ANY_GENDER_NOUNS
_ANY_TEXT_WORDS = _NOUNS | frozenset(_GENDER_OF_PRONOUN)
"""What :meth:`ReferentTracker.words` holds for every text (made once, not per text)."""
_PRONOUNS_NOT_NOUNS = tuple(word for word in _GENDER_OF_PRONOUN if word not in _NOUNS)


def text_names(sentences: Iterable[Sentence], protagonist: frozenset[str]) -> frozenset[str]:
    """Lower-cased words that are probably names of other people: what the text capitalises
    mid-sentence, and capitalised sentence openers that are no English word (``Dee``)."""
    found: set[str] = set()
    for sentence in sentences:
        tokens = sentence.tokens
        for position in sentence.capitals:
            token = tokens[position]
            if len(token.text) < 2:
                continue
            if token.sentence_initial and is_known_word(token.lower):
                continue  # "Then", "Dust": an ordinary word opening its sentence
            if token.lower in NOT_NAMES or token.lower in FUNCTION_WORDS:
                continue
            if token.lower in protagonist:
                continue
            if "'" in token.lower or (token.text.isupper() and len(token.text) > 1):
                continue  # a possessive, or capitals for emphasis and signs (DO NOT OPEN)
            found.add(token.lower)
    return frozenset(found)


def name_genders(sentences: list[Sentence], names: frozenset[str]) -> dict[str, str]:
    """The gender the text itself gives a name, when it is unanimous.

    Each mention of a name votes for the first gendered pronoun after it in the same or the
    next sentence (``Dee was on the couch with her laptop``). A name gets a gender only with two
    votes or more and none against; otherwise it may be either.
    """
    votes: dict[str, dict[str, int]] = {}
    for index, sentence in enumerate(sentences):
        following: tuple[Token, ...] | None = None  # made only for a sentence naming someone
        for position in sentence.capitals:
            token = sentence.tokens[position]
            if token.lower not in names:
                continue
            if following is None:
                following = sentence.tokens + (
                    sentences[index + 1].tokens if index + 1 < len(sentences) else ()
                )
            for later in following[position + 1 :]:
                gender = _GENDER_OF_PRONOUN.get(later.lower)
                if gender is not None:
                    tally = votes.setdefault(token.lower, {"she": 0, "he": 0})
                    tally[gender] += 1
                    break
    genders: dict[str, str] = {}
    for name, tally in votes.items():
        for gender, other in (("she", "he"), ("he", "she")):
            if tally[gender] >= 2 and tally[other] == 0:
                genders[name] = gender
    return genders


class ReferentTracker:
    """Whether ``she``/``he`` could refer to someone other than the protagonist, by sentence."""

    def __init__(
        self, names: frozenset[str], genders: dict[str, str], descriptors: frozenset[str]
    ) -> None:
        self._names = names
        self._descriptors = descriptors
        self._genders = genders
        self._last_seen = {"she": -REFERENT_WINDOW - 1, "he": -REFERENT_WINDOW - 1}
        self._pending: set[str] = set()

    def available(self, gender: str, index: int) -> bool:
        """Whether a ``gender`` pronoun in sentence ``index`` has someone to refer to."""
        return index - self._last_seen[gender] <= REFERENT_WINDOW

    def mention(self, token: Token, index: int) -> None:
        """Note any person ``token`` introduces or keeps in view."""
        lower = token.lower.removesuffix("'s")
        genders: tuple[str, ...] = ()
        compound = compound_person(lower) if lower.endswith(("man", "men")) else None
        if lower in FEMALE_NOUNS or compound == "she":
            genders = ("she",)
        elif lower in MALE_NOUNS or compound == "he":
            genders = ("he",)
        elif token.text[0].isupper() and lower in self._genders:
            genders = (self._genders[lower],)
        elif (
            lower in ANY_GENDER_NOUNS
            or lower in self._descriptors
            or (token.text[0].isupper() and lower in self._names)
        ):
            genders = ("she", "he")
        elif token.speech and lower in _GENDER_OF_PRONOUN:
            genders = (_GENDER_OF_PRONOUN[lower],)
        for gender in genders:
            self._last_seen[gender] = index

    def words(self) -> frozenset[str]:
        """Every lower-cased word :meth:`mention` may react to (a fast pre-filter)."""
        return _ANY_TEXT_WORDS | self._names | frozenset(self._genders) | self._descriptors

    def speech_only_words(self) -> frozenset[str]:
        """The pronouns :meth:`mention` reacts to only in speech (in narration "she" or "his"
        mentions nobody), unless a name, a noun or a description is spelt the same."""
        return frozenset(
            word for word in _PRONOUNS_NOT_NOUNS
            if word not in self._names and word not in self._genders
            and word not in self._descriptors
        )

    def refresh(self, gender: str, index: int) -> None:
        """A pronoun that passed keeps its referent in view, once its sentence is judged."""
        self._pending.add(gender)

    def end_sentence(self, index: int, clean: bool) -> None:
        """Apply the sentence's pronoun refreshes, unless it held a slip: in "Maren counted
        her steps" the "her" is the narrator's own and keeps nobody else in view."""
        if clean:
            for gender in self._pending:
                self._last_seen[gender] = index
        self._pending.clear()


def person_issues(
    sentences: list[Sentence],
    pov: str,
    tense: str,
    protagonist: frozenset[str],
    names: frozenset[str],
    descriptors: frozenset[str] = frozenset(),
    keys: Set[str] | None = None,
) -> Iterator[tuple[Token, str]]:
    """Yield ``(token, message)`` for every point-of-view slip in the narration.

    ``descriptors`` are lower-case words describing other characters (``ferryman`` from "the
    ferryman"): any mention of them brings a person into view, as a name does. ``keys`` are the
    sentences' distinct keys (:func:`~.clauses.text_keys`), when the caller has them.
    """
    tracker = ReferentTracker(names, name_genders(sentences, names), descriptors)
    mentions = tracker.words()
    if pov == "close_third":
        candidates = FIRST_PERSON | FIRST_PERSON_PLURAL | {"you"}
    else:
        possessives = frozenset(f"{word}'s" for word in protagonist)
        candidates = protagonist | possessives | {"she", "he", "her", "him", "his", "herself",
                                                  "himself"}  # fmt: skip
        if pov == "second":
            candidates = candidates | FIRST_PERSON
    # Only the words a rule reads (a candidate slip, a person mentioned) are visited.
    wanted = candidates | mentions | text_keys_where(sentences, str.endswith, _PERSON_ENDINGS, keys)
    narrated_pronouns = tracker.speech_only_words()
    for index, sentence in enumerate(sentences):
        thought: bool | None = None  # worked out only for a sentence that needs it
        clean = True
        tokens = sentence.tokens
        for position in positions_of(sentence, wanted):
            token = tokens[position]
            lower = token.lower
            if (
                lower in candidates
                and not token.speech
                and not _roman_one(sentence, position)
                and not (lower == "mine" and _noun_mine(sentence, position))
            ):
                if thought is None:
                    thought = reports_thought(sentence)
                if pov == "close_third":
                    message = _close_third(sentence, position, thought, tense)
                else:
                    message = _protagonist_in_third(
                        sentence, position, pov, protagonist, tracker, index
                    )
                    if message is None and pov == "second":
                        message = _narrating_i(token, "second-person", thought or sentence.question)
                if message:
                    clean = False
                    yield token, message
            if lower in narrated_pronouns and not token.speech:
                continue  # mentions nobody (a cheap test: these are a text's commonest words)
            if lower in mentions or (lower[-1] in "sn" and lower.endswith(("'s", "man", "men"))):
                tracker.mention(token, index)
        tracker.end_sentence(index, clean)


_PERSON_ENDINGS = ("'s", "man", "men")
"""A possessive, or a word ending in man/men (ferryman): :meth:`ReferentTracker.mention`
decides (every distinct word of a text is tested)."""


def _gnomic_we(sentence: Sentence) -> bool:
    """``we cling to our last pleasures``: the narrator's present-tense maxim in past narration."""
    tokens = sentence.tokens
    for position, token in enumerate(tokens[:-1]):
        if token.lower == "we" and not token.speech:
            following = tokens[position + 1].lower
            form = verb_form(following)
            if following in ("are", "have", "do", "can", "must") or (
                form is not None and form[0] == "present"
            ):
                return True
    return False


def _close_third(sentence: Sentence, position: int, thought: bool, tense: str) -> str | None:
    token = sentence.tokens[position]
    if thought or sentence.question or sentence.exclamation:
        return None
    message = _narrating_i(token, "close-third", False)
    if message:
        return message
    if token.lower in FIRST_PERSON_PLURAL and not (tense == "past" and _gnomic_we(sentence)):
        return f"close-third narration uses '{token.text}'; expected the character's name or they"
    if (
        token.lower == "you"
        and token.opens_clause
        and not _after_subordinator(sentence, position)
        and predicate_follows(sentence, position, True)
    ):
        return "close-third narration addresses 'you'; expected she/he/they or the name"
    return None


def _after_subordinator(sentence: Sentence, position: int) -> bool:
    """``when you opened your mouth``, ``if you looked``: the generic you of a subordinate."""
    return position > 0 and sentence.tokens[position - 1].lower in _GENERIC_SUBORDINATORS


_GENERIC_SUBORDINATORS = SUBORDINATORS | {"if", "unless", "before", "after"}


def _roman_one(sentence: Sentence, position: int) -> bool:
    """``I`` as a numeral: a heading on its own, or after a name (Part I, Henry I)."""
    tokens = sentence.tokens
    if tokens[position].text != "I":
        return False
    if len(tokens) == 1:
        return True
    if position == 0:
        return False
    previous = tokens[position - 1]
    return previous.lower in _NUMBERED or (
        previous.text[0].isupper() and not previous.sentence_initial
    )


_NUMBERED = frozenset({"part", "chapter", "book", "act", "volume", "war", "section", "scene"})


def _noun_mine(sentence: Sentence, position: int) -> bool:
    """``the mine``, ``a coal mine``, ``the old mine``: a determiner or a possessive before it,
    with at most two modifiers between (the pronoun takes none: ``It was mine``, ``of mine``)."""
    tokens = sentence.tokens
    for back in range(position - 1, max(-1, position - 4), -1):
        previous = tokens[back]
        if previous.lower in DETERMINERS or previous.lower.endswith("'s"):
            return True
        if previous.lower in FUNCTION_WORDS or previous.speech or previous.text[0].isupper():
            return False
        if back < position - 1 and tokens[back + 1].follows_mark:
            return False
    return False


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
    if token.text[0].isupper() and token.lower.removesuffix("'s") in protagonist:
        return own_name(sentence, position, pov, protagonist)
    if not token.opens_clause or not predicate_follows(sentence, position):
        gender = _GENDER_OF_PRONOUN.get(token.lower)
        if gender is not None and tracker.available(gender, index):
            tracker.refresh(gender, index)  # "her", "his": the person is still in view
        return None
    if token.lower not in ("she", "he"):
        return None
    if tags_speech(sentence, position) or tracker.available(token.lower, index):
        tracker.refresh(token.lower, index)
        return None
    return (
        f"{pov}-person narration: '{token.text}' has no other character to refer to; "
        f"expected '{expected}'"
    )
