"""Point-of-view and tense slips the judge can put right without a model.

The judge's repair request asks the model to rewrite the sentences holding slips; a model that
cannot follow it (a small local one, typically) leaves them. What the POV/tense linter can name
a replacement for is then fixed here, word by word:

- **person**: in first-person narration the protagonist's name or a ``she``/``he`` with nobody
  else to refer to becomes ``I`` (the rest of the full name goes with it), a present verb after
  it agrees (``walks`` → ``walk``, ``is`` → ``am``), and in the rest of that sentence, when no
  one else is named there, the protagonist's pronouns become ``my``/``me``/``myself``; second
  person the same with ``you``/``your``/``yourself``; in close third a narrating
  ``I``/``me``/``my``/``myself`` becomes the protagonist's pronoun;
- **tense**: a verb the linter flags with an expected form takes it (``walked`` → ``walks``);
  the past auxiliaries it names without one take their present (``was`` → ``is``/``am``).

The linter runs again after each round, since a fix can reveal the next slip (a ``she`` whose
only referent was the name just replaced). Speech is never touched.

A passage of a first- or second-person story told wholly in the third person about the
protagonist ("Wren walked to the pool. She unlocked the gate…", a small model's habit) is more
than slips: :func:`told_in_third` recognises it and :func:`retell` gives the protagonist the
story's person throughout — the name as a subject becomes ``I``, elsewhere ``me``, its
possessive ``my``; the protagonist's pronouns follow whoever was named last (another person of
the same or unknown gender takes them over until the protagonist is named again), and an object
pronoun in a clause the protagonist is the subject of stays someone else's (``I smiled at her``)
unless it follows a preposition of place (``the water closed over me``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from shortstory.analysis.lemmas import inflect_verb, verb_tag
from shortstory.analysis.pov import PovTenseIssue, lint_pov_tense
from shortstory.analysis.pov.clauses import Sentence, Token, read_sentences
from shortstory.analysis.pov.person import name_genders, text_names

ROUNDS = 3
_EXPECTED = re.compile(r"expected '([^']+)'")
_WORD = re.compile(r"[A-Za-z']+")
_QUOTES = re.compile(r"[\"“”]")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
_NOT_A_NOUN = frozenset({
    "the", "a", "an", "to", "in", "on", "at", "with", "and", "but", "or", "of", "for", "from",
    "by", "as", "into", "onto", "over", "under", "up", "down", "out", "off", "away", "back",
    "again", "then", "there", "here", "now", "too",
})

PRONOUN_SETS = {
    "she": ("she", "her", "her", "herself"),
    "he": ("he", "him", "his", "himself"),
    "they": ("they", "them", "their", "themselves"),
}
"""subject, object, possessive, reflexive, by the first word of a character's pronouns."""
AGREEMENT = {
    "i": {"is": "am", "are": "am", "has": "have", "does": "do", "isn't": "am not",
          "aren't": "am not", "doesn't": "don't", "hasn't": "haven't", "were": "was",
          "weren't": "wasn't"},
    "you": {"is": "are", "am": "are", "has": "have", "does": "do", "isn't": "aren't",
            "doesn't": "don't", "hasn't": "haven't", "was": "were", "wasn't": "weren't"},
    "third": {"am": "is", "are": "is", "have": "has", "do": "does", "don't": "doesn't",
              "haven't": "hasn't", "aren't": "isn't", "were": "was", "weren't": "wasn't"},
}
"""Auxiliaries after a subject changed to ``I``, ``you``/``they`` or ``he``/``she``."""
_PRESENT_OF = {"was": "is", "were": "are", "had": "has", "did": "does", "wasn't": "isn't",
               "weren't": "aren't", "hadn't": "hasn't", "didn't": "doesn't"}
_FIRST_PERSON_PRESENT_OF = {"was": "am", "had": "have", "did": "do", "wasn't": "am not",
                            "hadn't": "haven't", "didn't": "don't"}


def pronoun_set(pronouns: str) -> tuple[str, str, str, str]:
    """The protagonist's (subject, object, possessive, reflexive) from ``she/her``-style text."""
    first = pronouns.split("/", 1)[0].strip().lower()
    return PRONOUN_SETS.get(first, PRONOUN_SETS["they"])


