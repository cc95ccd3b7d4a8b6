"""Verb slots and agreement: ``{v:…}``, ``{v3:…}``, ``{vp:…}``, ``{perf:…}``, ``{pp:…}``.

A verb agrees with the subject last named (the protagonist's person, a third person, a plural
noun phrase); a perfect in present narration beside a finished time ("years ago") is a simple
past, as the lexicon's ``past_time`` words decide.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lemminflect import getInflection

from shortstory.pipeline.world import head_phrase
from shortstory.writers.procedural.grammar import (
    PLURAL,
    THIRD,
    conjugate,
    is_plural_phrase,
    participle,
    verb_lemma,
)
from shortstory.writers.procedural.slots.state import SlotState

KEYS = frozenset({"v", "v3", "vp", "perf", "perf3", "pp"})


_SINCE = re.compile(r"\bsince\b")
PERFECT_ADVERBS = frozenset({"not", "never", "ever", "always", "already", "just"})
"""Adverbs a perfect slot may carry before its verb (``{perf:never_need}``)."""


@lru_cache(maxsize=4096)
def is_plural_np(phrase: str) -> bool:
    """Whether a noun phrase takes a plural verb ("the logs", "a pair of gloves" does not)."""
    head = head_phrase(phrase)
    words, heads = phrase.split(), head.split()
    # "tyre tracks cut into the verge": a word that takes a preposition after the head is a
    # participle ("cut into", "stuck to"), not the head, though it may be a noun elsewhere.
    if len(heads) > 1 and len(words) > len(heads) and words[: len(heads)] == heads and (
            words[len(heads)].lower() in _PARTICLES and _is_participle(heads[-1].lower())):
        head = " ".join(heads[:-1])
    elif len(heads) > 1 and is_present_participle(heads[-1].lower()):
        head = " ".join(heads[:-1])  # "the cellar steps taking a weight": the steps
    return is_plural_phrase(phrase, head)


def _is_participle(word: str) -> bool:
    """Whether ``word`` is a past participle ("cut", "stuck"), never a plural ("coats")."""
    lemma = verb_lemma(word)
    return bool(lemma) and word in getInflection(lemma, "VBN")


def is_present_participle(word: str) -> bool:
    """Whether ``word`` is a verb's -ing form ("taking"), not a noun of its own ("ceiling")."""
    lemma = verb_lemma(word)
    return word.endswith("ing") and bool(lemma) and word != lemma and word in getInflection(
        lemma, "VBG")


_PARTICLES = frozenset({"into", "to", "on", "onto", "in", "over", "under", "across", "through",
                        "against", "along", "by", "from", "up", "down", "out", "off", "with"})


@lru_cache(maxsize=4096)
def repeats_verb(phrase: str, lemma: str) -> bool:
    """Whether ``phrase`` holds a past form of ``lemma`` ("a shoe found in the mud", find)."""
    head = lemma.rpartition("_")[2].split(" ", 1)[0]
    return any(verb_lemma(word) == head and word != head
               for word in phrase.lower().split()[1:] if word.endswith(("ed", "nd", "t", "n")))


class VerbSlots(SlotState):
    """Finite verbs, perfects and participles for the story's tense."""

    def _init_verbs(self) -> None:
        past_time = self.lexicon.get("past_time", {})
        self.past_after: tuple[str, ...] = tuple(past_time.get("after", ()))
        self.past_before: tuple[str, ...] = tuple(past_time.get("before", ()))

    def verb_slot(self, key: str, arg: str) -> str:
        """Render a verb slot of ``KEYS`` for the lemma ``arg``."""
        if key == "v":
            if arg == "say" and self._after_question:
                arg = "ask"
            self._after_question = False
            return conjugate(arg, self.person, self.tense)
        if key == "v3":
            if arg == "say" and self._after_question:
                arg = "ask"  # “…?” she asked, not “…?” she said
            self._after_question = False
            return conjugate(arg, THIRD, self.tense)
        if key == "vp":
            return conjugate(arg, PLURAL, self.tense)
        if key == "perf":
            return self._perfect(arg, self.person)
        if key == "perf3":
            return self._perfect(arg, THIRD)
        return participle(arg)

    def _finished_time(self) -> bool:
        """Whether the slot's sentence dates it to a finished past ("years ago")."""
        before, after = self._sentence()
        before, after = before.lower(), after.lower()
        if _SINCE.search(before):
            # "Ever since a bad start, years ago, he has been polite": the time is where a
            # span begins, and the span runs on to now.
            return False
        return any(re.search(rf"\b{re.escape(words)}\b", after) for words in self.past_after) or (
            any(re.search(rf"\b{re.escape(words)}\b", before) for words in self.past_before))

    def _perfect(self, lemma: str, person: str) -> str:
        # "not_want", "never_want", "ever_ask": the adverb goes after the auxiliary ("had never
        # wanted", "has ever asked").
        adverb, _, rest = lemma.partition("_")
        adverb = adverb if rest and adverb in PERFECT_ADVERBS else ""
        lemma = rest if adverb else lemma
        if self.tense == "present" and self._finished_time():
            # "somebody wrote it years ago", never "has written it years ago"
            if adverb == "not":
                return f"{conjugate('do', person, 'past')} not {lemma}"
            past = conjugate(lemma, person, "past")
            return f"{adverb} {past}" if adverb else past
        aux = conjugate("have", person, self.tense)
        return f"{aux} {adverb} {participle(lemma)}" if adverb else f"{aux} {participle(lemma)}"
