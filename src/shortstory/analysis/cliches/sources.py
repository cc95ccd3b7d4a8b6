"""A second source of clichés: proselint's lists, read from the installed package at start-up.

proselint (BSD licence, pinned in the project's dependencies) ships three plain-text cliché lists
in ``proselint/checks/cliches/``: ``write-good`` (about 700 phrases), ``garner`` and ``diction``.
They are read where pip put them (found through the package's metadata, so nothing of proselint
is imported) and never copied into our data. Each phrase becomes an entry of category
``phrase`` and severity ``low`` with no suggestion of ours; it is matched on its words as written
(``exact``), as proselint matches it, so a list phrase never grows into a looser lemma pattern.

Duplicates are merged: a phrase our own catalogue already finds whole (any wording of any entry
covering every word of it) is not a second entry — our entry records the list in ``also_in``;
a phrase on two lists is one entry. A few phrases are left out (``data/proselint_skips.json``):
plain English that a list counts as a cliché but that fiction uses literally all the time ("on
the spot", "keep an eye on"), each with the reason.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from functools import cache
from importlib import metadata, resources
from itertools import product
from pathlib import Path

from lemminflect import getAllInflections, getAllLemmas

from shortstory.analysis.cliches.catalogue import (
    Catalogue,
    CatalogueEntry,
    CatalogueError,
    catalogue_of,
)
from shortstory.analysis.cliches.matcher import ClicheMatcher
from shortstory.analysis.words import iter_words, normalise_word

PROSELINT_LISTS = ("write-good", "garner", "diction")
_LIST_DIR = "proselint/checks/cliches"


def proselint_phrases() -> dict[str, tuple[str, ...]]:
    """Every phrase of proselint's cliché lists (lower case, trimmed) and the lists holding it.

    :raises CatalogueError: proselint is not installed, or a list is missing.
    """
    try:
        distribution = metadata.distribution("proselint")
    except metadata.PackageNotFoundError:
        missing = "proselint is not installed: pip install -r requirements.txt"
        raise CatalogueError(missing) from None
    phrases: dict[str, tuple[str, ...]] = {}
    seen: dict[str, str] = {}
    for name in PROSELINT_LISTS:
        path = Path(str(distribution.locate_file(f"{_LIST_DIR}/{name}")))
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise CatalogueError(f"proselint's {name!r} cliché list is unreadable: {exc}") from None
        for line in lines:
            for phrase in _wordings(" ".join(line.split()).lower()):
                if len(list(iter_words(phrase))) < 2:
                    continue  # a single word ("compleat") is diction, not a stock phrase
                # One entry per wording: "cool, calm and collected" is "cool calm and collected".
                known = seen.setdefault(_slug(phrase), phrase)
                if f"proselint/{name}" not in phrases.get(known, ()):
                    phrases[known] = (*phrases.get(known, ()), f"proselint/{name}")
    return phrases


@cache
def skipped_phrases() -> dict[str, str]:
    """The list phrases left out, each with why (``data/proselint_skips.json``)."""
    source = resources.files("shortstory.analysis").joinpath("data/proselint_skips.json")
    data = json.loads(source.read_text(encoding="utf-8"))
    return {str(phrase).lower(): str(reason) for phrase, reason in data["skipped"].items()}


def merged_catalogue(ours: Catalogue, phrases: dict[str, tuple[str, ...]]) -> Catalogue:
    """Our entries followed by every list phrase that none of them finds whole (merged ones noted
    in our entry's ``also_in``), skipped phrases left out."""
    matcher = ClicheMatcher(ours)
    skipped = skipped_phrases()
    also: dict[str, list[str]] = {}
    added: list[CatalogueEntry] = []
    for phrase, lists in phrases.items():
        if phrase in skipped:
            continue
        owner = _covering_entry(matcher, phrase)
        if owner is not None:
            also.setdefault(owner, []).extend(lists)
            continue
        added.append(CatalogueEntry(
            id=f"proselint-{_slug(phrase)}",
            phrase=phrase,
            category="phrase",
            severity="low",
            suggestions=(),
            variants=verb_led_wordings(phrase),
            exact=True,
            source=lists[0],
            also_in=lists[1:],
        ))  # fmt: skip
    entries = tuple(
        replace(entry, also_in=tuple(dict.fromkeys(also[entry.id]))) if entry.id in also else entry
        for entry in ours.entries
    )
    return catalogue_of(entries + tuple(added))


def verb_led_wordings(phrase: str) -> tuple[str, ...]:
    """The other wordings of a list phrase that opens on a verb: each inflection of the verb,
    and for a possessive or ``you`` every person ("jump the gun" gives "jumped the gun";
    "barking up the wrong tree" gives "barked up the wrong tree"; "hold your tongue" gives
    "held his tongue", "holds her tongue"…).

    Only a phrase of three words or more whose second word is a determiner, a pronoun or a
    particle ("jump the gun", "bend over backwards") counts as verb-led: "badge of honor" or
    "back to square one" open on a noun that is also a verb. The wordings stay exact: only the
    verb and the person move, so the phrase never loosens further.
    """
    words = phrase.split()
    if len(words) < 3 or words[1] not in _AFTER_VERB:
        return ()
    lemmas = getAllLemmas(words[0]).get("VERB", ())
    forms = {
        form
        for lemma in lemmas
        for group in getAllInflections(lemma, upos="VERB").values()
        for form in group
    }
    if words[0] not in forms and words[0] not in lemmas:
        return ()  # not a verb form after all
    people = [_PERSON_FORMS.get(word, (word,)) for word in words[1:]]
    verbs = sorted(forms | set(lemmas) | {words[0]})
    wordings = {" ".join((verb, *rest)) for verb in verbs for rest in product(*people)}
    wordings.discard(phrase)
    return tuple(sorted(wordings))


# Words that may follow a verb opening an idiom: determiners, pronouns, particles.
_AFTER_VERB = frozenset(
    {"the", "a", "an", "your", "my", "his", "her", "their", "our", "it", "one", "him", "them",
     "me", "no", "up", "down", "in", "on", "onto", "over", "out", "off", "with", "without",
     "to", "through", "like", "for", "by", "at", "into", "around", "about", "away", "back",
     "outside"}
)  # fmt: skip
_POSSESSIVES = ("my", "your", "his", "her", "its", "our", "their")
_PERSON_FORMS = {
    **dict.fromkeys(("your", "my", "his", "their", "our"), _POSSESSIVES),
    "you": ("me", "you", "him", "her", "us", "them"),
}


def _covering_entry(matcher: ClicheMatcher, phrase: str) -> str | None:
    """The id of our entry whose match covers every word of ``phrase`` but a leading article or
    pronoun, if any."""
    words = list(iter_words(phrase))
    first = 1 if len(words) > 2 and normalise_word(words[0].text) in _LEADERS else 0
    for hit in matcher.find(phrase):
        if hit.first_word <= first and hit.last_word == len(words) - 1:
            return hit.entry.id
    return None


_LEADERS = frozenset({"a", "an", "the", "to", "i", "you", "he", "she", "we", "they", "it"})


_GROUP = re.compile(r"\(\?:([^()]*)\)")


def _wordings(line: str) -> list[str]:
    """The plain wordings of one list line. proselint reads its lines as regular expressions,
    and a few use that: ``(?:the|your)`` gives one wording per choice and a plural ``s?`` two;
    any other ``?`` goes ("will wonders never cease?"). A line with other syntax is left out."""
    group = _GROUP.search(line)
    if group is not None:
        return [
            wording
            for choice in group.group(1).split("|")
            for wording in _wordings(line[: group.start()] + choice + line[group.end() :])
        ]
    if re.search(r"[\\()\[\]{}*+|^$]", line):
        return []
    plural = re.search(r"(\w)s\?(?!\w)", line)
    if plural is not None:
        return [line[: plural.start() + 1] + rest + line[plural.end() :] for rest in ("", "s")]
    return [line.replace("?", "").strip()]


def _slug(phrase: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", phrase.lower()).strip("-")