def fix_voice(text: str, pov: str, tense: str, names: Iterable[str],
              pronouns: str) -> tuple[str, int]:
    """``text`` with the POV and tense slips fixed that can be fixed word by word, and how many
    words changed. ``names`` lists the characters, the protagonist first."""
    names = [name for name in names if name]
    fixes = 0
    for _ in range(ROUNDS):
        issues = [i for i in lint_pov_tense(text, pov, tense, names) if i.kind == "pov"]
        edits = _person_edits(text, issues, pov, tense, names[0] if names else "", pronouns)
        if not edits:
            break
        text, fixes = _apply(text, edits), fixes + len(edits)
    for _ in range(ROUNDS):
        issues = [i for i in lint_pov_tense(text, pov, tense, names) if i.kind == "tense"]
        edits = [edit for edit in (_tense_edit(text, i) for i in issues) if edit]
        if not edits:
            break
        text, fixes = _apply(text, edits), fixes + len(edits)
    return text, fixes


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    seen: set[int] = set()
    for start, end, new in sorted(edits, reverse=True):
        if start in seen:
            continue
        seen.add(start)
        text = text[:start] + new + text[end:]
    return text


def _cased(new: str, old: str) -> str:
    if new == "I" or not old[:1].isupper():
        return new
    return new[:1].upper() + new[1:]


def _opens_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in ".!?\"“”\n"


def _person_edits(text: str, issues: list[PovTenseIssue], pov: str, tense: str,
                  protagonist: str, pronouns: str) -> list[tuple[int, int, str]]:
    subject, object_, possessive, reflexive = pronoun_set(pronouns)
    edits: list[tuple[int, int, str]] = []
    narrator = {"first": ("I", "me", "my", "myself"),
                "second": ("you", "you", "your", "yourself")}.get(pov)
    for issue in issues:
        word = issue.text
        opening = _opens_sentence(text, issue.start)
        expected = _EXPECTED.search(issue.message)
        own_name = word.removesuffix("'s").removesuffix("’s") in protagonist.split()
        if narrator and own_name and expected and expected.group(1) not in ("I", "you"):
            # The protagonist named as an object or a possessor: "handed Maren the keys" takes
            # "me", "Maren's coat" takes "my" (the possessive's "'s" goes with the name).
            end = _past_name(text, issue.end, protagonist)
            if text.startswith(("'s", "’s"), end):
                end += 2
            edits.append((issue.start, end, _cased(expected.group(1), "X" if opening else "x")))
        elif narrator and (word.lower() in ("she", "he", "they") or own_name):
            end = _past_name(text, issue.end, protagonist)
            edits.append((issue.start, end, _cased(narrator[0], "X" if opening else "x")))
            edits += _agreement(text, end, narrator[0].lower())
            edits += _own_words(text, end, (object_, possessive, reflexive), narrator[1:],
                                tense)
        elif pov == "close_third":
            replacement = {"i": subject, "me": object_, "my": possessive,
                           "myself": reflexive}.get(word.lower())
            if replacement:
                edits.append((issue.start, issue.end,
                              _cased(replacement, "X" if opening else "x")))
                if word.lower() == "i":
                    edits += _agreement(text, issue.end, subject)
    return edits


def _past_name(text: str, end: int, protagonist: str) -> int:
    """Where the protagonist's full name ends, when it goes on after the flagged word."""
    for rest in protagonist.split()[1:]:
        match = re.match(rf"\s+{re.escape(rest)}\b", text[end:])
        if not match:
            break
        end += match.end()
    return end


def _next_word(text: str, position: int) -> re.Match[str] | None:
    return re.match(r"\s+([A-Za-z']+)", text[position:])


def _agreement(text: str, position: int, subject: str) -> list[tuple[int, int, str]]:
    """The verb right after a changed ``subject`` (``i``, ``you``, ``they`` or ``he``/``she``),
    made to agree with it."""
    match = _next_word(text, position)
    if match is None:
        return []
    start, end = position + match.start(1), position + match.end(1)
    lowered = match.group(1).lower()
    kind = subject if subject in ("i", "you", "they") else "third"
    if kind == "they":
        kind = "you"
    new = AGREEMENT[kind].get(lowered)
    if new is None:
        tag, wanted = ("VBP", "VBZ") if kind == "third" else ("VBZ", "VBP")
        new = inflect_verb(lowered, wanted) if verb_tag(lowered) == tag else lowered
    return [(start, end, new)] if new != lowered else []


