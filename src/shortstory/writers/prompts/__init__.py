"""The LLM writer's prompts: versioned text files, filled with a story's premise and scaffold.

Each version is a folder (``v1/``…) of templates for ``str.format_map``; a story's version
records which prompt version wrote it, so a change of wording is a new folder, never an edit of
a released one (git keeps v1, which had no opening word in ``beat_first``; v2 had no
``{earlier}`` in ``beat_next`` and ``beat_last``: once the story so far no longer fitted the
context, a beat knew nothing of what its quoted tail left out).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shortstory.pipeline.models import Character

PROMPT_VERSION = "v3"

POV_LABELS = {"first": "first person", "close_third": "third person, close to the protagonist",
              "second": "second person"}
TENSE_LABELS = {"past": "past tense", "present": "present tense"}
STYLE_LABELS = {"plain": "plain and exact", "lyrical": "lyrical, with imagery",
                "spare": "spare, short sentences", "ornate": "rich and ornate"}


@lru_cache(maxsize=32)
def template(name: str, version: str = PROMPT_VERSION) -> str:
    """The text of prompt ``name`` (without ``.txt``) in ``version``."""
    return resources.files(__name__).joinpath(version, f"{name}.txt").read_text(encoding="utf-8")


def render(name: str, values: dict[str, Any], version: str = PROMPT_VERSION) -> str:
    """Prompt ``name`` filled with ``values``.

    :raises KeyError: a placeholder has no value (a bug in the caller, caught by the tests).
    """
    return template(name, version).format_map(values).strip()


def subject_pronoun(pronouns: str) -> str:
    """``she`` from ``she/her``; ``they`` when the pronouns say nothing usable."""
    first = pronouns.split("/")[0].strip().lower()
    return first if first.isalpha() else "they"


def scaffold_values(scaffold: dict[str, Any], character: Character) -> dict[str, str]:
    """The scaffold in words: labels and one-sentence rules for POV and tense."""
    name = character.name
    pronoun = subject_pronoun(character.pronouns)
    pov = str(scaffold.get("pov", "close_third"))
    tense = str(scaffold.get("tense", "past"))
    pov_rules = {
        "first": f"{name} tells the story: narrate with I, me and my. Never use {name}'s name "
                 f"or '{pronoun}' for {name} outside dialogue.",
        "close_third": f"Narrate in the third person, close to {name}: '{name}' and "
                       f"'{pronoun}', never 'I' or 'you' outside dialogue.",
        "second": f"Address {name} as 'you' throughout: you and your, never 'I' or "
                  f"'{pronoun}' for {name} outside dialogue.",
    }
    narrators = {
        "first": f"You are {name}, telling your own story: narrate with I, me and my.",
        "close_third": f"You tell {name}'s story from close beside {name}, calling {name} "
                       f"'{pronoun}'.",
        "second": f"You tell {name}'s story to {name}, as 'you'.",
    }
    tense_rules = {
        "past": "Narrate in the past tense (she walked, he said, it was).",
        "present": "Narrate in the present tense (she walks, he says, it is).",
    }
    style = str(scaffold.get("style", "plain"))
    return {
        "pov_label": POV_LABELS.get(pov, pov),
        "tense_label": TENSE_LABELS.get(tense, tense),
        "pov_rule": pov_rules.get(pov, ""),
        "narrator": narrators.get(pov, ""),
        "tense_rule": tense_rules.get(tense, ""),
        "opening_word": {"first": "I", "second": "You"}.get(pov, name.split()[0] or name),
        "tone": str(scaffold.get("tone") or "unforced"),
        "style_label": STYLE_LABELS.get(style, style),
    }


def describe_character(character: Character) -> str:
    """The protagonist in one line: name, pronouns, traits, quirk, contradiction, want."""
    parts = [f"{character.name} ({character.pronouns})"]
    if character.traits:
        parts.append(", ".join(character.traits))
    for value, label in ((character.quirk, "quirk"), (character.contradiction, "contradiction"),
                         (character.want, "wants")):
        if value:
            parts.append(f"{label}: {value}")
    return "; ".join(parts)
