"""Guards against repetition: what a story has said, so that it never says it again.

No sentence twice, no six-word run a third time (names aside), and every scene sentence names
something of this story, so that two stories of one genre do not share stock sentences.
"""

from __future__ import annotations

import re
from collections import Counter

from shortstory.pipeline.plan import StoryPlan

NGRAM = 6
MAX_NGRAM_USES = 2
CAST_ONLY_SHARE = 30
"""At most one sentence in this many may owe its uniqueness to a supporting character alone."""

_TOKEN = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|(?<=[.!?]”)\s+")


class Guards:
    """What the story has said so far, to refuse repeats.

    Tokens here are a fast approximation of the word rule; six-word runs may cross sentences,
    which only makes the guard stricter than the rule it protects.
    """

    def __init__(self, names: set[str], specific: frozenset[str] = frozenset(),
                 cast: tuple[frozenset[str], ...] = ()) -> None:
        self.names = names
        self.specific = specific
        self.cast = cast
        self.sentences: set[str] = set()
        self.ngrams: Counter[tuple[str, ...]] = Counter()
        self._last: tuple[str, list[str], list[tuple[str, ...]]] | None = None
        self.cast_only = 0
        self.cast_only_share = CAST_ONLY_SHARE

    def _own(self, sentence: str) -> bool | None:
        """True if ``sentence`` names something of this story, None if only one of its cast.

        Supporting characters' names come from the genre's short lists and may recur in another
        story of the genre, so a sentence whose only own word is one of them is rationed.
        """
        own = self.specific.intersection(sentence.split())
        if not own:
            return False
        people = [member for member in self.cast if member & own]
        if len(people) == 1 and not own - people[0]:
            return None
        return True

    def _read(self, text: str) -> tuple[list[str], list[tuple[str, ...]]]:
        if self._last is not None and self._last[0] == text:
            return self._last[1], self._last[2]
        lowered = text.lower().replace("’", "'")
        sentences = []
        for part in _SENTENCE_BREAK.split(lowered):
            tokens = _TOKEN.findall(part)
            if len(tokens) >= 3:
                sentences.append(" ".join(tokens))
        tokens = _TOKEN.findall(lowered)
        names = self.names
        grams = [
            gram
            for i in range(len(tokens) - NGRAM + 1)
            if not names.intersection(gram := tuple(tokens[i : i + NGRAM]))
        ]
        self._last = (text, sentences, grams)
        return sentences, grams

    def allows(self, text: str, scene: bool = False) -> bool:
        """Whether ``text`` repeats no sentence and no six-word run beyond the limits.

        A ``scene`` unit must also be of this story: each of its sentences names something of
        its own (a character, a place, an object, a word of the premise), so that two stories
        never share stock sentences.
        """
        sentences, grams = self._read(text)
        if len(set(sentences)) < len(sentences) or not self.sentences.isdisjoint(sentences):
            return False
        if scene and self.specific:
            verdicts = [self._own(s) for s in sentences]
            if False in verdicts:
                return False
            if None in verdicts and self.cast_only * self.cast_only_share > len(self.sentences):
                return False
        counts = Counter(grams)
        return all(self.ngrams[g] + n <= MAX_NGRAM_USES for g, n in counts.items())

    def keep(self, text: str) -> None:
        """Record ``text`` as said."""
        sentences, grams = self._read(text)
        if self.specific:
            self.cast_only += sum(1 for s in sentences if self._own(s) is None)
        self.sentences.update(sentences)
        self.ngrams.update(grams)

    def forget(self, text: str) -> None:
        """Undo :meth:`keep` for a unit dropped while fitting."""
        sentences, grams = self._read(text)
        if self.specific:
            self.cast_only -= sum(1 for s in sentences if self._own(s) is None)
        self.sentences.difference_update(sentences)
        self.ngrams.subtract(grams)


def specific_words(plan: StoryPlan, names: set[str]) -> frozenset[str]:
    """Words that belong to this story and not to its genre: names, world and premise words."""
    world = plan.world
    premise = plan.story_request.premise
    character = premise.character
    phrases = [*names, *world.places, *world.objects, world.obstacle, world.stakes, world.setting,
               world.time, *world.idea_nouns, *(m.role for m in world.cast), premise.idea,
               premise.theme, character.quirk,
               character.contradiction, character.want,
               *character.traits]
    found = set()
    for phrase in phrases:
        for token in _TOKEN.findall(phrase.lower().replace("’", "'")):
            if len(token) > 3 or token in {w.lower() for n in names for w in n.split()}:
                found.add(token)
    found -= {"that", "this", "with", "from", "they", "them", "their", "there", "what", "when",
              "where", "which", "who", "were", "have", "been", "into", "over", "every", "some"}
    return frozenset(found)