def _own_words(text: str, position: int, forms: tuple[str, str, str],
               narrator: tuple[str, str, str], tense: str) -> list[tuple[int, int, str]]:
    """In the rest of the sentence, the protagonist's object, possessive and reflexive pronouns
    made the narrator's (``narrator``: object, possessive, reflexive), and a present verb joined
    by "and" made to agree, when the sentence names nobody else and quotes nothing."""
    end_match = _SENTENCE_END.search(text, position)
    end = end_match.end() if end_match else len(text)
    rest = text[position:end]
    if _QUOTES.search(rest) or re.search(r"\s[A-Z][a-z]", rest):
        return []
    object_, possessive, reflexive = forms
    my_object, my_possessive, my_reflexive = narrator
    edits = []
    words = list(_WORD.finditer(rest))
    for index, match in enumerate(words):
        lowered = match.group().lower()
        new = None
        if lowered == reflexive:
            new = my_reflexive
        elif lowered == possessive and lowered == object_:
            following = words[index + 1].group().lower() if index + 1 < len(words) else ""
            gap = rest[match.end():words[index + 1].start()] if index + 1 < len(words) else "."
            new = (my_object if not following or gap.strip() or following in _NOT_A_NOUN
                   else my_possessive)
        elif lowered == possessive:
            new = my_possessive
        elif lowered == object_:
            new = my_object
        elif (tense == "present" and index and words[index - 1].group() == "and"
              and verb_tag(lowered) == "VBZ"):
            new = inflect_verb(lowered, "VBP")
        if new:
            edits.append((position + match.start(), position + match.end(), new))
    return edits


def _tense_edit(text: str, issue: PovTenseIssue) -> tuple[int, int, str] | None:
    expected = _EXPECTED.search(issue.message)
    if expected:
        return issue.start, issue.end, _cased(expected.group(1), issue.text)
    lowered = issue.text.lower()
    before = text[max(0, issue.start - 3):issue.start]
    table = _FIRST_PERSON_PRESENT_OF if re.search(r"\bI\s+$", before) else _PRESENT_OF
    if lowered in table:
        return issue.start, issue.end, _cased(table[lowered], issue.text)
    return None


NARRATOR = {"first": ("I", "me", "my", "myself", "mine"),
            "second": ("you", "you", "your", "yourself", "yours")}
"""The narrator's subject, object, possessive, reflexive and independent possessive."""
THIRD_SHARE = 4
"""A passage is told in the third person when its references to the protagonist in the third
person outnumber its narrator's own words this many times (and there are at least two)."""
_PLACE_PREPOSITIONS = frozenset({
    "around", "round", "behind", "beside", "over", "under", "beneath", "above", "below", "near",
    "against", "inside", "within", "through", "across", "along", "past", "about",
})
_POSSESSIVE_END = re.compile(r"['’]s\b")
_NAMING = re.compile(r"\b(?:called|named|call|calls|name (?:is|was))(?: \w+)?\s+$",
                     re.IGNORECASE)


def told_in_third(text: str, pov: str, names: Iterable[str], pronouns: str) -> bool:
    """Whether ``text``, from a first- or second-person story, narrates its protagonist (the
    first of ``names``) in the third person instead of the story's person."""
    names = [name for name in names if name.strip()]
    if pov not in NARRATOR or not names:
        return False
    own = {form.lower() for form in NARRATOR[pov]}
    first = names[0].split()[0].lower()
    subject = pronoun_set(pronouns)[0]
    mine = theirs = 0
    for sentence in read_sentences(text):
        for token in sentence.narration():
            lowered = _without_possessive(token.lower)
            if lowered in own:
                mine += 1
            elif lowered == first or (lowered == subject and token.opens_clause):
                theirs += 1
    return theirs >= 2 and theirs >= THIRD_SHARE * mine


def retell(text: str, pov: str, tense: str, names: Iterable[str],
           pronouns: str) -> tuple[str, int]:
    """``text`` with its protagonist (the first of ``names``) given the story's person ``pov``
    throughout the narration (see the module docstring), and how many words changed."""
    names = [name for name in names if name.strip()]
    if pov not in NARRATOR or not names:
        return text, 0
    sentences = read_sentences(text)
    protagonist = names[0]
    own_words = frozenset(word.lower() for word in protagonist.split())
    others = (frozenset(word.lower() for name in names[1:] for word in name.split())
              | text_names(sentences, own_words)) - own_words
    forms = pronoun_set(pronouns)
    genders = name_genders(sentences, others)
    edits: list[tuple[int, int, str]] = []
    referent_is_narrator = True
    consumed = 0
    for index, sentence in enumerate(sentences):
        narrator_subject = acting = False
        for position, token in enumerate(sentence.tokens):
            if token.speech or token.start < consumed:
                continue
            previous = sentence.tokens[position - 1] if position else None
            # "Mrs Okafor arrived": a name run acts when its first word opens a clause.
            acting = token.opens_clause or (acting and previous is not None
                                            and previous.text[0].isupper())
            lowered = _without_possessive(token.lower)
            if (narrator_subject and tense == "present" and previous is not None
                    and previous.lower == "and" and verb_tag(token.lower) == "VBZ"):
                # "I unlock the gate and check": the verb shares the narrator as subject.
                edits.append((token.start, token.end, inflect_verb(token.lower, "VBP")))
                continue
            if token.opens_clause:
                narrator_subject = False
            if token.text[0].isupper() and lowered in own_words:
                edit, narrator_subject = _name_edit(text, token, protagonist, pov)
                edits += edit
                if edit:  # the rest of the name goes with its first word
                    consumed = edit[0][1]
                referent_is_narrator = True
            elif token.text[0].isupper() and lowered in others:
                # Someone else doing something takes the protagonist's pronouns over, unless
                # the text gives them another gender.
                gender = genders.get(lowered) or _next_gender(sentences, index, position)
                if acting and gender in (None, forms[0]):
                    referent_is_narrator = False
            elif token.lower == forms[0] and (token.opens_clause or forms[0] != "they"):
                if referent_is_narrator:
                    edits += _narrator_edits(text, token, pov, 0)
                    narrator_subject = True
            elif referent_is_narrator:
                edits += _pronoun_edit(text, sentence, position, forms, pov, narrator_subject)
    if not edits:
        return text, 0
    return _apply(text, edits), len(edits)


