"""Telling the idea in the story's own words instead of pasting it.

The idea's predicate ("discovers that the sourdough starter she inherited from her grandmother
rises only when someone in the building is lying") is told in two parts: the *deed*, what the
protagonist does, short ("discovered something about the sourdough starter", "took a job"), and
the *detail*, the clause the idea reports, in the story's tense, with the central object as
"it" ("it rose when someone in that building was lying"). Neither may carry a run of
``MAX_RUN`` or more of the idea's words in a row (:mod:`.idea_runs`): soft words are dropped and
articles turned until none does, and a detail that cannot be broken up is not told at all.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from lemminflect import getAllLemmas

from shortstory.writers.procedural.fact_telling import restatements
from shortstory.writers.procedural.grammar import (
    conjugate,
    inflect_phrase,
    is_past_form,
    is_plural_noun,
    narrator_pronouns,
    verb_lemma,
)
from shortstory.writers.procedural.idea_runs import (
    literal_run,
    longest_run,
    refuse_runs,
)
from shortstory.writers.procedural.idea_voice import BREAKS, as_narrator, is_finite_present
from shortstory.writers.procedural.lexicons import lexicon
from shortstory.writers.procedural.retelling import retell
from shortstory.writers.procedural.tense_shift import DETERMINERS, TO_PAST, to_tense

KNOWING = frozenset({"discover", "notice", "realise", "realize", "learn", "find", "hear",
                     "overhear", "suspect", "see", "know", "recognise", "recognize",
                     "understand", "sense", "guess", "remember"})
"""Verbs whose object is a fact: their deed is "noticed something about …"."""
_TRAILING = frozenset({"during", "near", "inside", "behind", "beside"})
_ENDLESS = frozenset({"in", "on", "at", "into", "onto", "under", "over", "from", "with", "for",
                      "of", "to", "by", "outside", "across", "through", "around", "above"})
"""Words an object phrase cut at its fourth word may not end on."""


def retold(text: str, tense: str, words: tuple[str, ...], subject: str = "") -> str | None:
    """``text`` as it is, or cut into sentences of the story's own that keep no run of the
    idea's words (:func:`~shortstory.writers.procedural.retelling.retell`), or None."""
    return retell(text, tense, lambda told: bool(longest_run(told, words)
                                                 or literal_run(told, words)), subject)


def _told_past(part: str) -> bool:
    """Whether a clause's verb is past already ("and invented lives": never "invented lived")."""
    return any(is_past_form(w.lower()) for w in part.split()[1:3])


def event(predicate: str, pronouns: str, pov: str, tense: str, words: tuple[str, ...],
          person: str) -> str | None:
    """The whole of what the protagonist does in the idea, with its subject, in sentences of
    the story's own ("she found an empty yacht. There was dinner still warm on the table"), for
    an idea whose predicate reports no fact for :func:`detail` to tell; None when it cannot be
    told without a run of the idea's words, or says no more than the deed."""
    # ", one crossing at a time", ", every night": a trailing adverbial is how often, never
    # a thing of its own ("The island was under quarantine, one crossing. The crossing was at
    # a time.")
    predicate = _TRAILING_ADVERBIAL.sub("", predicate.rstrip(".!?"))
    text, began_with_verb = inflect_phrase(predicate, pronouns, pov, tense,
                                           subject_person=person)
    if not began_with_verb:
        return None
    subject = narrator_pronouns(pov, pronouns).subject
    # The lead verb is inflected already ("found"); the verbs of later clauses are turned
    # here ("and learns to copy" -> "and learned to copy"), each from its joining word on.
    parts = re.split(r"(?=\b(?:and|then|that|who|which)\b)", text)
    text = "".join([parts[0], *(part if _told_past(part) else to_tense(part, tense)
                                for part in parts[1:])])
    clause = as_narrator(f"{subject} {text}", pronouns, pov, tense)
    told = retold(clause, tense, words, subject)
    if told is None or "." not in told:
        return None  # one sentence is the deed again, told whole
    if _STRANDED_RELATIVE.search(told):
        return None  # "The car was climbing that nobody boarded": the relative was the car's
    return told


_TRAILING_ADVERBIAL = re.compile(r",\s+(?:one|each|every|all|night|day)\b[^,]*$", re.IGNORECASE)
_STRANDED_RELATIVE = re.compile(r"\b(?:is|are|was|were) \w+ing (?:that|which|who)\b")


_LEADING = frozenset({"for", "with", "into", "on", "at", "across", "over", "through", "from",
                      "as"})
"""A preposition an object may open with ("falls for the groom's brother", "works as a cook")."""


