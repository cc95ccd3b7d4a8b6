"""Who speaks: dialogue found in a text, and each line attributed to a speaker.

:func:`dialogue_spans` finds quoted speech (:mod:`.dialogue`); :func:`attribute_dialogue`
gives each line its speaker (:mod:`.attribution`), by said-tags, pronouns and turn-taking, with
names resolved and learned by :mod:`.names`.
"""

from shortstory.analysis.speakers.attribution import DialogueLine, attribute_dialogue
from shortstory.analysis.speakers.dialogue import dialogue_spans, narration_spans
from shortstory.analysis.speakers.names import NARRATOR, CharacterRef, character_refs

__all__ = [
    "NARRATOR",
    "CharacterRef",
    "DialogueLine",
    "attribute_dialogue",
    "character_refs",
    "dialogue_spans",
    "narration_spans",
]
