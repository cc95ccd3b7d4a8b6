"""Ways a writer would say the idea's fact in the story, each further from the idea's wording.

The idea reports its fact as a logline does ("discovers that the bread she leaves out for the
homeless man is being eaten by a fox"); a story says it from inside ("a fox was eating the bread
she left out for the homeless man"). :func:`restatements` gives the clause as a story would
say it, in order of closeness: the protagonist's own job turned to a pronoun ("a crime the
stenographer committed" of a stenographer -> "a crime she committed"); a passive with its doer
turned active ("is being eaten by a fox" -> "a fox is eating …"); the idea's people called by
their names in the story ("whenever her brother visits" -> "whenever Kasimir visits"). The
caller takes the first that keeps no run of the idea's words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from lemminflect import getAllLemmas, getInflection

from shortstory.pipeline.cast_names import called
from shortstory.pipeline.plan import CastMember
from shortstory.writers.procedural.grammar import is_plural_noun

_SUBJECT = {"she/her": "she", "he/him": "he", "they/them": "they"}
_OBJECT = {"she/her": "her", "he/him": "him", "they/them": "them"}
_DEFINITE = r"(?:the|her|his|their|my|our)"
"""Determiners of a person the story knows ("a dead pianist" is someone not yet met)."""
_AGENT_ENDS = frozenset({"at", "in", "on", "every", "each", "faster", "slower", "than", "when",
                         "while", "before", "after", "because", "until", "during", "for",
                         "and", "but", "since", "without", "with", "from", "to", "into"})
"""Words that end a doer's noun phrase after "by" ("by a teenager at night")."""
_RELATIVE = frozenset({"who", "that", "which", "whose"})


def restatements(clause: str, role: str, pronouns: str,
                 names: Mapping[str, str]) -> Iterator[str]:
    """``clause`` (present or past, as the idea has it), then ways of saying it further from the
    idea's words, without repeats."""
    seen: set[str] = set()
    own = own_role_as_pronoun(clause, role, pronouns)
    active = active_voice(own) or own
    for text in (clause, own, active, name_people(active, names), name_people(own, names)):
        if text not in seen:
            seen.add(text)
            yield text


def own_role_as_pronoun(clause: str, role: str, pronouns: str) -> str:
    """The protagonist's own job in the clause as their pronoun ("a crime the stenographer
    committed" -> "a crime she committed")."""
    head = role.split()[-1] if role.split() else ""
    if not head:
        return clause
    pattern = re.compile(rf"\b(?:the|that)\s+(?:[\w-]+\s+)?{re.escape(head)}\b(?!['’])",
                         re.IGNORECASE)

    def pronoun(match: re.Match[str]) -> str:
        following = clause[match.end():].split()[:1]
        word = following[0].lower() if following else ""
        verb = "VERB" in getAllLemmas(word) and word not in _AGENT_ENDS
        return (_SUBJECT if verb else _OBJECT).get(pronouns, "they" if verb else "them")

    return pattern.sub(pronoun, clause, count=1)


_PASSIVE = re.compile(
    r"\s+(?P<aux>is|are|was|were|has been|have been|had been)\s+(?P<being>being\s+)?"
    r"(?P<verb>[a-z]+)\s+(?P<middle>(?:[\w'’-]+\s+){0,5}?)by\s+(?P<agent>.+)$")
"""A passive with its doer, after its patient (which is all the clause before it)."""


def active_voice(clause: str) -> str | None:
    """A passive whose doer is named, turned active: "the bread … is being eaten by a fox" ->
    "a fox is eating the bread …", "her flock has been moved to the top field by someone who
    leaves no tracks" -> "someone who leaves no tracks has moved her flock to the top field".
    None when the clause is no such passive. The first auxiliary may be a relative clause's
    ("the wreck she was mapping was sunk…"): each is tried in turn."""
    text = clause.rstrip(".!?")
    for start in (m.start() for m in re.finditer(r"\s", text)):
        found = _PASSIVE.match(text, start)
        lemmas = getAllLemmas(found["verb"]).get("VERB", ()) if found else ()
        if found and lemmas and found["verb"] in getInflection(lemmas[0], "VBN"):
            return _turned(text[:start], found, lemmas[0])
    return None