_PARTICLES = frozenset({"up", "out", "off", "down", "on", "in", "over", "back", "away"})
_CLAUSE_SUBJECTS = frozenset({"i", "you", "he", "she", "we", "they", "someone", "nobody"})
"""Pronouns that open a clause of their own after the object ("a message she knows…")."""


def _object_head(words: list[str]) -> list[str]:
    """The object noun phrase at the start of ``words``, up to its first break word."""
    return _object_span(words)[0]


def _object_span(words: list[str]) -> tuple[list[str], int]:
    """The object noun phrase at the start of ``words`` and how many of them it takes."""
    taken: list[str] = []
    used = 0
    for n, word in enumerate(words):
        bare = word.lower().strip(",.;:")
        if (bare in BREAKS or bare in _CLAUSE_SUBJECTS) and taken:
            break  # "a message she knows will start a strike": the object is "a message"
        if bare in BREAKS and not (n == 0 and bare in _LEADING and len(words) > 1):
            return [], 0
        after_noun = bool(taken) and taken[-1].lower() not in DETERMINERS and (
            "NOUN" in getAllLemmas(taken[-1].lower()))
        lemmas = getAllLemmas(bare)
        if after_noun and (_is_participle(bare) or (bare not in lemmas.get("NOUN", ()) and (
                is_finite_present(bare) or (bare.endswith("ing") and "VERB" in lemmas)))):
            break  # "the lamp lit every night…": the object ends where its participle begins
        taken.append(word.strip(",.;:"))
        used = n + 1
        if word.endswith(",") or len(taken) >= 6:
            break
        following = words[n + 1].lower().strip(",.;:") if n + 1 < len(words) else ""
        if following in {"for", "of"} and n + 2 < len(words) and len(taken) <= 2 and (
                words[n + 2].lower() not in BREAKS | DETERMINERS):
            # "orders for bread", "a jar of honey": the object's own complement
            taken += [words[n + 1], words[n + 2].strip(",.;:")]
            used = n + 3
            break
    # "keeps a baseball diary inside": the object ends on its noun, never on a preposition
    while taken and taken[-1].lower() in DETERMINERS | _TRAILING | _ENDLESS:
        taken.pop()
    if len(taken) > 4:
        # At most four words: those before a place ("trapped a inside a bottle"), else the head
        place = next((i for i in range(2, 5) if taken[i].lower() in _PREPOSITIONS), 0)
        lead = next((i for i, w in enumerate(taken)
                     if w.lower() not in DETERMINERS | _LEADING | BREAKS), 0)
        taken = taken[:place] if place else (
            taken[:lead] + taken[max(lead, len(taken) - (4 - lead)):])  # "for the chess champion"
    return taken, used


_SHUT_IN = frozenset({"snow", "lock", "shut", "wall", "box", "hem", "fence", "seal", "brick",
                      "fog", "ice", "rain", "flood"})
"""Verbs whose passive takes "in" as a particle: "snowed in", "locked in"."""


