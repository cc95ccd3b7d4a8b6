"""Small wording rules of the procedural writer: capitals, full stops, safe phrases, idiolect."""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from random import Random

from shortstory.pipeline.cast_names import is_family


def capitalise(text: str) -> str:
    """Upper-case the first letter of ``text`` (after any opening quote)."""
    for i, char in enumerate(text):
        if char.isalpha():
            return text[:i] + char.upper() + text[i + 1 :]
    return text


_SENTENCE_START = re.compile(r"(^|[.!?][”\"]?\s+|\n\n|: “|^“|\n\n“)([a-z])")


def capitalise_sentences(text: str) -> str:
    """Upper-case the first letter of every sentence (and of speech opening after a colon)."""
    return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), text)


def with_stop(text: str) -> str:
    """``text`` ending with a full stop unless it already ends a sentence."""
    text = text.strip()
    return text if text[-1:] in ".!?" else text + "."




_PERSONAL = re.compile(r"\b(?:you|your|yours|we|us|our|ours|i|me|my|mine)\b", re.IGNORECASE)


ROLE_STATES = frozenset(
    """young old elderly aged middle-aged ageing aging retired semi-retired former ex disgraced
    failing struggling grieving widowed divorced lonely shy famous once-famous celebrated
    forgotten aspiring would-be reluctant newly recently night-shift part-time out-of-work
    unemployed bankrupt washed-up burned-out burnt-out tired exhausted jaded ailing lapsed
    nervous ambitious eccentric disillusioned veteran new sacked fired recovering""".split()  # noqa: SIM905
)
"""Words of a role that say how the person stands, not what their trade is: "a disgraced chess
coach by trade" and "a retired dragon-rider for years" are slips, "a chess coach by trade" is
not."""
_ROLE_LEAD = frozenset({"in", "on", "at", "of", "the", "a", "an", "and", "by", "from", "for",
                        "with", "to", "as", "after", "before", "during", "since", "until"})


NOT_TRADES = frozenset(
    """ghost spirit witness stranger girl boy man woman child kid teenager toddler baby orphan
    widow widower couple twin twins pensioner tourist patient prisoner refugee neighbour
    neighbor friend lover stepmother stepfather bride groom fiancé fiancée heir heiress
    survivor passenger guest visitor newcomer runaway loner hermit genius prodigy""".split()  # noqa: SIM905
)
"""Who a person is rather than what they do for a living: never "a ghost by trade"."""


def role_words(role: str) -> tuple[str, str]:
    """``role`` without the words that cannot lead a role ("in young telegraph clerk", read
    from "In 1912 a young telegraph clerk…", is "young telegraph clerk"), and its trade: the
    role without the words of ``ROLE_STATES`` ("disgraced chess coach" -> "chess coach"). The
    trade is empty when nothing of it is left."""
    words = role.split()
    while words and (words[0].lower() in _ROLE_LEAD or words[0][:1].isdigit()):
        words = words[1:]
    trade = list(words)
    while len(trade) > 1 and trade[0].lower() in ROLE_STATES:
        trade = trade[1:]
    if trade and trade[0].lower() in ROLE_STATES:
        trade = []
    if trade and (trade[-1].lower() in NOT_TRADES or is_family(trade[-1].lower())):
        # "an elderly sister", "a clumsy ghost": who they are is no work they know.
        trade = []
    return " ".join(words), " ".join(trade)


def is_short(phrase: str, limit: int = 4) -> bool:
    """Whether ``phrase`` has fewer than ``limit`` words (too short to be a six-word run)."""
    return len(phrase.split()) < limit


def third_person(phrases: list[str] | tuple[str, ...]) -> list[str]:
    """Catalog phrases that speak of no one in first or second person (safe in any POV)."""
    return [p for p in phrases if not _PERSONAL.search(p)]


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (up to its first full stop, question or exclamation)."""
    match = re.search(r"[.!?](?=\s|$)", text)
    return text[: match.end()] if match else text


CHOICE = re.compile(r"\[([^\[\]]*\|[^\[\]]*)\]")
"""A template's own alternatives, ``[twice|once|more than once]``: one is taken per story."""


