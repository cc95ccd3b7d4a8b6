"""The idea's content words, and those of them that name things and people (``idea_nouns``): the
words a story may think of ("she thought of the lamp, and of the keeper"), never a verb, a time
or a quantity ("the share", "the years")."""

from __future__ import annotations

from lemminflect import getAllLemmas

from shortstory.analysis.words import iter_words
from shortstory.pipeline.idea_lexicon import (
    _CONDITIONS,
    _NOT_THINGS,
    _QUANTIFIERS,
    _TIMES,
    ADVERBIAL_IDIOMS,
)
from shortstory.pipeline.place_table import _DETERMINERS

STOP_WORDS = frozenset(
    """a an the and or but if then so than that this these those there their they them he him his
    she her hers it its i me my we us our you your of in on at by for with from to into onto
    over under about after before when while as is are was were be been being am do does did has
    have had not no nor all any each every some someone something somebody anyone anything
    everyone everything nothing nobody one ones who whom whose which what where why how out up
    down off only just very too also else own same other such can could will would shall should
    may might must again once here more most less least much many few myself yourself himself
    herself itself ourselves yourselves themselves""".split()  # noqa: SIM905
)
_VERB_BEFORE = frozenset({"to", "must", "can", "cannot", "can't", "will", "won't", "would",
                          "could", "should", "shall", "may", "might", "never", "didn't",
                          "don't", "doesn't"})
"""Words a verb's plain form follows ("forced to share", "must run"): the word is no thing."""


def content_words(text: str) -> list[str]:
    """The idea's content words: lower-cased words that are not stop words, in order, once each."""
    seen: dict[str, None] = {}
    for word in iter_words(text):
        lower = word.lower
        if lower not in STOP_WORDS and len(lower) > 2 and not lower.isdigit():
            seen.setdefault(lower, None)
    return list(seen)


def _as_verb(word: str, previous: str) -> bool:
    """Whether ``word``, a noun that may be a verb, is the verb where it stands: its plain form
    after "to" or "must" ("to share", "must run"), after a plural subject ("strangers share"),
    or its -ing form after no article ("starts hearing")."""
    lemmas = getAllLemmas(word)
    verbs = lemmas.get("VERB", ())
    if not verbs:
        return False
    plural_before = previous.endswith("s") and "NOUN" in getAllLemmas(previous) and (
        previous not in STOP_WORDS and not previous.endswith("ss"))
    if word in verbs and (previous in _VERB_BEFORE or plural_before):
        return True
    return word.endswith("ing") and previous not in _DETERMINERS


def idea_nouns(text: str) -> list[str]:
    """Content words of ``text`` that read as nouns where they stand, in order, once each: not
    a verb ("must run", "to share", "starts hearing"), an inflected verb, an adjective, a time
    or a quantity ("thirty years", "at midnight")."""
    words = [w.lower for w in iter_words(text)]
    nouns: dict[str, None] = {}
    for i, word in enumerate(words):
        if word in STOP_WORDS or len(word) <= 2 or word.isdigit() or word in nouns:
            continue
        lemmas = getAllLemmas(word)
        noun = lemmas.get("NOUN", ())
        following = words[i + 1] if i + 1 < len(words) else ""
        previous = words[i - 1] if i else ""
        if not noun or ("ADJ" in lemmas and not _noun_here(word, lemmas, previous, following)) or (
                "VERB" in lemmas and word not in noun):
            continue  # "discovered", "keeps": an inflected verb
        if word in _TIMES | _NOT_THINGS | _CONDITIONS | _QUANTIFIERS or _as_verb(
                word, previous) or (previous, word) in ADVERBIAL_IDIOMS:
            continue
        if _not_a_thing_here(word, lemmas, previous, following):
            continue
        nouns.setdefault(word, None)
    return list(nouns)



def _not_a_thing_here(word: str, lemmas: dict[str, tuple[str, ...]], previous: str,
                      following: str) -> bool:
    """Whether a word with a noun reading is something else where it stands: a verb after its
    subject ("the owner comes home"), a word before a noun phrase ("tucked behind a hand
    dryer"), "a little" ("changes a little every night")."""
    verbs = lemmas.get("VERB", ())
    after_noun = "NOUN" in getAllLemmas(previous) and previous not in STOP_WORDS
    if verbs and word.endswith("s") and word not in verbs and after_noun and (
            following in STOP_WORDS or following in {"home", "back", "away"}):
        return True  # "comes": a noun only as "comes" itself is one
    if "ADV" in lemmas and following in _DETERMINERS | {"a", "an", "the"}:
        return True  # "behind a hand dryer", "inside the box"
    return previous == "a" and "ADV" in lemmas and "ADJ" in lemmas and (
        not following or following in STOP_WORDS or "NOUN" not in getAllLemmas(following))


def _noun_here(word: str, lemmas: dict[str, tuple[str, ...]], previous: str,
               following: str) -> bool:
    """Whether a word that may be an adjective ("patient"; "number", more numb) is the noun
    where it stands: its own noun lemma, after an article or an adjective and ending its phrase
    ("falls for a patient in secret", "the wrong number on purpose"; not "a patient man", "is
    patient with")."""
    if word not in lemmas.get("NOUN", ()):
        return False
    after_article = previous in _DETERMINERS or previous in {"a", "an", "the"} or (
        previous not in STOP_WORDS and previous in getAllLemmas(previous).get("ADJ", ()))
    return after_article and (not following or following in STOP_WORDS)