_GENDER_OF = {"she": "she", "her": "she", "hers": "she", "herself": "she",
              "he": "he", "him": "he", "his": "he", "himself": "he"}


def _next_gender(sentences: list[Sentence], index: int, position: int) -> str | None:
    """The gender of the first gendered pronoun after a mention, in its sentence or the next:
    who "he" or "she" is likely to mean from here on."""
    following = [*sentences[index].tokens[position + 1:],
                 *(sentences[index + 1].tokens if index + 1 < len(sentences) else ())]
    return next((_GENDER_OF[t.lower] for t in following if t.lower in _GENDER_OF), None)


def _without_possessive(word: str) -> str:
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _name_edit(text: str, token: Token, protagonist: str,
               pov: str) -> tuple[list[tuple[int, int, str]], bool]:
    """The protagonist's name (its whole length) made the narrator: ``my`` for a possessive,
    ``I`` (its verb agreeing) opening a clause, else ``me``; and whether it was the subject."""
    if _NAMING.search(text, max(0, token.start - 24), token.start):
        return [], False  # "they called me Wren": the name itself, not its bearer
    opening = _opens_sentence(text, token.start)
    subject, object_, possessive = NARRATOR[pov][:3]
    if _POSSESSIVE_END.match(text, token.end - 2):  # "Wren's"
        return [(token.start, token.end, _cased(possessive, "X" if opening else "x"))], False
    end = _past_name(text, token.end, protagonist)
    if _POSSESSIVE_END.match(text, end):  # "Wren Hale's"
        return [(token.start, end + 2, _cased(possessive, "X" if opening else "x"))], False
    if token.opens_clause:
        return ([(token.start, end, _cased(subject, "X" if opening else "x")),
                 *_agreement(text, end, subject.lower())], True)
    return [(token.start, end, _cased(object_, "X" if opening else "x"))], False


def _narrator_edits(text: str, token: Token, pov: str, form: int) -> list[tuple[int, int, str]]:
    new = NARRATOR[pov][form]
    edits = [(token.start, token.end, _cased(new, token.text))]
    if form == 0:
        edits += _agreement(text, token.end, new.lower())
    return edits


def _pronoun_edit(text: str, sentence: Sentence, position: int,
                  forms: tuple[str, str, str, str], pov: str,
                  narrator_subject: bool) -> list[tuple[int, int, str]]:
    """The protagonist's object, possessive or reflexive pronoun made the narrator's."""
    token = sentence.tokens[position]
    lowered = token.lower
    _, object_, possessive, reflexive = forms
    independent = {"her": "hers", "his": "his", "their": "theirs"}.get(possessive)
    if lowered == reflexive:
        return _narrator_edits(text, token, pov, 3)
    if lowered not in (object_, possessive, independent):
        return []
    following = sentence.tokens[position + 1] if position + 1 < len(sentence.tokens) else None
    before_noun = (following is not None and not following.follows_mark
                   and following.lower not in _NOT_A_NOUN
                   and not following.text[0].isupper())  # "called her Wren"
    if lowered == possessive and before_noun:
        return _narrator_edits(text, token, pov, 2)
    if lowered == independent:  # "hers", or "his" with no noun after it: "it was his"
        return _narrator_edits(text, token, pov, 4)
    if lowered != object_:
        return _narrator_edits(text, token, pov, 2)  # "their" is a determiner wherever it is
    before = sentence.tokens[position - 1].lower if position else ""
    if narrator_subject and before not in _PLACE_PREPOSITIONS:
        return []  # "I smiled at her": in the narrator's own clause, someone else
    return _narrator_edits(text, token, pov, 1)
