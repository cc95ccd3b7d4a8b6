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
  pronouns (``hers``…) become :data:`OWNER`; a name's or a kin word's possessive (``Maren's``,
  ``her father's``) becomes one :data:`PERSON`. So "her heart pounded in her chest", "hearts
  pounding in their chests" and "the apple of her father's eye" meet their catalogue phrases;
- contractions are opened: ``didn't`` → ``do not``, ``she's`` → ``she be``, ``she'd`` →
  ``she will`` (or ``she`` ``had`` before a participle), ``they'll`` → ``they will``;
- the articles ``a``, ``an`` and ``the`` are dropped ("a chill" meets "chills");
- a hyphenated compound is keyed as its parts ("once-in-a-lifetime" meets "once in a lifetime");
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
_PERSON_NOUNS = frozenset(
    {"father", "mother", "dad", "mum", "mom", "brother", "sister", "son", "daughter", "husband",
     "wife", "uncle", "aunt", "grandmother", "grandfather", "friend", "boss", "man", "woman",
     "boy", "girl", "lover", "child", "baby", "neighbour", "neighbor", "teacher"}
)  # fmt: skip
_NOT_CONTRACTIONS = {"can't": ("can", "not"), "won't": ("will", "not"), "shan't": ("shall", "not"),
                     "ain't": ("be", "not")}  # fmt: skip
_SUFFIXES = {"'ll": "will", "'re": "be", "'m": "be", "'ve": "have", "'d": "'d"}
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
    (('do', 'not'), ('<p>',), (), ('run',))
    """
    lowered = normalise_word(word)
    if lowered in ARTICLES:
        return ()
    if lowered in PERSON_WORDS:
        return (PERSON,)
    if "-" in lowered:
        # A hyphenated compound is its parts: "a once-in-a-lifetime chance" meets "once in a
        # lifetime", "ear splitting" meets "ear-splitting".
        parts = [part for part in lowered.split("-") if part]
        if len(parts) > 1:
            return tuple(key for part in parts for key in word_keys(part))
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
        # A named or kin possessor is a person like any other: "her father's eye" meets "his
        # eye". Other possessives stay words ("a stone's throw", "the hero's journey").
        if stem in _PERSON_NOUNS or (word[:1].isupper() and not word.isupper()):
            return (PERSON,)
        return (*word_keys(stem), PERSON)
    return (lemma(lowered),)


def tokens(text: str, words: list[Word] | None = None) -> list[Token]:
    """The token sequence of ``text`` (module docstring), sentence breaks included.

    :param words: the words of ``text`` if the caller already has them (saves a second pass).
    """
    keys, owners = token_keys(text, words)
    return [Token(key, owner) for key, owner in zip(keys, owners, strict=True)]


def token_keys(text: str, words: list[Word] | None = None) -> tuple[list[str], list[int]]:
    """:func:`tokens` as two parallel lists, keys and word indices (the matcher's fast path)."""
    if words is None:
        words = list(iter_words(text))
    keys_out: list[str] = []
    owners: list[int] = []
    breaks = [m.start() for m in _BREAK_RE.finditer(text)]
    next_break = 0
    count = len(words)
    for index, word in enumerate(words):
        # Any break character between the previous word's end and this word's start?
        while next_break < len(breaks) and breaks[next_break] < word.start:
            if index:
                keys_out.append(BREAK)
                owners.append(index)
            while next_break < len(breaks) and breaks[next_break] < word.start:
                next_break += 1
        keys = word_keys(word.text)
        if keys and keys[-1] in _AUXILIARIES and index + 1 < count:
            following = words[index + 1]
            same_sentence = next_break >= len(breaks) or breaks[next_break] >= following.start
            if same_sentence and _is_form(following.text, _AUXILIARIES[keys[-1]]):
                keys = keys[:-1]
        for key in keys:
            if key == "'d":  # reached only when no participle follows: "would", not "had"
                key = "will"
            if key == PERSON and keys_out and keys_out[-1] == PERSON and _owner_word(word.text):
                continue  # "her father's" is one possessor ("told me my…" is two people)
            keys_out.append(_MODALS.get(key, key))
            owners.append(index)
    return keys_out, owners


def surface_keys(text: str, words: list[Word] | None = None) -> tuple[list[str], list[int]]:
    """Like :func:`token_keys` but each word is only normalised (lower case, plain apostrophes):
    no lemmas, no placeholders, articles kept. For phrases that inflection would blur
    ("the chosen one" must not meet "she chose one")."""
    if words is None:
        words = list(iter_words(text))
    keys_out: list[str] = []
    owners: list[int] = []
    for index, word in enumerate(words):
        if index and _BREAK_RE.search(text, words[index - 1].end, word.start):
            keys_out.append(BREAK)
            owners.append(index)
        keys_out.append(normalise_word(word.text))
        owners.append(index)
    return keys_out, owners


def text_keys(
    text: str,
    starts: list[int],
    ends: list[int],
    words: list[str] | None = None,
    surface: list[str] | None = None,
) -> tuple[list[str], list[int], list[str], list[int]]:
    """:func:`token_keys` and :func:`surface_keys` of a text at once, from its words' offsets
    (the matcher's fast path: one walk over the words and the sentence breaks, no word objects).

    :param words: the words as written (``text[start:end]`` of each), if the caller has them.
    :param surface: the words normalised (:func:`normalise_word` of each), if the caller has
        them (a :class:`~shortstory.analysis.word_table.WordTable`'s keys).

    Returns lemma keys with their word indices, then surface keys with theirs.
    """
    breaks = [m.start() for m in _BREAK_RE.finditer(text)]
    break_count = len(breaks)
    count = len(starts)
    # Without the caller's words, each is sliced here, and normalised by slicing the text
    # lower-cased once (much faster than word by word; valid only when lower-casing kept every
    # offset and did not depend on context, as a capital sigma does).
    lowered = normalise_word(text) if surface is None else ""
    sliceable = len(lowered) == len(text) and "Σ" not in text
    lemma_out: list[str] = []
    lemma_owner: list[int] = []
    surface_out: list[str] = []
    surface_owner: list[int] = []
    next_break = 0
    previous_end = 0
    prepared, prepare = _PREPARED, _prepared
    if len(prepared) > _PREPARED_MAX:
        prepared.clear()  # a bound on what odd input can make it hold
    for index in range(count):
        start = starts[index]
        if next_break < break_count and breaks[next_break] < start:
            # A break anywhere since the last word began ends the lemma keys' sentence; the
            # surface keys count only one between the two words (not the dot of "U.S.").
            between = False
            while next_break < break_count and breaks[next_break] < start:
                between = between or breaks[next_break] >= previous_end
                next_break += 1
            if index:
                lemma_out.append(BREAK)
                lemma_owner.append(index)
                if between:
                    surface_out.append(BREAK)
                    surface_owner.append(index)
        end = previous_end = ends[index]
        word = text[start:end] if words is None else words[index]
        if surface is not None:
            surface_out.append(surface[index])
        else:
            surface_out.append(lowered[start:end] if sliceable else normalise_word(word))
        surface_owner.append(index)
        entry = prepared.get(word)
        if entry is None:
            entry = prepared[word] = prepare(word)
        keys, builds, owner_word = entry
        if builds is not None and index + 1 < count:
            following = starts[index + 1]
            same_sentence = next_break >= break_count or breaks[next_break] >= following
            if same_sentence and _is_form(text[following : ends[index + 1]], builds):
                keys = keys[:-1]  # an auxiliary before the form it builds: "was pounding"
        for key in keys:
            if key == PERSON and owner_word and lemma_out and lemma_out[-1] == PERSON:
                continue  # "her father's" is one possessor ("told me my…" is two people)
            lemma_out.append(key)
            lemma_owner.append(index)
    return lemma_out, lemma_owner, surface_out, surface_owner


# An auxiliary followed by the verb form it builds is dropped ("was pounding" meets "pounded",
# "had run" meets "ran", "she'd been" meets "she was"), and so is a copula before "like" ("eyes
# were like pools" meets "eyes like pools"); past modals meet present ones ("would tell" meets
# "will tell").
_AUXILIARIES = {"be": "VBG", "have": "VBN", "'d": "VBN"}
_MODALS = {"would": "will", "could": "can", "might": "may", "should": "shall"}


_Prepared = tuple[tuple[str, ...], str | None, bool]
_PREPARED: dict[str, _Prepared] = {}

_PREPARED_MAX = 100_000


def _prepared(word: str) -> _Prepared:
    """A word's keys as :func:`token_keys` emits them (modals made present, a lone "'d" read as
    "would"), the form an auxiliary last key builds (dropped before it), and whether the word
    is a possessive noun."""
    keys = word_keys(word)
    builds = _AUXILIARIES.get(keys[-1]) if keys else None
    mapped = tuple(_MODALS.get(key, key) for key in keys)
    if mapped and mapped[-1] == "'d":
        mapped = (*mapped[:-1], "will")  # reached only when no participle follows
    return mapped, builds, _owner_word(word)


def _owner_word(word: str) -> bool:
    """Whether a word is a possessive noun ("father's", "Maren's"), not a pronoun."""
    lowered = normalise_word(word)
    return lowered.endswith("'s") and lowered not in PERSON_WORDS


@lru_cache(maxsize=65_536)
def _is_form(word: str, tag: str) -> bool:
    lowered = normalise_word(word)
    if lowered == "like":  # a copula before "like" goes too: "eyes were like pools"
        return tag == "VBG"
    verbs = getAllLemmas(lowered).get("VERB")
    if not verbs:
        return False
    return any(lowered in verb_forms(verb).get(tag, ()) for verb in verbs)


@lru_cache(maxsize=65_536)
def is_manner_adverb(key: str) -> bool:
    """Whether a key is an ``-ly`` adverb and nothing else ("slowly", "suddenly", not "only",
    "early", "lonely" or "belly"): a word a writer slips into a stock phrase without changing
    it ("her heart skipped a beat" / "her heart suddenly skipped a beat")."""
    if len(key) < 5 or not key.endswith("ly") or key in _NOT_MANNER:
        return False
    lemmas = getAllLemmas(key)
    return bool(lemmas.get("ADV")) and not (
        lemmas.get("NOUN") or lemmas.get("VERB") or lemmas.get("ADJ")
    )


_NOT_MANNER = frozenset({"only", "really", "nearly", "barely", "hardly", "merely", "simply"})


def phrase_keys(phrase: str) -> tuple[str, ...]:
    """The token keys of a catalogue phrase, breaks included (for building patterns)."""
    return tuple(token.key for token in tokens(phrase))


@lru_cache(maxsize=16_384)
def verb_forms(verb_lemma: str) -> dict[str, tuple[str, ...]]:
    """Every inflection of a verb by Penn tag; lemminflect leaves out a ``VBN`` equal to the
    ``VBD`` ("dropped") and a ``VBP`` equal to the ``VB``, so they are filled in here."""
    forms = dict(getAllInflections(verb_lemma, upos="VERB"))
    if "VBD" in forms:
        forms.setdefault("VBN", forms["VBD"])
    if "VB" in forms:
        forms.setdefault("VBP", forms["VB"])
    return forms


def _verb_lemma(lowered: str) -> str | None:
    """The first verb (or auxiliary) lemma of a normalised word, ``None`` if it is no verb form."""
    lemmas = getAllLemmas(lowered)
    verbs = lemmas.get("VERB") or lemmas.get("AUX")
    return verbs[0] if verbs else None


@lru_cache(maxsize=16_384)
def verb_tag(word: str) -> str | None:
    """The Penn tag of ``word`` as a verb form (``VBD``, ``VBZ``, ``VBG``, ``VBN``, ``VBP``).

    ``None`` when the word is not a verb form. Ambiguous forms take the first tag in the order
    above (``bit`` is ``VBD``; ``bite`` is ``VBP``).
    """
    lowered = normalise_word(word)
    verb = _verb_lemma(lowered)
    if verb is None:
        return None
    forms = verb_forms(verb)
    for tag in ("VBD", "VBZ", "VBG", "VBN", "VBP"):
        if lowered in forms.get(tag, ()):
            return tag
    return None


def inflect_verb(word: str, tag: str) -> str:
    """``word`` (a verb form) re-inflected to the Penn ``tag``, or ``word`` unchanged if unknown."""
    lowered = normalise_word(word)
    verb = _verb_lemma(lowered)
    if verb is None:
        return word
    forms = verb_forms(verb)
    target = forms.get(tag) or forms.get("VB")
    if not target:
        return word
    result = str(target[0])
    if lowered == "be" or verb == "be":
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
