"""Who the speakers may be: characters given by the caller, names and roles found in the text,
and the pronoun each goes by.

A :class:`SpeakerNames` resolves the words beside a said-tag to a speaker ("Holt" → "Maren
Holt", "said the boss" → "the boss"), learns names it has not been told, and finds where each
is mentioned. Pronouns come from the caller's characters, else from titles and roles (Mr.,
Miss, the girl), else from the text (:func:`infer_pronouns`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from shortstory.analysis.vocabulary import FUNCTION_WORDS
from shortstory.analysis.words import iter_words, normalise_word

NARRATOR = "narrator"
"""The speaker of ``I said`` / ``we said``: a first-person narrator has no name in the text."""
ROLE_DETERMINERS = frozenset({"the", "my", "his", "her", "their", "our", "your"})
"""Words before a role noun that make it a speaker: "said the boss", "my aunt said"."""


@dataclass(frozen=True, slots=True)
class CharacterRef:
    """A character as the analysers need it: a name and, if known, a subject pronoun."""

    name: str
    pronoun: str | None = None


def character_refs(characters: Iterable[object] | None) -> list[CharacterRef]:
    """Normalise ``characters``: names, mappings or objects with ``.name`` (and ``.pronouns``).

    ``"she/her"`` style pronouns give the subject pronoun ``"she"``.
    """
    refs: list[CharacterRef] = []
    for item in characters or ():
        if isinstance(item, CharacterRef):
            refs.append(item)
            continue
        name: object
        pronouns: object
        if isinstance(item, str):
            name, pronouns = item, None
        elif isinstance(item, Mapping):
            name, pronouns = item.get("name"), item.get("pronouns")
        else:
            name, pronouns = getattr(item, "name", None), getattr(item, "pronouns", None)
        if not isinstance(name, str) or not name.strip():
            continue
        pronoun = pronouns.split("/")[0].strip().lower() if isinstance(pronouns, str) else None
        refs.append(CharacterRef(name.strip(), pronoun or None))
    return refs


class SpeakerNames:
    """Resolves capitalised words to speaker names, learning names from said-tags."""

    def __init__(self, refs: Sequence[CharacterRef]) -> None:
        self._pattern: re.Pattern[str] | None = None
        self._pattern_size = 0
        self.pronoun_of = {ref.name: ref.pronoun for ref in refs}
        self.by_word: dict[str, str] = {}
        for ref in refs:
            for word in iter_words(ref.name):
                self.by_word.setdefault(word.lower, ref.name)
            self.by_word[normalise_word(ref.name)] = ref.name

    def resolve(self, parts: Sequence[str], learn: bool) -> str | None:
        """The speaker named by capitalised words (``["Maren", "Holt"]``), or None."""
        if not parts:
            return None
        whole = normalise_word(" ".join(parts))
        if whole in self.by_word:
            return self.by_word[whole]
        for part in reversed(parts):
            if normalise_word(part) in self.by_word:
                return self.by_word[normalise_word(part)]
        if not learn:
            return None
        name = " ".join(parts)
        if parts[0].lower() in ROLE_DETERMINERS:
            name = f"{parts[0].lower()} {parts[1].lower()}"
            whole = normalise_word(name)
            if whole in self.by_word:
                return self.by_word[whole]
            self.by_word[whole] = name
            self.pronoun_of.setdefault(name, None)
            return name
        self.by_word[whole] = name
        # "Miss Brill" is later mentioned as "Miss Brill" or "Brill": learn the last word too.
        self.by_word.setdefault(normalise_word(parts[-1]), name)
        self.pronoun_of.setdefault(name, None)
        return name

    def mentions(self, text: str, offset: int) -> list[tuple[int, str]]:
        """Known names mentioned in ``text`` (capitalised), with absolute offsets."""
        if not self.by_word:
            return []
        if self._pattern is None or self._pattern_size != len(self.by_word):
            # Matched against the lower-cased text: much faster than re.IGNORECASE.
            self._pattern = mention_pattern(sorted(self.by_word, key=len, reverse=True))
            self._pattern_size = len(self.by_word)
        lowered = normalise_word(text)
        if len(lowered) != len(text):  # lower-casing moved the offsets: match word by word
            return [
                (offset + word.start, self.by_word[word.lower])
                for word in iter_words(text)
                if word.text[0].isupper() and word.lower in self.by_word
            ]
        found: list[tuple[int, str]] = []
        for match in self._pattern.finditer(lowered):
            start = match.start()
            key = " ".join(match.group().split())
            # A name is capitalised; a role ("the boss") may be mentioned in any case.
            if text[start].isupper() or key.split()[0] in ROLE_DETERMINERS:
                name = self.by_word.get(key)
                if name is not None:
                    found.append((offset + start, name))
        return found


_NOT_AFTER = r"[\w'’\-]"
"""What may not stand just before a name mentioned (it would be inside another word)."""


def mention_pattern(keys: Sequence[str]) -> re.Pattern[str]:
    r"""The pattern of lower-cased name ``keys`` (tried in the order given) as whole words: not
    inside another word, their words apart by any whitespace.

    It matches what ``(?<!X)(?:key|key…)(?![\w\-])`` matches, ``X`` being
    :data:`_NOT_AFTER`, but each key's look back stands after its first letter (it reads that
    letter and the one before): a pattern opening on a look-behind is tried at every position
    of the text, one opening on letters only where one of those letters stands. The keys are
    grouped by their first letter (``m(?<!X.)(?:iss\s+brill|allard|iss)``), each group in the
    order given: only one group can match at a position, and it is entered once there, not
    once per key (a quarter faster over a story).
    """
    groups: dict[str, list[str]] = {}
    for key in keys:
        parts = key.split()
        if not parts:  # matches anywhere: the order across letters matters (never made here)
            return _ungrouped_mention_pattern(keys)
        first = parts[0]
        groups.setdefault(first[0], []).append(
            re.escape(first[1:]) + "".join(r"\s+" + re.escape(part) for part in parts[1:])
        )
    alternatives = (
        re.escape(letter) + f"(?<!{_NOT_AFTER}.)(?:" + "|".join(rests) + ")"
        for letter, rests in groups.items()
    )
    return re.compile("(?:" + "|".join(alternatives) + r")(?![\w\-])")


def _ungrouped_mention_pattern(keys: Sequence[str]) -> re.Pattern[str]:
    """:func:`mention_pattern` with one alternative a key, an empty key among them."""
    alternatives = []
    for key in keys:
        parts = key.split()
        if not parts:
            alternatives.append(f"(?<!{_NOT_AFTER})")
            continue
        first = parts[0]
        alternatives.append(
            re.escape(first[0]) + f"(?<!{_NOT_AFTER}.)" + re.escape(first[1:])
            + "".join(r"\s+" + re.escape(part) for part in parts[1:])
        )  # fmt: skip
    return re.compile("(?:" + "|".join(alternatives) + r")(?![\w\-])")


def is_name_word(word: str) -> bool:
    """Whether ``word`` can be part of a name: capitalised and not a function word."""
    return word[:1].isupper() and normalise_word(word) not in FUNCTION_WORDS


@lru_cache(maxsize=4096)
def is_role_noun(word: str) -> bool:
    """Whether ``word`` can name a speaker by role ("boss", "aunt"): a noun, not an adjective."""
    from lemminflect import getAllLemmas  # ships its tables; imported on first use

    lemmas = getAllLemmas(word)
    return "NOUN" in lemmas and "ADJ" not in lemmas  # "the boss", not "the old"


_GENDERED_RE = re.compile(r"\b(?:he|she|his|himself|herself)\b", re.IGNORECASE)
_GENDER_OF = {"he": "he", "his": "he", "himself": "he", "she": "she", "herself": "she"}
_TITLE_PRONOUNS = {"mr": "he", "mr.": "he", "sir": "he", "lord": "he", "mrs": "she", "mrs.": "she",
                   "miss": "she", "ms": "she", "ms.": "she", "lady": "she", "madame": "she",
                   "mme": "she", "mme.": "she"}  # fmt: skip
_HE_ROLES = ("boy", "man", "gentleman", "father", "brother", "uncle", "husband", "king", "prince",
             "son")  # fmt: skip
_SHE_ROLES = ("girl", "woman", "lady", "mother", "sister", "aunt", "wife", "queen", "princess",
              "daughter")  # fmt: skip
_ROLE_PRONOUNS = {**dict.fromkeys(_HE_ROLES, "he"), **dict.fromkeys(_SHE_ROLES, "she")}


def infer_pronouns(
    text: str,
    names: SpeakerNames,
    narration: Sequence[tuple[int, int]],
    mentions: Sequence[tuple[int, str]],
) -> None:
    """Guess "he"/"she" for names without known pronouns, from titles, roles and the text.

    A mention followed, in the same stretch of narration and before any other name, by "he",
    "his", "himself", "she" or "herself" is a vote; a name takes the pronoun when every vote
    agrees, or three in four do.
    """
    for name, pronoun in list(names.pronoun_of.items()):
        if pronoun is None:
            first, last = name.split()[0].lower(), name.split()[-1].lower()
            guess = _TITLE_PRONOUNS.get(first) or (
                _ROLE_PRONOUNS.get(last) if first in ROLE_DETERMINERS else None
            )
            if guess:
                names.pronoun_of[name] = guess
    unknown = {name for name, pronoun in names.pronoun_of.items() if pronoun is None}
    if not unknown:
        return
    votes: dict[str, Counter[str]] = {name: Counter() for name in unknown}
    pieces = sorted(narration)
    piece_starts = [start for start, _ in pieces]
    for index, (position, name) in enumerate(mentions):
        if name not in unknown:
            continue
        piece_end = pieces[bisect_right(piece_starts, position) - 1][1]
        # Up to the next name: a pronoun after another name may be theirs.
        limit = min(piece_end, position + 160)
        if index + 1 < len(mentions):
            limit = min(limit, mentions[index + 1][0])
        found = _GENDERED_RE.search(text, position + 1, limit)
        if found is not None:
            votes[name][_GENDER_OF[found.group().lower()]] += 1
    for name, counter in votes.items():
        if counter:
            pronoun, count = counter.most_common(1)[0]
            if count == sum(counter.values()) or count >= 0.75 * sum(counter.values()):
                names.pronoun_of[name] = pronoun
