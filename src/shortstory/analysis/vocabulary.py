"""The vocabulary the analysers share: English function words, and how common a word is.

Both are data about English, not about any one text: :data:`FUNCTION_WORDS` (words too common
to mark a repetition or a voice) and :func:`zipf` (wordfreq's frequency scale, offline).
"""

from __future__ import annotations

from functools import lru_cache

_FUNCTION_WORDS_TEXT = """
    a about above after again against all almost along also although always am among an and
    another any anyone anything are around as at away back be because been before behind being
    below beside besides between both but by can could did do does doing done down during each
    either else enough even ever every few for from further had has have having he her here hers
    herself him himself his how however i if in into is it its itself just least less like may
    me might mine more most much must my myself neither never no nor not now of off often on
    once one only onto or other others our ours ourselves out over own perhaps quite rather
    same shall she should since so some such than that the their theirs them themselves then
    there these they this those though through thus till to too toward towards under until up
    upon us very was we were what whatever when where whether which while who whom whose why
    will with within without would yet you your yours yourself yourselves
    i'm i've i'd i'll you're you've you'd you'll he's he'd he'll she's she'd she'll it's it'd
    we're we've we'd we'll they're they've they'd they'll that's there's what's who's let's
    don't doesn't didn't isn't aren't wasn't weren't won't wouldn't can't couldn't shouldn't
    hasn't haven't hadn't mustn't
    said says say asked oh yes yeah ok okay mr mrs ms dr
"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS_TEXT.split())
"""Words too common in any English prose to mark a repetition or a voice on their own."""


RARE_ZIPF = 2.0
"""The Zipf frequency given to words too rare for wordfreq's small list (under Zipf 3)."""


@lru_cache(maxsize=65_536)
def zipf(word: str) -> float:
    """How common ``word`` is in English: wordfreq's Zipf scale (7 = "the", 3 = rare).

    Uses wordfreq's *small* list (about 11 MB in memory, against 32 MB for the default large
    list): every word at Zipf 3 or above is there, and analysis only needs to tell common words
    from rare ones; anything rarer counts as :data:`RARE_ZIPF`. Loaded on first use.
    """
    from wordfreq import zipf_frequency

    return max(RARE_ZIPF, zipf_frequency(word, "en", wordlist="small"))
