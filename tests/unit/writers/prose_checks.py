"""Precise checks for grammar and place-sense slips in generated prose.

Each check returns the offending snippets for one error class; ``find_prose_errors`` runs them all.
They are written to be narrow (a hit is a real slip a reader would trip on), not to parse English.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from lemminflect import getAllLemmas, getInflection

from shortstory.pipeline.situation import corner_frame

_SENTENCE = re.compile(r"[^.!?]+[.!?]?")
_WORD = r"[A-Za-z][\w'’-]*"


_PLURAL_ONLY = frozenset({"people", "police", "cattle"})
"""Nouns that are plural though they are their own lemma."""


@lru_cache(maxsize=8192)
def is_plural_noun(word: str) -> bool:
    """A plural noun ("footsteps", "stories", "children"), not a mass noun that ends in s.

    Written here again on purpose, not imported: these checks judge the writer, so they must not
    share its bugs. It follows the rule of ``writers/procedural/grammar.is_plural_noun`` (the
    two agree on every word of the 100,000 most frequent English ones), and
    ``test_the_plural_oracle_agrees_with_the_writer`` says so when either drifts.
    """
    lower = word.lower()
    if lower in _PLURAL_ONLY:
        return True
    if not lower.endswith("s"):
        # An irregular plural ("children", "geese", "fishermen"): a noun of another lemma.
        irregular = getAllLemmas(lower).get("NOUN", ())
        return bool(irregular) and all(noun != lower for noun in irregular)
    if lower.endswith(("ss", "us", "'s", "’s")):
        return False
    lemmas = getAllLemmas(lower)
    nouns = lemmas.get("NOUN", ())
    if nouns:
        return all(noun != lower for noun in nouns)
    # Outside the tables' noun list ("logs"): a verb form whose lemma is also a noun. Verbs
    # only ("says", "has", "is") have no such plural, so they are no nouns.
    return any(lemma != lower and lower in getInflection(lemma, "NNS")
               for lemma in lemmas.get("VERB", ()))


@lru_cache(maxsize=8192)
def is_singular_verb(word: str) -> bool:
    """A third-person singular present verb ("shows", "says", "is", "has")."""
    lower = word.lower()
    if lower in {"is", "was", "has", "does"}:
        return True
    lemmas = getAllLemmas(lower).get("VERB", ())
    return any(lower in getInflection(lemma, "VBZ") for lemma in lemmas)


_PREP_STOP = {"of", "in", "on", "at", "by", "for", "with", "from", "under", "over", "near",
              "beside", "to", "into", "and", "or", "that", "which", "who", "where", "when",
              "behind", "below", "above", "along", "across", "round", "through", "between"}
_SINGULAR_DETERMINERS = {"a", "an", "one", "each", "every", "another", "this", "that"}


def there_is_plural(text: str) -> list[str]:
    """``there is footsteps``: a plural noun phrase after a singular ``there is/was``."""
    hits = []
    for match in re.finditer(r"\b[Tt]here (?:is|was|'s) ((?:" + _WORD + r" ?){1,5})", text):
        words = match.group(1).split()
        if words and words[0].lower() in {"only", "no", "just"}:
            words = words[1:]
        if len(words) > 2 and words[1].endswith(("'s", "’s")):
            words = words[2:]  # "a train's brakes": the article is the possessor's
        if words and words[0].lower() in _SINGULAR_DETERMINERS:
            continue
        head = None
        for word in words:
            bare = word.strip(",;:").lower()
            if bare in _PREP_STOP or (len(bare) > 4 and bare.endswith("ing")):
                break
            head = bare
            if word.endswith((",", ";", ":")):
                break
        if head and is_plural_noun(head):
            hits.append(match.group(0))
    return hits


def plural_subject_singular_verb(text: str) -> list[str]:
    """``the logs shows nothing``: ``the`` + plural noun, then a singular verb."""
    hits = []
    for match in re.finditer(r"(?<![\w'’])[Tt]he ((?:" + _WORD + r" ?){2,4})", text):
        before = text[max(0, match.start() - 12):match.start()].lower().split()
        # after a preposition "the stairs" is no subject ("something at the back stairs is")
        if before and before[-1] in _PREP_STOP | {"all", "both", "among", "inside", "outside",
                                                   "beside", "toward", "towards", "past"}:
            continue
        words = match.group(1).split()
        for noun, verb in itertools.pairwise(words[:4]):
            if noun.endswith((",", ";", ":")):
                break
            if is_plural_noun(noun):
                verb = verb.strip(",;:")
                if (is_singular_verb(verb) and not is_plural_noun(verb)) or verb.lower() in {
                        "is", "was", "has", "says", "shows"}:
                    hits.append(f"the {noun} {verb}")
                break
    return hits


def you_possessive(text: str) -> list[str]:
    """``win back you sister's trust``: ``you`` where ``your`` is meant."""
    return re.findall(r"\byou " + _WORD + r"(?:'s|’s)\b", text, flags=re.IGNORECASE)


