"""The cliché matcher's keys of a text, read with its word table's gaps.

:func:`~shortstory.analysis.lemmas.text_keys` finds the text's sentence breaks (``. ! ? ;``, an
ellipsis, a quotation mark, a bracket, a blank line) with a regular expression over the whole
text and steps through them beside the words. A
:class:`~shortstory.analysis.word_table.WordTable` that holds all of its text's words already
has what stands between each word and the one before (its gap), and a break can only stand
there, or, for the lemma keys, as the full stop inside the word before (``U.S.``, ``3.14``: no
other break character can be part of a word). :func:`table_keys` searches each distinct gap
once (a story's gaps are mostly one space, a comma, a stop) and reads whether a break comes
before each word from a list, in the same loop over the words. A word with one lemma key that
builds nothing and owns nothing (most words) gives that key straight from a table remembered
from text to text; only the others (articles, contractions, auxiliaries, possessives) take the
plain rule's steps.

Tried and measured slower: copying the runs of words with one plain key as slices and stepping
only through the others and the breaks (2.7 against 2.4 ms for 7,500 words: the columns it needs
cost more than the loop saves), and the surface keys built as slices between breaks.

A test holds it equal to :func:`~shortstory.analysis.lemmas.text_keys` on random and fixture
texts.
"""

from __future__ import annotations

from collections.abc import Set
from itertools import chain, compress, count, islice
from operator import or_

from shortstory.analysis.lemmas import (
    _BREAK_RE,
    _PREPARED,
    _PREPARED_MAX,
    BREAK,
    PERSON,
    _is_form,
    _prepared,
)
from shortstory.analysis.word_table import WordTable

_HAS_BREAK: dict[str, bool] = {}
"""Each gap seen so far: whether it holds a sentence break (remembered from text to text)."""
_ONE_KEY: dict[str, str | None] = {}
"""Each word seen so far: its one lemma key, or None when it takes the plain rule's steps."""


def table_keys(
    text: str, table: WordTable
) -> tuple[list[str], list[int], list[str], list[int]] | None:
    """:func:`~shortstory.analysis.lemmas.text_keys` of ``text`` from its word ``table``: lemma
    keys with their word indices, then surface keys with theirs; None when the table does not
    hold every word of the text (no gaps: the caller runs the plain rule)."""
    found = table_lemma_keys(text, table)
    if found is None:
        return None
    lemma_out, lemma_owner, surface_breaks = found
    return lemma_out, lemma_owner, *surface_columns(table.keys, surface_breaks)


def surface_columns(keys: list[str], breaks: list[int]) -> tuple[list[str], list[int]]:
    """The surface keys with their word indices: ``keys`` with a :data:`BREAK` (owned by the
    word after it) before each word of ``breaks`` (in order)."""
    surface_out: list[str] = []
    surface_owner: list[int] = []
    previous = 0
    for index in breaks:
        surface_out += keys[previous:index]
        surface_out.append(BREAK)
        surface_owner += range(previous, index + 1)  # the words, then the break's owner
        previous = index
    surface_out += keys[previous:]
    surface_owner += range(previous, len(keys))
    return surface_out, surface_owner


def surface_haystack(keys: list[str], breaks: list[int]) -> str:
    """The surface keys (:func:`surface_columns`) joined as the matcher joins keys (a space
    before, between and after them), without making the lists: each break is written before
    its word's key."""
    marked = keys.copy()
    for index in breaks:
        marked[index] = f"{BREAK} {marked[index]}"
    return " " + " ".join(marked) + " "


def keys_without(
    keys: list[str], owners: list[int], dropped: Set[str]
) -> tuple[list[str], list[int]]:
    """``keys`` and their ``owners`` without the keys in ``dropped`` (a text's -ly adverbs, a
    few dozen places): found at C speed, the runs between them copied as slices; the same
    lists when nothing is dropped."""
    if not dropped:
        return keys, owners
    places = compress(count(), map(dropped.__contains__, keys))
    kept_keys: list[str] = []
    kept_owners: list[int] = []
    start = 0
    for place in places:
        kept_keys += keys[start:place]
        kept_owners += owners[start:place]
        start = place + 1
    kept_keys += keys[start:]
    kept_owners += owners[start:]
    return kept_keys, kept_owners


def table_lemma_keys(
    text: str, table: WordTable
) -> tuple[list[str], list[int], list[int]] | None:
    """The lemma keys of :func:`table_keys` with their word indices, and the indices of the
    words the surface keys have a :data:`BREAK` before (the surface keys are the table's keys
    with those breaks: :func:`surface_columns`, made only when a surface wording is found);
    None when the table does not hold every word of the text."""
    global _HAS_BREAK, _ONE_KEY
    gaps = table.gaps()
    if gaps is None:
        return None
    words = table.words(text)
    total = len(words)
    if len(_HAS_BREAK) > _PREPARED_MAX or len(_ONE_KEY) > _PREPARED_MAX:
        # A bound on what odd input can make them hold: new tables, not emptied ones, so that
        # another thread's call keeps reading the tables it filled.
        _HAS_BREAK, _ONE_KEY = {}, {}
    has_break, one_key = _HAS_BREAK, _ONE_KEY
    for gap in set(gaps).difference(has_break):
        has_break[gap] = _BREAK_RE.search(gap) is not None
    broken = list(map(has_break.__getitem__, gaps))
    # The surface keys count only a break between two words (not before the first).
    surface_breaks = list(compress(range(1, total), islice(broken, 1, None)))
    # The lemma keys' sentence also ends at a full stop inside the word before.
    distinct = set(words)
    dotted = [word for word in distinct if "." in word]
    if dotted:
        stops = frozenset(dotted)
        lemma_broken = list(map(or_, broken, chain((False,), map(stops.__contains__, words))))
    else:
        lemma_broken = broken
    lemma_out: list[str] = []
    lemma_owner: list[int] = []
    prepared = _PREPARED
    if len(prepared) > _PREPARED_MAX:
        prepared.clear()
    for word in distinct.difference(one_key):
        entry = prepared.get(word)
        if entry is None:
            entry = prepared[word] = _prepared(word)
        keys, builds, owner_word = entry
        one_key[word] = keys[0] if len(keys) == 1 and builds is None and not owner_word else None
    for index, word in enumerate(words):
        if lemma_broken[index] and index:
            lemma_out.append(BREAK)
            lemma_owner.append(index)
        key = one_key[word]
        if key is not None:
            lemma_out.append(key)
            lemma_owner.append(index)
            continue
        keys, builds, owner_word = prepared.get(word) or _prepared(word)
        following = index + 1
        if (
            builds is not None
            and following < total
            and not lemma_broken[following]
            and _is_form(words[following], builds)
        ):
            keys = keys[:-1]  # an auxiliary before the form it builds: "was pounding"
        for key in keys:
            if key == PERSON and owner_word and lemma_out and lemma_out[-1] == PERSON:
                continue  # "her father's" is one possessor ("told me my…" is two people)
            lemma_out.append(key)
            lemma_owner.append(index)
    return lemma_out, lemma_owner, surface_breaks