def deed(predicate: str, item: str, pronouns: str, pov: str, tense: str,
         words: tuple[str, ...], person: str) -> str | None:
    """What the protagonist does in the idea, short and in the story's tense, or None."""
    tokens = predicate.rstrip(".!?").split()
    if not tokens:
        return None
    modal = tokens[0].lower() in {"must", "has", "have"} and len(tokens) > 2 and (
        tokens[0].lower() == "must" or tokens[1].lower() == "to")
    start = 1 if tokens[0].lower() == "must" else 2 if modal else 0
    verb_phrase = tokens[start:]
    if not verb_phrase:
        return None
    lemma_forms = getAllLemmas(verb_phrase[0].lower()).get("VERB", ())
    lemma = lemma_forms[0] if lemma_forms else verb_phrase[0].lower()
    rest = verb_phrase[1:]
    fallback = ""  # a shorter deed, told where the first would say the idea again
    if lemma in {"be", "get"} and rest and _is_participle(rest[0].lower()):
        # "is asked to mend a cracked bell jar": the deed is what they are asked to do, never
        # only "am asked".
        tail = [rest[0]]
        second = rest[1].lower() if len(rest) > 1 else ""
        third = rest[2].lower() if len(rest) > 2 else ""
        particle: list[str] = []
        if second in _PARTICLES and third not in DETERMINERS:
            particle = [rest[1]]  # "are snowed in together at…": "snowed in", never "snowed"
        elif second == "to" and third:
            tail += ["to", rest[2], *_object_head(rest[3:])]
        elif second in _PREPOSITIONS | {"of", "for", "with"} and third in DETERMINERS:
            # "is locked in a cellar"; "was recognised" where the place would say the idea
            # again ("is recognised in a motorway service station"); "snowed into a café"
            # keeps its particle ("snowed in", never "I am snowed")
            shut_in = second in {"in", "into"} and verb_lemma(rest[0].lower()) in _SHUT_IN
            fallback = f"{lemma} {rest[0]}" + (" in" if shut_in else "")
            tail += [rest[1], *_object_head(rest[2:])]
        else:
            tail += _object_head(rest[1:])
        while tail and tail[-1].lower() in BREAKS | _TRAILING:
            tail.pop()  # "…one oven during": the phrase ends on its object
        phrase = " ".join([lemma, *tail, *particle])
    elif lemma in KNOWING or (rest and rest[0].lower() == "that"):
        about = f" about {item}" if item else ""
        phrase = f"{lemma} something{about}"
    elif rest and rest[0].lower().endswith("ing") and "VERB" in getAllLemmas(rest[0].lower()):
        # "keeps picking up a distress call": the gerund and its particle are the deed's verb,
        # and its object is taken whole ("a distress call", not "picking up a distress").
        chain = rest[:2] if len(rest) > 1 and rest[1].lower() in _PARTICLES else rest[:1]
        phrase = " ".join([lemma, *chain, *_object_head(rest[len(chain):])])
    else:
        obj = _object_head(rest)
        phrase = " ".join([lemma, *obj])
    for wording in (phrase, fallback):
        if not wording:
            continue
        text, began_with_verb = inflect_phrase(f"have to {wording}" if modal else wording,
                                               pronouns, pov, tense, subject_person=person)
        if not began_with_verb:
            return None
        told = refuse_runs(text, words)
        if told is not None:
            return told
    return None


_PREPOSITIONS = frozenset({"in", "on", "at", "from", "under", "inside", "behind", "beside",
                           "near", "across", "into", "over", "below", "above", "beyond"})


@lru_cache(maxsize=4096)
def _is_participle(word: str) -> bool:
    """Whether ``word`` is a past form of a verb ("lit", "written", "sealed")."""
    verbs = getAllLemmas(word).get("VERB", ())
    return any(word != v and not word.endswith(("s", "ing")) for v in verbs)


def aftermath(predicate: str, tense: str, words: tuple[str, ...], pronouns: str = "they/them",
              pov: str = "close_third") -> str | None:
    """What the idea says of the deed's object, as a clause of its own ("finds the lamp lit every
    night by someone else" -> "it was lit each night by someone else"), or None."""
    tokens = predicate.rstrip(".!?").split()
    if len(tokens) < 3:
        return None
    # "has to decide whether…", "must choose…": the verb is the one after the modal
    verb_at = 2 if tokens[1].lower() == "to" else 1 if tokens[0].lower() == "must" else 0
    rest = tokens[verb_at + 1 :]
    obj, used = _object_span(rest)
    remainder = rest[used:]
    # One clause only: "…, and this season someone is buying them all" is another story.
    for n, word in enumerate(remainder):
        if word.endswith(",") or word.lower() == "and":
            remainder = remainder[: n + (0 if word.lower() == "and" else 1)]
            break
    remainder = [w.rstrip(",") for w in remainder]
    head_word = obj[-1].lower() if obj else ""
    if (len(remainder) < 2 or "NOUN" not in getAllLemmas(head_word) or head_word.endswith("ing")
            or head_word in BREAKS | {"behind", "up", "down", "out", "off", "away", "back"}):
        return None  # "stays behind", "starts swimming": no thing to say "it" of
    head = obj[-1].lower()
    plural = head.endswith("s") and not head.endswith("ss") and "NOUN" in getAllLemmas(head)
    people = _words("people")
    said = _is_participle(remainder[0].lower()) and remainder[1].lower() in _words("subjects")
    if head in people or head.endswith(("man", "men")) or remainder[0].lower() == "who" or said or (
            plural and pronouns == "they/them" and pov != "close_third"):
        return None  # a person is never "it"; "they" would be "I" in a they/them narrator
    subject, be = ("they", "are") if plural else ("it", "is")
    first = remainder[0].lower().strip(",")
    tail = " ".join(remainder[1:])
    if first in {"that", "which", "who"}:
        lead = tail.split()[0].lower() if tail else ""
        if not lead or not ({"VERB", "AUX"} & set(getAllLemmas(lead))
                            or lead in _words("modals")):
            return None  # "…tell his bees that his brother has died": a fact, not the bees'
        clause = f"{subject} {tail}"
    elif first in {"while", "when"} and remainder[1].lower().endswith("ing"):
        own = narrator_pronouns(pov, pronouns)
        verb = conjugate("be", own.person, "present")
        clause = f"{own.subject} {verb} {tail} at the time"
    elif (first in _PREPOSITIONS - _words("motion")) or _is_participle(first):
        # "it was in a guest's shoe"; never "it was into glass", "it was to the bride"
        clause = f"{subject} {be} {' '.join(remainder)}"
    elif first == "to" and len(remainder) > 1 and "VERB" in getAllLemmas(
            remainder[1].lower()) and head not in people:
        # "pigeons to carry messages": they were meant to; never "her mother to swim", "it
        # was meant to the bride"
        clause = f"{subject} {be} meant {' '.join(remainder)}"
    else:
        return None
    if tense == "past" and to_tense(clause, tense) == clause:
        return None  # no finite verb to tell it by
    return retold(as_narrator(to_tense(clause, tense), pronouns, pov, tense), tense, words)


