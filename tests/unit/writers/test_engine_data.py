"""Checks over every template in the engine's data files, whatever pool they belong to."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DATA = Path(__file__).parents[3] / "src" / "shortstory" / "writers" / "procedural" / "data"
OBJECT_AFTER = re.compile(
    r"\b(?:to|with|for|at|from|behind|beside|towards|about|like|near|against|without|of) \{P\}")
"""A preposition before ``{P}``: ``{P}`` is the subject form ("I", "she"), so "came to {P}"
prints "came to I"; the object form is ``{Po}``."""
OWNER_WITHOUT_NOUN = re.compile(r"\{[A-Z]p\}[ ,.]*(?:\{(?:v|v3|vp|perf|perf3):|[.,;]|$)")
"""``{Pp}`` is "my"/"her": it needs a noun after it ("that my has been")."""


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if not key.startswith("_"):
                yield from strings(item)


def templates() -> Iterator[tuple[str, str]]:
    for path in sorted(DATA.rglob("*.json")):
        for text in strings(json.loads(path.read_text(encoding="utf-8"))):
            yield path.relative_to(DATA).as_posix(), text


def test_the_data_files_hold_templates() -> None:
    assert sum(1 for _ in templates()) > 1000


def test_no_template_puts_the_subject_form_after_a_preposition() -> None:
    wrong = [f"{path}: {text}" for path, text in templates() if OBJECT_AFTER.search(text)]
    assert not wrong, "\n".join(wrong[:10])


def test_no_template_leaves_a_possessive_without_its_noun() -> None:
    wrong = [f"{path}: {text}" for path, text in templates() if OWNER_WITHOUT_NOUN.search(text)]
    assert not wrong, "\n".join(wrong[:10])


def test_the_check_catches_a_subject_after_a_preposition() -> None:
    assert OBJECT_AFTER.search("{W} {v3:come} to {P}, not the other way round")
    assert not OBJECT_AFTER.search("{W} {v3:come} to {Po}, before {P} {v:leave}")
    assert OWNER_WITHOUT_NOUN.search("and that {Pp} {perf3:be}.")
    assert not OWNER_WITHOUT_NOUN.search("and that {Pp} own life {perf3:be} one.")


def nests_alternatives(text: str) -> bool:
    """Whether ``text`` opens a bracket inside another or leaves one unclosed: alternatives are
    chosen in one pass, innermost first, so an outer ``[…|[a|b]…]`` prints its brackets."""
    depth = 0
    for char in text:
        if char == "[":
            depth += 1
            if depth > 1:
                return True
        elif char == "]":
            depth -= 1
            if depth < 0:
                return True
    return depth != 0


def test_no_template_nests_its_alternatives() -> None:
    assert nests_alternatives("[a|[b|c] d]")
    assert nests_alternatives("[a|b")
    assert not nests_alternatives("[a|b] and [c|d]")
    wrong = [f"{path}: {text}" for path, text in templates() if nests_alternatives(text)]
    assert not wrong, "\n".join(wrong[:10])



SUBJECT_AGAIN = re.compile(
    r"\{([ABW])\}(?: \w+)? \{(?:v3|perf3):[^}]*\}(?:(?!\{[PABW]\}).)*?"
    r"\b(?:that|and|but|when) \{\1\} \{(?:v|perf)")
"""One cast member the subject twice in a sentence ("{A} said that {A} would come"), no one
else named between: the second time is ``{As}`` ("she"), or the clause needs no subject."""


def sentences(text: str) -> Iterator[str]:
    """Each sentence of each reading of ``text``: ``[a|b]`` alternatives (never nested) spelled
    out, and the template split at its top-level ``|`` and at sentence ends."""
    parts = re.split(r"\[([^\[\]]*)\]", text)
    choices = [[p] if i % 2 == 0 else p.split("|") for i, p in enumerate(parts)]
    for reading in itertools.product(*choices):
        for option in "".join(reading).split("|"):
            yield from re.split(r"[.!?\"]", option)


def test_no_template_names_a_subject_twice_where_a_pronoun_belongs() -> None:
    # Before: "Marta came after dark with a lamp, and said on the doorstep that Marta would
    # come again."
    found = {f"{path}: {text}" for path, text in templates()
             if any(SUBJECT_AGAIN.search(s) for s in sentences(text))}
    assert sorted(found) == []


def test_the_check_catches_a_subject_named_twice() -> None:
    def caught(text: str) -> bool:
        return any(SUBJECT_AGAIN.search(s) for s in sentences(text))

    assert caught("{A} {v3:come} [late|at six] with a lamp, and {v3:say} that {A} {v3:will} go.")
    assert caught("{B} {v3:know}, and {B} {perf3:tell} nobody.")
    assert not caught("{A} {v3:say} on the doorstep that {As} {v3:will} come again.")
    assert not caught("{P} {v:tell} {B} the truth, and {B} {v3:laugh}.")
    assert not caught("{B} {v3:set} a price, and {P} {v:laugh}, and {B} {v3:do} not.")
    assert not caught("{A} {v3:leave}. Later {A} {v3:come} back.")
    assert not caught("[{A} {v3:leave}|{A} {v3:stay}], and {P} {v:wait}.")


PLURAL_WITH_SINGULAR_VERB = re.compile(
    r"\bthere \{(?:v3|perf3):be\} (?:two|three|four|five|six|several|many|both)\b"
    r"|\b(?:two|three|four|five|six|both|several|many) (?:[a-z]+ ){0,2}(?:roads|ends|people|"
    r"parties|questions|men|women|children|of us|of them) \{(?:v3|perf3):(?!can\}|will\}|could\}|"
    r"would\}|must\}|might\}|should\})")
"""A plural subject with a singular verb slot: "there is two people", "two loose ends meets",
(each quoted by a blind reader); ``{vp:…}`` agrees with a plural ("they" before ``{v3:…}`` is
made plural by the realiser)."""


def test_no_template_gives_a_plural_subject_a_singular_verb() -> None:
    wrong = [f"{path}: {text}" for path, text in templates()
             if PLURAL_WITH_SINGULAR_VERB.search(text)]
    assert not wrong, "\n".join(wrong[:10])


def test_the_check_catches_a_plural_subject_with_a_singular_verb() -> None:
    assert PLURAL_WITH_SINGULAR_VERB.search("for the first time there {v3:be} two people")
    assert PLURAL_WITH_SINGULAR_VERB.search("two loose ends {v3:meet}")
    assert not PLURAL_WITH_SINGULAR_VERB.search("two loose ends {vp:meet}")
    assert not PLURAL_WITH_SINGULAR_VERB.search("whether the two of them {v3:can} begin again")
    assert not PLURAL_WITH_SINGULAR_VERB.search("four {v3:be} an invitation")


CHOSEN_LINE = re.compile(r"^¶“\[([^\[\]]*)\][.?!]?”")
"""A line of dialogue that is only a choice of alternatives: ``¶“[A?|B?]”``."""


def scene_lines(value: Any) -> Iterator[list[str]]:
    """Every list of template lines (a scene) in a data file."""
    if isinstance(value, list):
        if value and all(isinstance(item, str) for item in value):
            yield value
        for item in value:
            yield from scene_lines(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if not key.startswith("_"):
                yield from scene_lines(item)


def question_and_answer_chosen_apart(lines: list[str]) -> bool:
    for asked, answered in itertools.pairwise(line.removeprefix("?") for line in lines):
        question, answer = CHOSEN_LINE.match(asked), CHOSEN_LINE.match(answered)
        if question and answer and all(
                option.rstrip().endswith("?") for option in question.group(1).split("|")):
            return True
    return False


ANSWERS_ANY_OF_THEM = (
    "¶“[Where's that from?|Who told you?|Who's saying it?]”",
    "¶“[What's this?|And what's all this?|What have you got there?|Is that what I think it is?|",
    "¶“[When?|When was that?|How long ago?]”",
)
"""Questions whose every answer (read one by one) answers each of them: "Who told you?" /
"It's everywhere"; "What's this?" / "Mending."; "How long ago?" / "Before the war"."""


def test_no_question_and_its_answer_are_chosen_apart() -> None:
    """A question and its answer drawn separately meet at random: "'How long have you had
    it?' / 'Nobody.'" (a blind reader's worst line). Each alternative holds its pair."""
    wrong = [f"{path.name}: {lines[0][:60]}" for path in sorted(DATA.rglob("*.json"))
             for lines in scene_lines(json.loads(path.read_text(encoding="utf-8")))
             if question_and_answer_chosen_apart(
                 [line for line in lines if not line.startswith(ANSWERS_ANY_OF_THEM)])]
    assert not wrong, "\n".join(wrong[:10])


def test_the_check_catches_a_question_and_answer_chosen_apart() -> None:
    assert question_and_answer_chosen_apart(
        ["¶“[Who else knows?|How long have you had it?]”", "¶“[Nobody|Not long].”"])
    assert not question_and_answer_chosen_apart(
        ["¶“[Who else knows?”\n\n“Nobody.|How long?”\n\n“Not long.]”", "It rained."])


def test_a_line_marks_its_paragraph_before_saying_it_is_optional() -> None:
    """"?¶" left the mark in the story ("“That's the point.” ¶Percy looked at her…", a
    reader's quote): the paragraph mark comes first, "¶?"."""
    wrong = [f"{path.name}: {line[:60]}" for path in sorted(DATA.rglob("*.json"))
             for lines in scene_lines(json.loads(path.read_text(encoding="utf-8")))
             for line in lines if line.startswith("?¶")]
    assert not wrong, "\n".join(wrong)


COUNTERFACTUAL = re.compile(r"\{v3:will\} have(?! to\b)|\{v3?:wish\}[^|\]]*\{perf3?:")
"""``{v3:will}`` is "would" only in past narration: "more than shaking would have" (what did not
happen) prints "more than shaking will have" in a present-tense story. Only "will have to" (what
is still to come) may follow the tense. A wish for what did not happen is "had stayed" in either
tense, never the perfect ("wish that Luca has stayed")."""


def test_no_template_lets_a_counterfactual_would_follow_the_tense() -> None:
    found = [(path, text) for path, text in templates() if COUNTERFACTUAL.search(text)]
    assert not found, found[:5]


def test_the_check_catches_a_counterfactual_would() -> None:
    assert COUNTERFACTUAL.search("which {v3:frighten} {Po} more than shaking {v3:will} have.")
    assert not COUNTERFACTUAL.search("knowing {v3:will} have to do")
    assert COUNTERFACTUAL.search("{v:wish}, with a violence, that {B} {perf3:stay}.")
    assert not COUNTERFACTUAL.search("{v:wish}, with a violence, that {B} had stayed.")


def test_no_template_gives_a_place_slot_an_owners_s() -> None:
    # Before: "over the back stairs's counter" ("{place}'s counter": a place may be plural,
    # and may have no counter).
    found = [(path, text) for path, text in templates() if re.search(r"\{place2?\}['’]s", text)]
    assert not found, found[:5]


SUBORDINATE_WITHOUT_SUBJECT = re.compile(
    r"\b(?<!morning )(?:before|after|until|when|while|because|if|since) \{v:")
"""``{v:…}`` is the protagonist's verb: after "before" it needs its ``{P}`` ("before tries
anything at all", a reader's quote)."""


def test_no_subordinate_clause_leaves_out_its_subject() -> None:
    found = [(path, text) for path, text in templates()
             if SUBORDINATE_WITHOUT_SUBJECT.search(text)]
    assert not found, found[:5]
    assert SUBORDINATE_WITHOUT_SUBJECT.search("for a week before {v:try} anything at all")


ELLIPTICAL_ENDING = re.compile(r"\b(?:decide|think|agree|find)\}?[^.]*, that it \{v3:be\}\.\"?$")
"""A sentence that ends on "that it was." leans on the line before it for what "it" was: the
line before may be optional, and the want's answer is told between the ending's last two
lines ("Hugh told him so, as if it was good news. He had wanted…, and did not get it. He
decided, after a night of not sleeping, that it was.", a story of the dev set)."""


def test_no_line_ends_on_an_elliptical_that_it_was() -> None:
    found = [(path, text) for path, text in templates() if ELLIPTICAL_ENDING.search(text)]
    assert not found, found[:5]


def test_the_check_catches_an_elliptical_that_it_was() -> None:
    assert ELLIPTICAL_ENDING.search("{P} {v:decide}, after [a week|a long time], that it {v3:be}.")
    assert not ELLIPTICAL_ENDING.search("{P} {v:decide} that it {v3:be} enough, after all.")


PROTAGONISTS_VERB_AFTER_ANOTHER = re.compile(
    r"\b(?:it|nobody|everyone|someone|no one|which) \{(?:v|perf):")
"""``{v:…}`` and ``{perf:…}`` agree with the protagonist: after "it" the form is ``{v3:…}``
("watching for what it have done", a first-person story of the corpus)."""


def test_no_protagonists_verb_follows_another_subject() -> None:
    found = [(path, text) for path, text in templates()
             if PROTAGONISTS_VERB_AFTER_ANOTHER.search(text)]
    assert not found, found[:5]
