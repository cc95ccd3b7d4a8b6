"""Token normalisation and lemmatisation, offline, for matching phrases whatever their inflection.

A text becomes a sequence of :class:`Token` keys, one or more per word of
:func:`shortstory.analysis.words.iter_words` (each token remembers its word):

- words are lower-cased and their apostrophes made straight, then lemmatised with lemminflect
  (which ships its tables: no network). Without a part-of-speech tagger a word's key is its
  verb lemma when it has one, else its noun, adjective or adverb lemma, else the word itself.
  The same rule applies to the text and to the phrases looked for, so ``ran``/``runs``/``running``
  all meet ``run`` and ``hearts`` meets ``heart``;
- personal pronouns and possessive determiners (``I``, ``her``, ``their``, ``one's``,
  ``someone``…) become :data:`PERSON`; reflexives (``himself``…) become :data:`SELF`; possessive
  pronouns (``hers``…) become :data:`OWNER`; a name's ``'s`` becomes the name plus
  :data:`PERSON`. So "her heart pounded in her chest" and "hearts pounding in their chests" meet;
- contractions are opened: ``didn't`` → ``do not``, ``she's`` → ``she be``, ``they'll`` → …;
- the articles ``a``, ``an`` and ``the`` are dropped ("a chill" meets "chills");
- a sentence break (``. ! ? ;``, an ellipsis, a quotation mark, a bracket, a blank line) between
  two words becomes the :data:`BREAK` token, so no phrase is matched across sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lemminflect import getAllInflections, getAllLemmas

from shortstory.analysis.words import Word, iter_words, normalise_word

PERSON = "<p>"
"""Key of every personal pronoun and possessive determiner (I, me, my, her, their, one's…)."""
SELF = "<self>"
"""Key of every reflexive pronoun (myself, herself, oneself…)."""
OWNER = "<owner>"
"""Key of every possessive pronoun (mine, hers, theirs…)."""
BREAK = "|"
"""Key standing between two words that a sentence break separates."""

ARTICLES = frozenset({"a", "an", "the"})

PERSON_WORDS = frozenset(
    {
        "i", "me", "my", "you", "your", "he", "him", "his", "she", "her", "we", "us", "our",
        "they", "them", "their", "its", "one's", "someone", "someone's", "somebody",
        "somebody's", "thy", "thee", "thou",
    }
)  # fmt: skip
SELF_WORDS = frozenset(
    {"myself", "yourself", "himself", "herself", "itself", "ourselves", "yourselves",
     "themselves", "oneself", "themself"}
)  # fmt: skip
OWNER_WORDS = frozenset({"mine", "yours", "hers", "ours", "theirs"})

# "'s" after these is "is"/"has", not a possessive.
_S_IS = frozenset(
    {"he", "she", "it", "that", "there", "what", "who", "here", "where", "how", "this", "one"}
)
_NOT_CONTRACTIONS = {"can't": ("can", "not"), "won't": ("will", "not"), "shan't": ("shall", "not"),
                     "ain't": ("be", "not")}  # fmt: skip
_SUFFIXES = {"'ll": "will", "'re": "be", "'m": "be", "'ve": "have", "'d": "would"}
_POS_ORDER = ("VERB", "AUX", "NOUN", "ADJ", "ADV", "PROPN")
_BREAK_RE = re.compile(r"[.!?;…\"“”()\[\]]|\n\s*\n")


@dataclass(frozen=True, slots=True)
class Token:
    """One normalised key of a text and the index of the word it came from."""

    key: str
    word: int


@lru_cache(maxsize=65_536)
def lemma(word: str) -> str:
    """The matching key of one word (already free of contractions), per the module's rule."""
    lowered = normalise_word(word)
    if lowered in PERSON_WORDS:
        return PERSON
    if lowered in SELF_WORDS:
        return SELF
    if lowered in OWNER_WORDS:
        return OWNER
    lemmas = getAllLemmas(lowered)
    for pos in _POS_ORDER:
        if lemmas.get(pos):
            return str(lemmas[pos][0])
    return lowered


@lru_cache(maxsize=65_536)
def word_keys(word: str) -> tuple[str, ...]:
    """The matching keys of one word: usually one, several for a contraction, none for an article.

    >>> word_keys("didn't"), word_keys("Maren's"), word_keys("the"), word_keys("ran")
    (('do', 'not'), ('maren', '<p>'), (), ('run',))
    """
    lowered = normalise_word(word)
    if lowered in ARTICLES:
        return ()
    if lowered in PERSON_WORDS:
        return (PERSON,)
    if lowered in _NOT_CONTRACTIONS:
        return _NOT_CONTRACTIONS[lowered]
    if lowered.endswith("n't") and len(lowered) > 3:
        return (lemma(lowered[:-3]), "not")
    for suffix, expansion in _SUFFIXES.items():
        if lowered.endswith(suffix) and len(lowered) > len(suffix):
            return (lemma(lowered[: -len(suffix)]), expansion)
    if lowered.endswith("'s") and len(lowered) > 2:
        stem = lowered[:-2]
        if stem == "let":
            return ("let", PERSON)
        if stem in _S_IS:
            return (lemma(stem), "be")
        return (*word_keys(stem), PERSON)
    return (lemma(lowered),)


def tokens(text: str, words: list[Word] | None = None) -> list[Token]:
    """The token sequence of ``text`` (module docstring), sentence breaks included.

    :param words: the words of ``text`` if the caller already has them (saves a second pass).
    """
    if words is None:
        words = list(iter_words(text))
    out: list[Token] = []
    previous_end = 0
    for index, word in enumerate(words):
        if index and _BREAK_RE.search(text, previous_end, word.start):
            out.append(Token(BREAK, index))
        previous_end = word.end
        keys = word_keys(word.text)
        if keys and keys[-1] in _AUXILIARIES and index + 1 < len(words):
            following = words[index + 1].text
            if _is_form(following, _AUXILIARIES[keys[-1]]) and not _BREAK_RE.search(
                text, word.end, words[index + 1].start
            ):
                keys = keys[:-1]
        out.extend(Token(_MODALS.get(key, key), index) for key in keys)
    return out


# An auxiliary followed by the verb form it builds is dropped ("was pounding" meets "pounded",
# "had run" meets "ran"); past modals meet present ones ("would tell" meets "will tell").
_AUXILIARIES = {"be": "VBG", "have": "VBN"}
_MODALS = {"would": "will", "could": "can", "might": "may", "should": "shall"}


@lru_cache(maxsize=65_536)
def _is_form(word: str, tag: str) -> bool:
    lowered = normalise_word(word)
    verbs = getAllLemmas(lowered).get("VERB")
    if not verbs:
        return False
    return any(lowered in getAllInflections(verb, upos="VERB").get(tag, ()) for verb in verbs)


def phrase_keys(phrase: str) -> tuple[str, ...]:
    """The token keys of a catalogue phrase, breaks included (for building patterns)."""
    return tuple(token.key for token in tokens(phrase))


@lru_cache(maxsize=16_384)
def verb_tag(word: str) -> str | None:
    """The Penn tag of ``word`` as a verb form (``VBD``, ``VBZ``, ``VBG``, ``VBN``, ``VBP``).

    ``None`` when the word is not a verb form. Ambiguous forms take the first tag in the order
    above (``bit`` is ``VBD``; ``bite`` is ``VBP``).
    """
    lowered = normalise_word(word)
    lemmas = getAllLemmas(lowered)
    verbs = lemmas.get("VERB") or lemmas.get("AUX")
    if not verbs:
        return None
    forms = getAllInflections(verbs[0], upos="VERB")
    for tag in ("VBD", "VBZ", "VBG", "VBN", "VBP"):
        if lowered in forms.get(tag, ()):
            return tag
    return None


def inflect_verb(word: str, tag: str) -> str:
    """``word`` (a verb form) re-inflected to the Penn ``tag``, or ``word`` unchanged if unknown."""
    lowered = normalise_word(word)
    lemmas = getAllLemmas(lowered)
    verbs = lemmas.get("VERB") or lemmas.get("AUX")
    if not verbs:
        return word
    forms = getAllInflections(verbs[0], upos="VERB")
    target = forms.get(tag) or forms.get("VB")
    if not target:
        return word
    result = str(target[0])
    if lowered == "be" or verbs[0] == "be":
        result = _BE_FORMS.get(tag, result)
    return result


_BE_FORMS = {"VBD": "was", "VBZ": "is", "VBP": "are", "VBG": "being", "VBN": "been"}


def plural_noun(word: str) -> str:
    """The plural of a noun, by lemminflect (``word`` itself when it has none)."""
    forms = getAllInflections(normalise_word(word), upos="NOUN")
    plural = forms.get("NNS")
    return str(plural[0]) if plural else word


def is_plural_noun(word: str) -> bool:
    """Whether ``word`` is a plural noun form that differs from its singular."""
    lowered = normalise_word(word)
    nouns = getAllLemmas(lowered).get("NOUN")
    return bool(nouns) and nouns[0] != lowered and lowered.endswith("s")