def i_and_name(text: str) -> list[str]:
    """``I and Miriam talked``: the narrator named first."""
    return re.findall(r"\bI and [A-Z][a-z]+", text)


_PAST_TIME = (r"(?:ago|yesterday|last (?:night|week|month|year|winter|spring|summer|autumn)"
              r"|in (?:1[0-9]{3}|the (?:war|winter of)))")


def perfect_with_past_time(text: str) -> list[str]:
    """``somebody has written three hundred years ago``: a perfect with a finished time."""
    hits = []
    for sentence in _SENTENCE.findall(text):
        for match in re.finditer(
            r"\b(?:has|have)(?: not| never)? (?:" + _WORD + r" ){0,7}?(?<!since )" + _PAST_TIME
            + r"\b", sentence,
        ):
            hits.append(match.group(0))
    return hits


def corner_in_room_frame(text: str) -> list[str]:
    """``in the rock ledge``, ``the door of the yard``: a spot that is not a room framed as one.

    The kind of spot comes from ``places.json``'s ``corner_frames`` by the phrase's head noun.
    """
    hits = []
    phrase = r"(the (?:" + _WORD + r" ?){1,4})"
    for match in re.finditer(r"\b(?:in|inside|into) " + phrase, text):
        # "stood in the door of the shed" is a doorway; "in the end" an idiom
        # "a crack in the wall" is no place to stand
        if re.match(r"the (?:(?:\w+ )?(?:door|gate|end)|wall)\b", match.group(1)):
            continue
        if corner_frame(match.group(1)) in {"surface", "fixture"}:
            hits.append(match.group(0))
    for match in re.finditer(r"\b(?:the doors? of|doors (?:are|were) there in) " + phrase, text):
        if corner_frame(match.group(1)) != "room":
            hits.append(match.group(0))
    return hits


def truncated_place(text: str) -> list[str]:
    """``at the long``: a place shortened to an adjective."""
    return re.findall(r"\b(?:at|to|from|in|of) the (?:long|old|far|top|"
                      r"oldest|lower|shared|empty|high|great)[.,;!?]", text)


def found_twice(text: str) -> list[str]:
    """``Her hand found a hand found in a coat pocket``: a found phrase inside ``found``."""
    return re.findall(r"\bfound (?:a|an|the|some) (?:" + _WORD + r" ){1,5}?found\b", text)


_DOUBLE_OK = {"had", "that", "is", "very", "far", "on", "again", "knock", "tick", "drip"}


def doubled_words(text: str) -> list[str]:
    """``the the``: a word printed twice in a row."""
    return [m.group(0) for m in re.finditer(r"\b(\w+) \1\b", text, flags=re.IGNORECASE)
            if m.group(1).lower() not in _DOUBLE_OK]


def lie_as_lay(text: str) -> list[str]:
    """``when he lay`` for ``when he lied``: the wrong lemma of "lies"."""
    return re.findall(r"\bwhen (?:he|she|they|I|you|[A-Z][a-z]+) lay\b(?! (?:down|on|in|awake|"
                      r"still|there|back|flat|beside|under|with|against|across))", text)


def mixed_tense_pair(text: str) -> list[str]:
    """``hated crowds but sings in them``: two verbs of one clause in two tenses."""
    hits = []
    for match in re.finditer(r"((?:" + _WORD + r" ){1,3})but (" + _WORD + r")\b", text):
        second = match.group(2).lower()
        if not is_singular_verb(second) or "NOUN" in getAllLemmas(second):
            continue
        for word in match.group(1).split():
            lower = word.lower()
            lemmas = getAllLemmas(lower)
            if "NOUN" not in lemmas and any(
                lower != lemma and lower in getInflection(lemma, "VBD")
                for lemma in lemmas.get("VERB", ())
            ):
                hits.append(match.group(0))
                break
    return hits


def static_as_action(text: str) -> list[str]:
    """``Without thinking, he kept a pebble in each pocket``: a standing habit told as a deed."""
    return re.findall(r"\b(?:Without thinking|Before [a-z]+ could stop|Out of habit), "
                      r"(?:" + _WORD + r" ){1,2}(?:kept|keeps|had|has|hoarded|hoards|owned|"
                      r"owns|trusted|trusts|hated|hates|feared|fears)\b", text)


CHECKS = {
    "there_is_plural": there_is_plural,
    "plural_subject_singular_verb": plural_subject_singular_verb,
    "you_possessive": you_possessive,
    "i_and_name": i_and_name,
    "perfect_with_past_time": perfect_with_past_time,
    "corner_in_room_frame": corner_in_room_frame,
    "truncated_place": truncated_place,
    "found_twice": found_twice,
    "doubled_words": doubled_words,
    "lie_as_lay": lie_as_lay,
    "mixed_tense_pair": mixed_tense_pair,
    "static_as_action": static_as_action,
}


def find_prose_errors(text: str) -> dict[str, list[str]]:
    """Every hit in ``text``, by error class (classes with no hit are left out)."""
    found = {}
    for name, check in CHECKS.items():
        hits = check(text)
        if hits:
            found[name] = hits
    return found
