"""A group that includes the protagonist is "we" in first person and "you" in second, never
"them": blind readers of first-person stories quoted "In the corridor Lionel was already
waiting, and stood up, and for a moment neither of them knew what to do with their hands" (the
narrator is one of the two), "Stellan and I talked about a dog from both their childhoods longer
than either of them cared to". Such a group is written with the group slots (``{Gs}`` we / you /
they, ``{Go}`` us / you / them, ``{Gp}`` our / your / their, ``{Gr}``), which follow the POV.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from random import Random

import pytest
from test_engine_data import DATA, scene_lines, templates

from shortstory.analysis.sentences import split_sentences
from shortstory.pipeline import catalog
from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.planning import plan_story
from shortstory.writers.procedural import ProceduralWriter
from shortstory.writers.procedural.lexicons import genre_lexicon
from shortstory.writers.procedural.realiser import Realiser

FIXTURE = Path(__file__).parents[2] / "fixtures" / "engine_premises.json"
PROTAGONIST = re.compile(r"\{P\w*\}|\{(?:v|perf):")
"""A slot of the protagonist: their name or pronoun, or a verb conjugated for them."""
OTHER = re.compile(r"\{(?:[ABW]\w*|target)\}")
"""A slot of another member of the cast (``{target}`` is the person an action is done to)."""
GROUP_THEM = re.compile(r"\b(?:(?:neither|either|both|each|the two) of them|both their)\b",
                        re.IGNORECASE)
"""A group phrase in its "them" form: with the protagonist in the same line, the group is
theirs, and "them" leaves the narrator out of it."""
GROUP_THEM_ALLOWED = {
    "There {v3:be} room now for one of two things": "both of them: the account and the other "
                                                    "thing the protagonist could say",
    "{P} {v:put} the questions to [everyone": "each of them: the people questioned",
    "{P} {v:go} back to the beginning": "each of them: the witnesses questioned before",
}
"""Lines (their opening words) whose "them" group leaves the protagonist out, and why."""
GROUP_VERB = re.compile(r"\{Gs\} (?:both |all )?\{(?:v|perf):")
"""``{Gs}`` with the protagonist's own verb ("she" would make "they knows"): the group's verbs
are ``{vp:…}`` (or ``{v3:…}``/``{perf3:…}``, made plural right after ``{Gs}``)."""


def names_group_as_them(text: str) -> bool:
    return bool(PROTAGONIST.search(text) and OTHER.search(text) and GROUP_THEM.search(text))


def test_no_line_with_the_protagonist_and_another_names_their_group_them() -> None:
    wrong = [f"{path}: {text}" for path, text in templates()
             if names_group_as_them(text) and not text.startswith(tuple(GROUP_THEM_ALLOWED))]
    assert not wrong, "\n".join(wrong[:10])


def test_no_line_of_a_scene_with_the_protagonist_names_a_group_them() -> None:
    """The line need not name the protagonist itself: "In the corridor {B} {v3:be} already
    waiting, and {v3:stand} up, and for a moment neither of them {v3:know} what to do with their
    hands" follows the protagonist's drive to the hospital."""
    wrong = [f"{path.name}: {line[:80]}" for path in sorted(DATA.rglob("*.json"))
             for lines in scene_lines(json.loads(path.read_text(encoding="utf-8")))
             if any(PROTAGONIST.search(line) for line in lines)
             for line in lines
             if GROUP_THEM.search(line) and not line.startswith(tuple(GROUP_THEM_ALLOWED))]
    assert not wrong, "\n".join(wrong[:10])


def test_the_group_slot_takes_a_plural_verb() -> None:
    wrong = [f"{path}: {text}" for path, text in templates() if GROUP_VERB.search(text)]
    assert not wrong, "\n".join(wrong[:10])


def test_the_checks_catch_a_group_named_them() -> None:
    assert names_group_as_them("{A} and {P} {vp:talk} longer than either of them {v3:care} to.")
    assert names_group_as_them("{B} {v3:nod}, and {P} {v:nod} back, and both of them {vp:go}.")
    assert names_group_as_them("{A} and {P} {vp:talk} about a dog from both their childhoods.")
    assert not names_group_as_them("{A} and {P} {vp:talk} longer than either of {Go} {v3:care}.")
    assert not names_group_as_them("{A} {v3:meet} {B}, and neither of them {v3:speak}.")
    assert not names_group_as_them("{P} {v:feel} both of them ready, the account and the other.")
    assert GROUP_VERB.search("and {Gs} {v:sit} down")
    assert GROUP_VERB.search("{Gs} both {perf:know} it")
    assert not GROUP_VERB.search("and {Gs} {vp:sit} down")


def _realiser(pov: str, tense: str) -> Realiser:
    body = {"premise": {"idea": "A chess coach trains a prodigy in a seaside town.",
                        "character": {"name": "Viktor Marsh", "pronouns": "he/him"}},
            "genre": "literary", "structure": "three-act",
            "scaffold": {"pov": pov, "tense": tense}, "target_words": 900, "seed": 2}
    plan = plan_story(StoryRequest.model_validate(body))
    return Realiser(plan, catalog.genre("literary"), genre_lexicon("literary"), Random(1))


@pytest.mark.parametrize(("pov", "tense", "expected"), [
    ("first", "past", "Neither of us knew why. We sat down in our coats, and we both were "
                      "tired of ourselves."),
    ("second", "present", "Neither of you knows why. You sit down in your coats, and you both "
                          "are tired of yourselves."),
    ("close_third", "past", "Neither of them knew why. They sat down in their coats, and they "
                            "both were tired of themselves."),
])
def test_the_group_slots_follow_the_pov_and_take_plural_verbs(pov: str, tense: str,
                                                               expected: str) -> None:
    text = _realiser(pov, tense).fill(
        "Neither of {Go} {v3:know} why. {Gs} {vp:sit} down in {Gp} coats, and {Gs} both "
        "{v3:be} tired of {Gr}.")
    assert text == expected, text


NARRATOR_AND_THEM = re.compile(
    r"\b(?:neither of them|either of them|both their|the two of them)\b", re.IGNORECASE)
NARRATOR = {"first": re.compile(r"\b(?:I|me|my)\b"),
            "second": re.compile(r"\b(?:[Yy]ou|[Yy]our)\b")}


@pytest.mark.parametrize(("pov", "start"), [("first", 0), ("second", 5)])
def test_a_narrator_in_first_or_second_person_is_never_one_of_them(pov: str, start: int) -> None:
    """24 of the fixture's premises told in ``pov``. Before, in first person, 6 of them had a
    sentence like "Caleb and I talk about the state of the road longer than either of them
    cares to" (7 sentences); in second person 10 of them (18 sentences: "Joan and you
    talked about the state of the road longer than either of them cared to")."""
    requests = json.loads(FIXTURE.read_text(encoding="utf-8"))[start::10]
    writer = ProceduralWriter()
    wrong = []
    for body in requests:
        body = {**body, "scaffold": {**body["scaffold"], "pov": pov}}
        text = writer.render(plan_story(StoryRequest.model_validate(body)))
        narration = re.sub(r"“[^”]*”", " ", text)
        wrong += [f"{body['genre']}: {s.text}" for s in split_sentences(narration)
                  if NARRATOR[pov].search(s.text) and NARRATOR_AND_THEM.search(s.text)]
    assert not wrong, "\n".join(wrong[:10])