def fitting_choices(template: str, fits: Callable[[str], bool]) -> str | None:
    """``template`` without the alternatives ``fits`` refuses (each judged on its own words);
    None when no alternative of a choice is left or the text outside them is refused."""
    left = True

    def kept(match: re.Match[str]) -> str:
        nonlocal left
        options = [option for option in match.group(1).split("|") if fits(option)]
        left = left and bool(options)
        return "[" + "|".join(options) + "]" if len(options) > 1 else "".join(options)

    pruned = CHOICE.sub(kept, template) if "[" in template else template
    return pruned if left and fits(pruned) else None


def shortest_form(template: str) -> str:
    """``template`` with each bracketed alternative at its shortest (to rank by length)."""
    return CHOICE.sub(lambda m: _shortest(m.group(1).split("|")), template)


def _shortest(options: list[str]) -> str:
    return min(options, key=lambda option: (len(option.split()), len(option)))


SHORT_SLACK = 2
SHORT_FROM = 5
"""Words over the shortest alternative a compact story may still take: the one shortest is a
line every compact story shares ("I waited another hour for the right one")."""


def _short(options: list[str], chooser: Random) -> str:
    fewest = min(len(option.split()) for option in options)
    if fewest < SHORT_FROM:
        return _shortest(options)  # a tag or a word: the shortest, always
    return chooser.choice([o for o in options if len(o.split()) <= fewest + SHORT_SLACK])


_COUNTING = frozenset({"that", "this", "every", "each", "one", "next", "following", "same",
                       "a", "an", "another", "some", "any", "no", "which", "what", "whole"})


class Idiolect:
    """A story's own words for a few everyday things ("bench" where another says "table").

    Chosen once per story from the lexicon's groups; only a group's first word is replaced,
    and never inside a slot's braces. A template's bracketed alternatives are chosen once per
    story too. Two stories of a genre then say even their ordinary sentences differently.
    """

    def __init__(self, groups: list[list[str]], seed: int) -> None:
        self.seed = seed
        self.shortest = False
        """Whether bracketed alternatives take their shortest form (a compact story's budget)."""
        self.swap_words = True
        """Whether everyday words are swapped (a scene is written in its own words: "morning"
        stays morning, not "first light" in "on a clear morning")."""
        chooser = Random(seed * 31 + 7)
        self.words = {group[0]: chooser.choice(group) for group in groups}
        self.pattern = (
            re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, self.words), key=len,
                                                  reverse=True)) + r")\b")
            if self.words else None
        )
        self.cache: dict[str, str] = {}
        vowel_words = [w for w in self.words.values() if w[:1].lower() in "aeiou"]
        # "a receipt" becomes "an envelope", not "a envelope".
        self.article = (
            re.compile(r"\b([Aa]) (?=(?:" + "|".join(map(re.escape, vowel_words)) + r")\b)")
            if vowel_words else None
        )

    def _swap(self, match: re.Match[str]) -> str:
        word = match.group(0)
        told = self.words[word]
        before = match.string[:match.start()].split()
        if " " in told and before and before[-1].lower() in _COUNTING:
            # "that morning" is never "that first light", nor "every morning" "every first light"
            return word
        return told

    def apply(self, template: str) -> str:
        """The template in this story's words."""
        key = template if self.swap_words else "\0" + template
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        text = template
        if "[" in text:
            # Seeded by the story and the template (crc32, not hash(): stable across runs).
            chooser = Random(self.seed * 1_000_003 + zlib.crc32(template.encode("utf-8")))
            text = CHOICE.sub(lambda m: _short(m.group(1).split("|"), chooser) if self.shortest
                               else chooser.choice(m.group(1).split("|")), text)
        if self.swap_words and self.pattern is not None and self.pattern.search(text):
            parts = re.split(r"(\{[^}]*\})", text)
            text = "".join(
                part if part.startswith("{")
                else self.pattern.sub(self._swap, part)
                for part in parts
            )
            if self.article is not None:
                text = self.article.sub(r"\1n ", text)
        self.cache[key] = text
        return text