def _turned(patient: str, found: re.Match[str], lemma: str) -> str | None:
    agent, trailing = _agent(found["agent"].split())
    if not agent or not patient or not (agent[0].lower() in _DOER_FIRST or agent[0][:1].isupper()):
        return None  # "by order of the council", "by hand": no one does it
    head = next((agent[:i] for i, word in enumerate(agent) if word.lower() in _RELATIVE), agent)
    plural = bool(head) and is_plural_noun(head[-1].lower())
    aux, being = found["aux"], bool(found["being"])
    if being:
        past = aux in {"was", "were"}
        form = ("were" if past else "are") if plural else ("was" if past else "is")
        form += " " + _ing(lemma)
    elif aux in {"has been", "have been"}:
        form = ("have " if plural else "has ") + _inflect(lemma, "VBN")
    elif aux == "had been":
        form = "had " + _inflect(lemma, "VBN")
    elif aux in {"was", "were"}:
        form = _inflect(lemma, "VBD")
    else:
        form = _inflect(lemma, "VBP" if plural else "VBZ")
    patient = _OBJECT_FORM.get(patient.lower(), patient[0].lower() + patient[1:]
                               if not patient.startswith("I ") else patient)
    middle = found["middle"].strip()
    if middle.lower() in _PARTICLES:  # "watered down": the particle stays by its verb
        form, middle = f"{form} {middle}", ""
    parts = [" ".join(agent), form, patient, middle, " ".join(trailing)]
    return " ".join(p for p in parts if p)


_DOER_FIRST = frozenset({"the", "a", "an", "her", "his", "their", "my", "our", "its", "your",
                         "some", "someone", "somebody", "nobody", "everyone", "one", "two",
                         "three", "this", "that", "these", "those", "another", "each"})
"""Words a doer after "by" begins with (or a name): "by a fox", "by someone", not "by hand"."""
_OBJECT_FORM = {"they": "them", "he": "him", "she": "her", "we": "us", "i": "me"}
_PARTICLES = frozenset({"down", "up", "out", "off", "away", "back", "in", "over"})
_TIME_WORDS = frozenset({"one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                         "ten", "twenty", "thirty", "forty", "fifty", "sixty", "hundred",
                         "last", "years", "ago", "yesterday", "tonight", "long", "once"})


def _agent(tokens: list[str]) -> tuple[list[str], list[str]]:
    """The doer's noun phrase after "by", and what follows it ("a teenager", "at night")."""
    for i, token in enumerate(tokens):
        lower = token.lower()
        if lower in _RELATIVE:
            return tokens, []  # "someone who leaves no tracks": the clause is the doer's
        if i > 1 and (lower in _TIME_WORDS or lower.isdigit()):
            return tokens[:i], tokens[i:]  # "by the dam fifty years ago"
        if i and lower in _AGENT_ENDS:
            return tokens[:i], tokens[i:]
    return tokens, []


def _ing(lemma: str) -> str:
    return _inflect(lemma, "VBG")


def _inflect(lemma: str, tag: str) -> str:
    forms = getInflection(lemma, tag)
    return forms[0] if forms else lemma


def name_people(clause: str, names: Mapping[str, str]) -> str:
    """The idea's people the story knows called by their names ("whenever her brother visits"
    -> "whenever Kasimir visits"); ``names`` maps a person's head noun to a name. A person named
    with what marks them out after the head ("the old woman who rides…") is left as the idea
    has them."""
    out = clause
    for head, name in names.items():
        if is_plural_noun(head):
            continue  # one name is not "her students" ("one of Elias cannot read")
        # A name takes no relative clause or place without commas ("Elias who rides…",
        # "Kasimir in room nine"): such a person keeps their description.
        pattern = re.compile(rf"\b{_DEFINITE}\s+(?:[\w-]+\s+){{0,2}}?{re.escape(head)}\b"
                             rf"(?!['’]|\s+(?:who|that|which|whose|in|on|at|from|of|with)\b)",
                             re.IGNORECASE)
        out = pattern.sub(name, out, count=1)
    return out


def story_names(people: list[str], cast: list[CastMember]) -> dict[str, str]:
    """The idea's people (``people``: "brother", "the other tuner") by head noun, each with the
    first name of the first cast member cast in that role."""
    heads = {person.split()[-1].lower() for person in people if person.split()}
    names: dict[str, str] = {}
    for member in cast:
        head = member.short_role.split()[-1].lower() if member.short_role.split() else ""
        if head in heads:
            names.setdefault(head, called(member.name))
    return names
