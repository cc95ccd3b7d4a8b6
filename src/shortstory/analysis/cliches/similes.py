"""Stock similes, listed by their parts (``data/stock_similes.json``) and made into entries.

A writer who reaches for a stock simile picks from a known set of pairs: *as bald as a coot*,
*as bold as brass*, *swore like a sailor*, *clung to him like a limpet*. Listing the pairs rather
than each wording keeps the list short and the wordings regular:

- an ``as`` pair (adjective, noun) is matched as ``as ADJ as a NOUN`` and ``ADJ as a NOUN``
  (the lemma keys drop the article and let the noun take a plural: "as thick as thieves"); its
  suggestion is the adjective alone, said plainly ("he was bald");
- a ``like`` pair (verb, noun) is matched as ``VERB like a NOUN`` in any tense and person, and
  with an object between ("watched her like a hawk", "clung to him like a limpet"); a verb
  simile has no one plain replacement, so its entry, like a second source's, has none.

A pair that our own catalogue already finds (:func:`similes_not_in`) is left to our entry, which
has fresher suggestions.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from shortstory.analysis.cliches.catalogue import Catalogue, CatalogueEntry
from shortstory.analysis.cliches.matcher import ClicheMatcher

SOURCE = "shortstory/similes"


@cache
def stock_similes() -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """The ``as`` pairs and the ``like`` pairs of the data file, in file order."""
    source = resources.files("shortstory.analysis").joinpath("data/stock_similes.json")
    data = json.loads(source.read_text(encoding="utf-8"))
    return (
        tuple((str(adjective), str(noun)) for adjective, noun in data["as"]),
        tuple((str(verb), str(noun)) for verb, noun in data["like"]),
    )


def _article(noun: str) -> str:
    """The noun with the article a writer would give it ("a coot", "an owl", "brass")."""
    if noun in _MASS_NOUNS or noun.endswith("s") or (" " in noun and noun.split()[0] in _PLAIN):
        return noun
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


# Nouns said without an article in their simile ("as bold as brass", "as old as time").
_MASS_NOUNS = frozenset(
    {"brass", "pitch", "coal", "night", "day", "mud", "crystal", "ice", "charity", "ditchwater",
     "dishwater", "abc", "pie", "lightning", "gold", "grass", "iron", "nails", "blazes", "hell",
     "mustard", "life", "methuselah", "time", "punch", "clockwork", "croesus", "rain", "houses",
     "molasses", "silk", "glass", "butter", "vinegar", "honey", "sugar", "thieves", "paper",
     "leather", "sin", "toast", "snow", "glue", "falling off a log", "wind", "death", "dirt", "ash",
     "fog", "pea soup", "soot", "tar", "midnight", "thunder", "driven snow", "hen's teeth", "candy",
     "water", "mutton", "blood", "granite", "stone", "sand", "sandpaper", "milk", "sunshine", "oak",
     "ditch water", "marble", "larry", "solomon", "bone"}
)  # fmt: skip
_PLAIN = frozenset({"falling", "two"})


def simile_entries() -> tuple[CatalogueEntry, ...]:
    """An entry for every stock simile of the data file (module docstring)."""
    as_pairs, like_pairs = stock_similes()
    entries: list[CatalogueEntry] = []
    for adjective, noun in as_pairs:
        wording = f"{adjective} as {_article(noun)}"
        entries.append(CatalogueEntry(
            id=_slug(f"as-{adjective}-as-{noun}"),
            phrase=f"as {wording}",
            category="description",
            severity="medium",
            suggestions=(adjective,),
            variants=(wording,),
            source=SOURCE,
        ))  # fmt: skip
    for verb, noun in like_pairs:
        tail = f"like {_article(noun)}"
        entries.append(CatalogueEntry(
            id=_slug(f"{verb}-like-{noun}"),
            phrase=f"{verb} {tail}",
            category="description",
            severity="medium",
            suggestions=(),
            variants=(f"{verb} {{someone}} {tail}", f"{verb} to {{someone}} {tail}",
                      f"{verb} at {{someone}} {tail}"),
            source=SOURCE,
        ))  # fmt: skip
    return tuple(entries)


def similes_not_in(ours: Catalogue) -> tuple[CatalogueEntry, ...]:
    """The simile entries whose base wording our catalogue does not already find whole."""
    matcher = ClicheMatcher(ours)
    kept = []
    for entry in simile_entries():
        words = len(entry.phrase.split())
        if not any(hit.first_word <= 1 and hit.last_word >= words - 1
                   for hit in matcher.find(entry.phrase)):  # fmt: skip
            kept.append(entry)
    return tuple(kept)


def _slug(text: str) -> str:
    return "simile-" + "-".join("".join(c if c.isalnum() else " " for c in text).split())
