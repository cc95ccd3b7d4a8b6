"""The supporting cast's subject and object pronouns (``{As}`` "she", ``{Ao}`` "him"): by the
role's sex, then the given name, and the given name again when neither says."""

from __future__ import annotations

from random import Random

import pytest

from shortstory.pipeline import catalog
from shortstory.pipeline.cast_names import pronoun
from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.plan import CastMember
from shortstory.pipeline.planning import plan_story
from shortstory.writers.procedural.lexicons import genre_lexicon
from shortstory.writers.procedural.realiser import Realiser

MEMBERS = {
    # A feminine role over a name that says nothing (and one that says the other thing).
    "aunt": CastMember("Robin Hale", "an aunt who keeps bees", "the aunt", "ally"),
    # A masculine role.
    "butler": CastMember("Sam Orr", "a butler with a limp", "the butler", "obstacle"),
    # No role's sex: the given name decides.
    "Agnes": CastMember("Agnes Bell", "a harbour clerk", "the clerk", "witness"),
    # Neither says: the name again, never "they comes".
    "unknown": CastMember("Quill Vey", "a harbour clerk", "the clerk", "witness"),
}


def _realiser(tense: str = "present") -> Realiser:
    body = {"premise": {"idea": "A chess coach trains a prodigy in a seaside town.",
                        "character": {"name": "Viktor Marsh", "pronouns": "he/him"}},
            "genre": "literary", "structure": "three-act",
            "scaffold": {"pov": "first", "tense": tense}, "target_words": 900, "seed": 2}
    plan = plan_story(StoryRequest.model_validate(body))
    return Realiser(plan, catalog.genre("literary"), genre_lexicon("literary"), Random(1))


@pytest.mark.parametrize(("member", "subject", "object_"), [
    ("aunt", "she", "her"), ("butler", "he", "him"), ("Agnes", "she", "her"),
    ("unknown", "Quill", "Quill")])
@pytest.mark.parametrize("slot", ["A", "B", "W"])
def test_a_cast_member_is_she_or_he_and_else_named(member: str, subject: str, object_: str,
                                                   slot: str) -> None:
    realiser = _realiser()
    cast = MEMBERS[member]
    setattr(realiser, {"A": "ally", "B": "blocker", "W": "witness"}[slot], cast)
    text = realiser.fill(f"{{{slot}n}} {{v3:say}} that {{{slot}s}} {{v3:come}} tomorrow, "
                         f"and I {{v:thank}} {{{slot}o}}.")
    given = cast.name.split()[0]
    assert text == f"{given} says that {subject} comes tomorrow, and I thank {object_}.", text


def test_the_pronoun_follows_the_role_before_the_name() -> None:
    assert pronoun("Agnes Bell", "a butler", "subject") == "he"
    assert pronoun("Ambrose Bell", "a daughter who never writes", "object") == "her"
    assert pronoun("Agnes Bell", "a harbour clerk", "possessive") == "her"
    assert pronoun("Quill Vey", "a harbour clerk", "subject") == ""


def test_the_past_tense_says_she_would_not_the_name_again() -> None:
    realiser = _realiser("past")
    realiser.ally = MEMBERS["aunt"]
    text = realiser.fill("{An} {v3:send} word that {As} {v3:will} come again.")
    assert text == "Robin sent word that she would come again.", text


def test_the_narration_says_who_the_ideas_people_are_where_it_first_names_them() -> None:
    """Set G's readers: "Who Kasimir is to Abena is never clear". The idea's people are told
    by what the idea calls them at their first mention in the narration."""
    import re as _re

    from shortstory.pipeline.models import StoryRequest
    from shortstory.pipeline.planning import plan_story
    from shortstory.pipeline.run import write_story
    from shortstory.writers.procedural import ProceduralWriter

    for idea, who in [("Two rival beekeepers must share one hillside after a storm flattens "
                       "their fences.", "the other beekeeper"),
                      ("A night-school teacher realises that one of her adult students cannot "
                       "read.", "one of the students")]:
        body = {"premise": {"idea": idea, "character": {"name": "Corin Hale",
                                                        "pronouns": "he/him"}},
                "genre": "literary", "target_words": 1200}
        request = StoryRequest.model_validate(body)
        member = next(m for m in plan_story(request, seed=8).world.cast
                      if m.role.endswith(who.split()[-1]))
        text = write_story(request, ProceduralWriter(), seed=8).text
        narration = _re.sub(r"“[^”]*”", "", text)
        assert f"{member.name}, {who}" in narration, (member.name, who)


def test_who_they_are_is_said_only_where_it_tells_the_reader_something() -> None:
    from types import SimpleNamespace

    from shortstory.pipeline.plan import CastMember
    from shortstory.writers.procedural.finishing import Finishing

    world = SimpleNamespace(
        situation={"people": ["couple", "man", "other workers", "bride"]},
        cast=[CastMember("Imogen Rowntree", "a couple", "the couple", "ally"),
              CastMember("Thomas Thwaite", "a man", "the man", "witness"),
              CastMember("Gwilym Fenn", "the other workers", "the other workers", "ally"),
              CastMember("Remy Adeyemi", "a bride", "the bride", "obstacle")])

    finishing = Finishing.__new__(Finishing)
    finishing.plan = SimpleNamespace(world=world)  # type: ignore[assignment]
    assert finishing._who_they_are() == {"Gwilym": "one of the other workers",
                                         "Remy": "the bride"}
