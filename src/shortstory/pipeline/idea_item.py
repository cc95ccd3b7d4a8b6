"""The idea's central prop: the first thing in its predicate a person could pick up, put down or
leave somewhere ("finds a bell jar" -> "the bell jar"), never a place, a person, an event, a
time or what nobody carries (the strait, the fog, the calls)."""

from __future__ import annotations

from lemminflect import getAllLemmas

from shortstory.pipeline.idea_lexicon import (
    _CONDITIONS,
    _EVENTS,
    _FUNCTION_WORDS,
    _LOCATIVE,
    _MEASURES,
    _NOT_THINGS,
    _PHRASE_STOP,
    _POSSESSIVE,
    _PRONOUNS,
    _RELATIVES,
    _TIMES,
    _UNHELD,
    _bare,
    _is_person,
    _is_predicate,
    _singular,
)
from shortstory.pipeline.place_table import _DETERMINERS, _places


def _item(predicate: list[str], role: str, place: str) -> str:
    skip = set(_places()["abstract"]) | set(role.split()[-1:]) | set(place.split())
    skip |= {w for w in _places()["places"]}
    for i, token in enumerate(predicate[1:], start=1):
        word = _bare(token)
        if (len(word) < 3 or word.endswith("ing") or word in skip or word in _DETERMINERS
                or word in _PRONOUNS or token.lower().endswith(_POSSESSIVE)):
            continue
        lemmas = getAllLemmas(word)
        after = _bare(predicate[i + 1]) if i + 1 < len(predicate) else ""
        # "a cold lake": an adjective; "a seed that…": a noun that is an adjective too
        attribute = "ADJ" in lemmas and not (
            _bare(predicate[i - 1]) in _DETERMINERS and (
                after in _RELATIVES | _PHRASE_STOP | _LOCATIVE
                or not {"NOUN", "VERB", "ADJ"} & set(getAllLemmas(after))))
        if "NOUN" not in lemmas or attribute or _bare(predicate[i - 1]) in _RELATIVES:
            continue
        if word in _FUNCTION_WORDS or word in _RELATIVES or _is_person(word):
            continue  # "the people following her", "a dying patient's visitors": not things
        if word in _EVENTS | _CONDITIONS | _TIMES | _NOT_THINGS | _UNHELD or (
                _singular(word) in _EVENTS):
            continue  # "the talent show", "under curfew", "ten years earlier": not things
        previous = _bare(predicate[i - 1])
        previous_lemmas = getAllLemmas(previous)
        in_place = (previous in _places()["places"] and i >= 2 and _bare(predicate[i - 2])
                    in _DETERMINERS and _bare(predicate[i - 3]) not in _LOCATIVE)  # "a tower clock"
        modified = (previous in _DETERMINERS or i == 1 or "ADJ" in previous_lemmas or in_place
                    or predicate[i - 1].lower().endswith(_POSSESSIVE)  # "guests' shoes"
                    or previous.endswith(("ed", "ing")) or token.endswith(","))
        owner = predicate[i - 1].lower().endswith(("'s", "’s", "s'", "s’"))
        if (not modified or (_is_person(previous) and not owner)) and "VERB" in lemmas:
            continue  # "until a stranger starts racing her": the stranger's verb
        words = [word]
        if i + 1 < len(predicate) and not token.endswith(","):
            following = _bare(predicate[i + 1])
            follow = getAllLemmas(following)
            ordinary = skip - set(_places()["places"])  # "bell tower": a place word may follow
            plural = getAllLemmas(word).get("NOUN", (word,))[0] != word
            if following in place.split()[-1:]:
                continue  # "a seaside pool" at the pool: the place's own phrase, no thing
            if ("NOUN" in follow and following not in ordinary | _RELATIVES | _PRONOUNS
                    and following not in _FUNCTION_WORDS | _PHRASE_STOP | _TIMES
                    and not (plural and "VERB" in follow)  # "maps change": a verb
                    and not _is_predicate(predicate, i + 1)  # "the marquee blows away"
                    and not predicate[i + 1].lower().endswith(("'s", "’s"))
                    and not following.endswith(("ed", "ing")) and "ADJ" not in follow):
                words.append(following)  # "bell tower", "tide tables"
            elif predicate[i + 1].lower().endswith(("'s", "’s")):
                continue  # "a generation ship's teacher": the owner's phrase is no thing
        head = words[-1]
        if head in _EVENTS | _CONDITIONS | _NOT_THINGS or head.endswith("ness") or (
                previous == "next"):
            continue  # "a talent show", "children chess", "face blindness", "next door"
        singular = getAllLemmas(head).get("NOUN", (head,))[0]
        if singular != head and singular in _MEASURES:
            # A plural is held and handed over as one thing: "the packet of seeds".
            return f"the {_MEASURES[singular]} of {' '.join(words)}"
        return "the " + " ".join(words)
    return ""
