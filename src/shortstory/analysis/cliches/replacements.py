"""Fit a cliché's replacement suggestion into the place of the matched words.

Suggestions are written in the same shape as their entry's base form (usually past tense, third
person: "her heart pounded in her chest" → "her pulse knocked at her collarbone"). To replace a
match in place, the suggestion is adjusted to the matched words:

- **tense and form**: the base form's main verb is found in the match by its lemma; if the match
  inflects it differently (``pounds``, ``pounding``), every suggestion verb in the base form's
  inflection is re-inflected to match (``knocks``, ``knocking``);
- **number**: if the base form's first noun is plural in the match, the suggestion's first noun is
  made plural;
- **person**: pronouns take the person of the match (or of the pronoun just before it), each in
  its own role ("her collarbone" → "my collarbone", "herself" → "myself"), by
  :mod:`.pronouns`;
- **leading words**: a pronoun or article the match left outside its span is dropped from the
  suggestion, so "my blood ran cold" does not become "my my …";
- **capitals**: the first letter follows the match's first letter.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from lemminflect import getAllLemmas

from shortstory.analysis.cliches.pronouns import PREPOSITIONS, reperson, same_case
from shortstory.analysis.lemmas import (
    ARTICLES,
    OWNER_WORDS,
    PERSON_WORDS,
    SELF_WORDS,
    inflect_verb,
    is_plural_noun,
    lemma,
    plural_noun,
    verb_forms,
    verb_tag,
)
from shortstory.analysis.words import Word, iter_words, normalise_word

_VERB_TAG_ORDER = ("VBD", "VBZ", "VBG", "VBN", "VBP")
_PRONOUNS = PERSON_WORDS | SELF_WORDS | OWNER_WORDS


def inflected_replacement(
    text: str, start: int, end: int, phrase: str, suggestions: Sequence[str]
) -> str:
    """The best of ``suggestions`` fitted in place of ``text[start:end]``, a match of ``phrase``.

    The best is the first, unless the phrase starts with a pronoun that the match does not hold
    ("Maren's [heart sank]"): then the first suggestion that also starts with a pronoun, which
    can be dropped to fit.
    """
    matched = list(iter_words(text[start:end]))
    base = list(iter_words(phrase))
    suggestion = _best(suggestions, base, matched)
    out = [w.text for w in iter_words(suggestion.rstrip(" .!?"))]
    if not matched or not out:
        return suggestion
    before = _word_before(text, start)
    out = _drop_leading(out, base, matched, before)
    out = reperson(out, base, matched, before)
    out = _renumber(out, base, matched)
    out = _retense(out, base, matched, before)
    out = _copula(out, base, matched)
    result = _rejoin(suggestion, out)
    if _starts_sentence(text, start) or (text[start].isupper() and matched[0].text != "I"):
        return result[:1].upper() + result[1:]
    return result


def _starts_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t")
    if before[-1:] in ("”", "’") or (before[-1:] in "\"'" and before[-2:-1].strip()):
        return False  # after a closing quotation mark: a dialogue tag ('"Yes!" she said')
    before = before.rstrip("\"'“‘(")
    return not before or before[-1] in ".!?…\n"


def _best(suggestions: Sequence[str], base: list[Word], matched: list[Word]) -> str:
    def starts_with_pronoun(words: list[Word]) -> bool:
        return bool(words) and normalise_word(words[0].text) in _PRONOUNS

    if starts_with_pronoun(base) and not starts_with_pronoun(matched):
        for suggestion in suggestions:
            if starts_with_pronoun(list(iter_words(suggestion))):
                return suggestion
    return suggestions[0]


def _word_before(text: str, start: int) -> str | None:
    """The word right before ``start`` in the same sentence, if any."""
    previous = None
    window = text[max(0, start - 40) : start]
    for word in iter_words(window):
        previous = word
    if previous is None or any(c in ".!?;…\n" for c in window[previous.end :]):
        return None
    return previous.text


def _drop_leading(
    out: list[str], base: list[Word], matched: list[Word], before: str | None
) -> list[str]:
    def is_pronoun(word: str) -> bool:
        return normalise_word(word) in _PRONOUNS

    pronoun_left_out = base and is_pronoun(base[0].text) and not is_pronoun(matched[0].text)
    if len(out) > 1 and is_pronoun(out[0]) and pronoun_left_out:
        out = out[1:]
    # After a determiner in the text ("the", "her", "Maren's") a suggestion's own article goes:
    # "her wicked stepmother" becomes "her stepmother who…", not "her a stepmother who…".
    lowered_before = normalise_word(before) if before is not None else ""
    determiner_before = lowered_before in ARTICLES | _POSSESSIVES or lowered_before.endswith("'s")
    if len(out) > 1 and normalise_word(out[0]) in ARTICLES and determiner_before:
        out = out[1:]
    return out


_POSSESSIVES = frozenset({"my", "your", "his", "her", "its", "our", "their", "this", "that"})


def _main_verb(words: list[str]) -> tuple[int, str] | None:
    """Index and tag of the first verb form, by tag preference (past before present)."""
    tagged = [
        (i, verb_tag(w)) for i, w in enumerate(words) if normalise_word(w) not in _PRONOUNS
    ]
    for wanted in _VERB_TAG_ORDER:
        for index, tag in tagged:
            if tag == wanted:
                return index, tag
    return None


def _retense(
    out: list[str], base: list[Word], matched: list[Word], before: str | None
) -> list[str]:
    base_words = [w.text for w in base]
    found = _main_verb(base_words)
    if found is None:
        return out
    index, base_tag = found
    if index == 0 and normalise_word(inflect_verb(base_words[0], "VBP")) == base[0].lower:
        base_tag = "VBP"  # a phrase that opens on a bare verb is an infinitive: "bite the bullet"
    keys = _verb_lemmas(base_words[index])
    matched_words = [before or "", *(w.text for w in matched)]
    tags = [
        (_tag_in_context(word, matched_words[i]), bool(keys & _verb_lemmas(word)))
        for i, word in enumerate(matched_words[1:])
    ]
    # The base verb's own lemma in the match, else (a variant with another verb: "grinning
    # from ear to ear" for "smiled from ear to ear") the first clear verb form of the match.
    where = next((j for j, (tag, same) in enumerate(tags) if same and tag), None)
    if where is None:
        where = next((j for j, (tag, _) in enumerate(tags) if tag in ("VBD", "VBZ", "VBG")), None)
    text_tag = tags[where][0] if where is not None else None
    if text_tag is None or (text_tag == base_tag and not _aux(matched, where)):
        return out
    # Auxiliaries inside the match ("was pounding", "had run") that the phrase lacks are kept.
    auxiliaries = _aux(matched, where) if not _aux(base, index) else ""
    result = list(out)
    plural: bool | None = None  # the number of the suggestion's current subject
    seen_verb = inflected = False
    for i, word in enumerate(out):
        lowered = normalise_word(word)
        previous = normalise_word(out[i - 1]) if i else ""
        # A finite verb follows a subject or a conjunction, not another verb or an auxiliary:
        # "her pulse knocked", "and kept it", but not "said, pleased with herself", "had had".
        if seen_verb:  # a second verb only after a conjunction or a subject: "and kept it"
            finite = previous in _LINKS or previous in _SUBJECTS - {"it", "you"}
        else:
            finite = not i or previous in _SUBJECT_OR_LINK or previous in _PRONOUNS or (
                _nounish(previous) and previous not in PREPOSITIONS
            )
        if lowered in _CLAUSE_STARTS:
            seen_verb = False  # a new clause has its own subject: "until her face ached"
        if not _can_be(lowered, base_tag) or lowered in _PRONOUNS or not finite:
            # Maybe a subject, whose number the next verb agrees with; after the first verb
            # only a subject pronoun counts (nouns there are objects: "caught the light").
            if previous not in _PERFECT_OR_PASSIVE and (not seen_verb or lowered in _SUBJECTS):
                plural = _number(lowered, plural)
            continue
        tag = text_tag
        if inflected and tag in ("VBG", "VBN"):
            continue  # a later clause keeps its own form: "was smiling so hard her eyes shut"
        seen_verb = inflected = True
        if tag in ("VBZ", "VBP") and plural is not None:
            tag = "VBP" if plural else "VBZ"
        new = inflect_verb(word, tag) if tag != base_tag else word
        if lemma(word) == "be":
            new = _be_form(tag, plural, out[i - 1] if i else "")
        if auxiliaries:
            new, auxiliaries = f"{auxiliaries} {new}", ""
        result[i] = same_case(word, new)
    return result


def _aux(words: list[Word], index: int | None) -> str:
    """The auxiliaries right before ``words[index]`` ("was", "had not"), as one string."""
    if index is None:
        return ""
    first = index
    while first > 0 and normalise_word(words[first - 1].text) in _PERFECT_OR_PASSIVE | {"not"}:
        first -= 1
    return " ".join(w.text for w in words[first:index])


def _copula(out: list[str], base: list[Word], matched: list[Word]) -> list[str]:
    """Keep a copula of the match before "like" ("eyes were like pools") that the phrase lacks."""
    lowered = [w.lower for w in matched]
    at = lowered.index("like") if "like" in lowered else 0
    if not at or lowered[at - 1] not in _PERFECT_OR_PASSIVE or "like" not in out:
        return out
    phrase = [w.lower for w in base]
    if any(phrase[i - 1] in _PERFECT_OR_PASSIVE for i, w in enumerate(phrase) if w == "like" and i):
        return out  # the phrase has its own copula, and so has the suggestion
    i = out.index("like")
    return [*out[:i], f"{matched[at - 1].text} like", *out[i + 1 :]]


def _can_be(lowered: str, tag: str) -> bool:
    """Whether ``lowered`` is a verb form with ``tag`` ("put" can be ``VBD`` and ``VBP``)."""
    return any(lowered in verb_forms(verb).get(tag, ()) for verb in _verb_lemmas(lowered))


def _tag_in_context(word: str, previous: str) -> str | None:
    """The verb tag of ``word``, telling a participle from a present by the word before it."""
    tag = verb_tag(word)
    if tag == "VBD" and normalise_word(previous) in _BARE_BEFORE and _can_be(word.lower(), "VBP"):
        return "VBP"  # "let's cut", "to hit", "did put"
    if tag == "VBN" and normalise_word(previous) not in _PERFECT_OR_PASSIVE:
        forms_vbp = inflect_verb(word, "VBP")
        if normalise_word(forms_vbp) == normalise_word(word):
            return "VBP"
    return tag


_BARE_BEFORE = frozenset(
    {"to", "will", "would", "can", "could", "shall", "should", "may", "might", "must", "let's",
     "lets", "do", "does", "did", "don't", "doesn't", "didn't", "won't", "can't", "couldn't",
     "wouldn't", "shouldn't", "'ll", "i'll", "we'll", "you'll", "they'll"}
)  # fmt: skip
_PERFECT_OR_PASSIVE = frozenset(
    {"have", "has", "had", "'ve", "'d", "be", "is", "was", "were", "been", "being", "are", "am"}
)


_SUBJECTS = frozenset({"i", "you", "he", "she", "it", "we", "they"})
_LINKS = frozenset({"and", "or", "but", "then"})


@lru_cache(maxsize=4096)
def _verb_lemmas(word: str) -> frozenset[str]:
    lemmas = getAllLemmas(normalise_word(word))
    return frozenset(lemmas.get("VERB", ()) + lemmas.get("AUX", ()))


@lru_cache(maxsize=4096)
def _nounish(lowered: str) -> bool:
    """Whether a word can be a noun and is not a past or -ing verb form ("pulse", "eyes")."""
    if lowered in {"nothing", "anything"}:  # "nothing left to lose": never a finite subject here
        return False
    return "NOUN" in getAllLemmas(lowered) and verb_tag(lowered) not in ("VBD", "VBG", "VBN")


_CLAUSE_STARTS = frozenset(
    {"and", "but", "or", "until", "when", "while", "though", "although", "because", "before",
     "after", "if", "as", "so"}
)  # fmt: skip


_SUBJECT_OR_LINK = frozenset(
    {"i", "you", "he", "she", "it", "we", "they", "and", "or", "but", "then", "who", "that",
     "which", "nobody", "everyone", "someone", "something"}
)  # fmt: skip


def _number(lowered: str, current: bool | None) -> bool | None:
    """Whether the subject so far takes a plural verb, updated with one more non-verb word."""
    if lowered in {"he", "she", "it"}:
        return False
    if lowered in {"i", "we", "they", "you"}:  # "I" takes the plural form: "I run", "I am"
        return True
    if lowered in _PRONOUNS or lowered in ARTICLES or lowered in PREPOSITIONS:
        return current
    if lowered.isalpha():
        return is_plural_noun(lowered)
    return current


def _be_form(tag: str, plural: bool | None, previous: str) -> str:
    if normalise_word(previous) == "i" and tag in ("VBP", "VBZ", "VBD"):
        return "was" if tag == "VBD" else "am"
    if tag == "VBD":
        return "were" if plural else "was"
    if tag in ("VBZ", "VBP"):
        return "are" if plural else "is"
    return inflect_verb("be", tag)


def _renumber(out: list[str], base: list[Word], matched: list[Word]) -> list[str]:
    noun = next(
        (w.text for w in base if normalise_word(w.text) not in _PRONOUNS | ARTICLES
         and _nounish(normalise_word(w.text))),
        None,
    )  # fmt: skip
    # Only people's things follow the match's number ("hearts … in their chests"); a mass noun
    # of the suggestion would not survive it ("chills" must not make "colds").
    people = {w.lower for w in matched} & {"their", "our", "they", "we", "them", "us"}
    if noun is None or is_plural_noun(noun) or not people:
        return out
    key = lemma(noun)
    in_text = next((w.text for w in matched if lemma(w.text) == key), None)
    if in_text is None or not is_plural_noun(in_text):
        return out
    for i, word in enumerate(out):
        lowered = normalise_word(word)
        if lowered in _PRONOUNS | ARTICLES or lowered in PREPOSITIONS:
            continue
        if verb_tag(word) in ("VBD", "VBZ", "VBG"):
            break
        out = [*out[:i], same_case(word, plural_noun(word)), *out[i + 1 :]]
        if i > 0 and normalise_word(out[i - 1]) in {"a", "an"}:
            out = [*out[: i - 1], *out[i:]]
        break
    return out


def _rejoin(suggestion: str, out: list[str]) -> str:
    """Put the adjusted words back, keeping the suggestion's own punctuation where it aligns."""
    original = list(iter_words(suggestion.rstrip(" .!?")))
    if 0 < len(out) <= len(original):
        # Words are only ever dropped from the front, so align the tails.
        original = original[len(original) - len(out) :]
        pieces, cursor = [], original[0].start
        for word, new in zip(original, out, strict=True):
            pieces.append(suggestion[cursor : word.start])
            pieces.append(new)
            cursor = word.end
        return "".join(pieces).strip() + suggestion.rstrip(" .!?")[cursor:]
    return " ".join(out)