_AFTER_ITEM = (r"(?:\s+(?:she|he|they|I)\s+(?:is\s+|was\s+|are\s+)?\w+"
               r"(?:\s+(?:from|by|of)\s+(?:\w+\s+)?\w+)?)?",
               *(rf"\s+(?:in|on|at|of|from|inside|under)\s+(?:the|a|an|her|his|their|my)"
                 rf"(?:\s+[\w'’-]+){{{n}}}" for n in (1, 2, 3)))
"""What may follow the central object before its verb, all of it told as "it"."""


def detail(predicate: str, item: str, tense: str, words: tuple[str, ...],
           pronouns: str = "they/them", pov: str = "close_third", role: str = "",
           names: Mapping[str, str] | None = None) -> str | None:
    """The fact the idea reports, as a clause in the story's tense with the object as "it".

    Only a predicate that reports a fact has one ("discovers that the starter rises only when
    …", "realises the people following her are from her own agency"). It is said the way a
    story would say it (:func:`~.fact_telling.restatements`: the protagonist's ``role`` as a
    pronoun, a doer made the subject, the idea's people by the ``names`` the story gives them).
    """
    # A quotation mark is not part of a word ("a text: 'If the groom…'"); an apostrophe is.
    tokens = re.sub(r"(?<![\w])['‘]|['’](?![\w])", " ", predicate.rstrip(".!?")).split()
    if len(tokens) < 3:
        return None
    lemma_forms = getAllLemmas(tokens[0].lower()).get("VERB", ())
    lemma = lemma_forms[0] if lemma_forms else ""
    found_out = lemma == "find" and [t.lower() for t in tokens[1:3]] == ["out", "that"]
    if lemma not in KNOWING - {"begin", "start", "find"} and tokens[1].lower() != "that" and (
            not found_out):
        return aftermath(predicate, tense, words, pronouns, pov)
    # "realises halfway to Santiago that the relic…": the fact starts after its "that"
    that = next((n for n, t in enumerate(tokens[1:6], start=1) if t.lower() == "that"), 0)
    clause = tokens[that + 1 :] if that else tokens[1:]
    text = " ".join(clause)
    if item:
        # The central object is named in the deed: here it is "it".
        bare = re.sub(r"^the\s+", "", item)
        head = bare.split()[-1]
        for after in _AFTER_ITEM:  # "the wreck she is mapping", "the scene in an old film"
            pattern = re.compile(rf"^(?:the|a|an|her|his|their|my)\s+(?:[\w'’]+\s+){{0,3}}?"
                                 rf"{re.escape(head)}\b{after}", re.IGNORECASE)
            replaced = pattern.sub("they" if is_plural_noun(head) else "it", text, count=1)
            following = replaced.split()[1].lower() if len(replaced.split()) > 1 else ""
            if is_finite_present(following) or following in TO_PAST or following in {
                    "was", "were", "had", "did"}:
                text = replaced  # "it rises…", never "it on molars has collapsed"
                break
    if len(text.split()) < 3 or not any(
            is_finite_present(w.lower()) or w.lower() in TO_PAST or w.lower() in
            {"was", "were", "had", "did"} for w in text.split()):
        # "hears a gunshot hidden in a recording": what is heard, said of the thing heard
        return aftermath(predicate, tense, words, pronouns, pov) if not that else None
    for said in restatements(text, role, pronouns, names or {}):
        told = retold(as_narrator(to_tense(said, tense), pronouns, pov, tense), tense, words)
        if told is not None:
            return told
    return None


@lru_cache(maxsize=8)
def _words(kind: str) -> frozenset[str]:
    """One of the lexicon's ``telling_words`` lists (people, motion prepositions, numbers…)."""
    return frozenset(lexicon()["telling_words"][kind])
