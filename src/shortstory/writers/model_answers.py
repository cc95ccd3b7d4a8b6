"""What a model's answers are read into: its plan as JSON (checked by pydantic, with the schema
sent as ``response_format``), a repair's sentences, and which of the plan's words are usable.

A weak model lost inside JSON fills strings with brackets, lists, numbers, broken encodings or
talk about the writing; a plan that has left the premise would steer the draft away from it.
What does not read as plain words about this story is left out, and the beats are joined into
requests big enough to write a scene in.
"""

from __future__ import annotations

import json
import re
from difflib import SequenceMatcher
from typing import Any

from pydantic import BaseModel, Field, ValidationError, model_validator

from shortstory.analysis.pov.lexicon import NAME_PARTICLES
from shortstory.analysis.words import count_words
from shortstory.pipeline.models import field_path
from shortstory.pipeline.plan import Beat
from shortstory.writers.judge import echoes
from shortstory.writers.prose_reading import content_words

MIN_DRAFT_WORDS = 250
"""Beats planned shorter than this are drafted together, in one request: every request makes a
model set its scene again, and in a short one that is most of what it writes."""


class OutlineCast(BaseModel):
    """A person of the idea's world."""

    name: str = Field(min_length=1)
    role: str = ""


class OutlineBeat(BaseModel):
    """What happens in one beat (a plain sentence, or an object with a ``summary``)."""

    summary: str = ""
    """Unusable summaries (empty, markup, talk about writing) give way to the beat's purpose."""

    @model_validator(mode="before")
    @classmethod
    def _from_sentence(cls, value: Any) -> Any:
        return {"summary": value} if isinstance(value, str) else value


class OutlineAnswer(BaseModel):
    """The model's plan, as the outline prompt asks for it."""

    title: str = Field(min_length=1)
    setting: str = Field(min_length=1)
    time: str = ""
    cast: list[OutlineCast] = []
    objects: list[str] = []
    conflict: str = ""
    beats: list[OutlineBeat]


class OutlineInvalid(ValueError):
    """The model's outline answer cannot be used."""


def outline_schema(beat_count: int) -> dict[str, Any]:
    """The JSON schema the outline answer must follow (no ``$ref``: every server reads it)."""
    def text(longest: int) -> dict[str, Any]:
        # A bound keeps a small model from repeating itself until max_tokens runs out.
        return {"type": "string", "minLength": 1, "maxLength": longest}

    return {
        "type": "object",
        "properties": {
            "title": text(80),
            "setting": text(160),
            "time": text(80),
            "cast": {"type": "array", "minItems": 1, "maxItems": 3, "items": {
                "type": "object", "properties": {"name": text(60), "role": text(120)},
                "required": ["name", "role"]}},
            "objects": {"type": "array", "minItems": 2, "maxItems": 4, "items": text(80)},
            "conflict": text(240),
            "beats": {"type": "array", "minItems": beat_count, "maxItems": beat_count,
                      "items": text(300)},
        },
        "required": ["title", "setting", "time", "cast", "objects", "conflict", "beats"],
    }


def repair_schema(count: int) -> dict[str, Any]:
    """The JSON schema of a repair answer: ``count`` rewritten sentences."""
    return {"type": "object", "properties": {"sentences": {
        "type": "array", "minItems": count, "maxItems": count, "items": {"type": "string"}}},
        "required": ["sentences"]}


def parse_json_answer(content: str) -> Any:
    """The JSON document in a model's answer (code fences and text around it ignored).

    :raises OutlineInvalid: there is none.
    """
    body = content.strip()
    fenced = re.search(r"```(?:json)?\s*(.*?)```", body, re.DOTALL)
    if fenced:
        body = fenced.group(1).strip()
    start, end = body.find("{"), body.rfind("}")
    if start < 0 or end <= start:
        raise OutlineInvalid("the answer holds no JSON object")
    try:
        return json.loads(body[start:end + 1], strict=False)
    except json.JSONDecodeError as exc:
        raise OutlineInvalid(f"the JSON is malformed ({exc.msg} at character {exc.pos})") from None


def parse_outline(content: str, beat_count: int) -> OutlineAnswer:
    """The outline answer in ``content``, checked.

    :raises OutlineInvalid: not JSON, not the schema, or not ``beat_count`` beats.
    """
    try:
        answer = OutlineAnswer.model_validate(parse_json_answer(content))
    except ValidationError as exc:
        first = exc.errors()[0]
        raise OutlineInvalid(f"{field_path(first['loc'])}: {first['msg']}") from None
    if len(answer.beats) != beat_count:
        raise OutlineInvalid(f"it has {len(answer.beats)} beats where {beat_count} were asked")
    return answer



def as_sentence(text: str) -> str:
    """``text`` ending as a sentence does."""
    text = text.strip()
    return text if not text or text[-1] in ".!?\"'”’" else f"{text}."


_NOT_PROSE = re.compile(r"[{}\[\]<>\\|_=#@]|Ã|Â|https?:")


def plain_text(text: str, limit: int) -> str:
    """``text`` on one line when it reads as plain words, else ``""``: a model that loses its
    way inside JSON fills strings with brackets, numbers, markup or broken encodings."""
    text = " ".join(str(text).split()).strip(" ,;")
    if not text or _NOT_PROSE.search(text):
        return ""
    letters = sum(1 for c in text if c.isalpha() or c.isspace())
    return text[:limit] if letters >= 0.8 * len(text) else ""


_TALK_ABOUT_WRITING = re.compile(
    r"\b(story|stories|protagonist|beats?|climax|setup|reader|narrat\w*|plot)\b",
    re.IGNORECASE)
_NAME = re.compile(r"^[^\W\d_][\w.'’ -]*$")


_BROKEN_QUOTING = re.compile(r"[()]|\w[\"“”]\w|[\"“”]\s*[.,]\s*[\"“”]")
"""Parentheses, or quote marks glued between words: JSON fragments, not a sentence."""


def usable_summary(summary: str, anchors: set[str], limit: int = 600) -> str:
    """A sentence worth drafting from: plain words about the story's own world (``anchors``:
    its content words), not about the writing of it, else ``""``."""
    text = plain_text(summary, limit)
    if count_words(text) < 4 or _TALK_ABOUT_WRITING.search(text) or _broken(text):
        return ""
    return text if set(content_words(text)) & anchors else ""


_GENERIC_TITLE = re.compile(
    r"\b(story|stories|tale|twist|chapter|untitled)\b", re.IGNORECASE)


def usable_title(title: str, idea: str) -> str:
    """A title a reader would take for one: its subtitle dropped ("X: A Story of Y" is X), no
    talk of stories or twists, not the idea pasted back; else ``""``."""
    text = re.split(r"\s*(?::|\s[-–—]\s)\s*", plain_text(title, 120), maxsplit=1)[0]
    text = text.strip("\"'“”‘’*. ")
    if not text or count_words(text) > 10 or _GENERIC_TITLE.search(text) or echoes(text, idea):
        return ""
    return text


def _broken(text: str) -> bool:
    return text.count('"') % 2 == 1 or bool(_BROKEN_QUOTING.search(text))


_POSSESSIVE = re.compile(r"\w['’]s\b")
def usable_name(name: str) -> str:
    """A person's name (one to four capitalised words, letters only, no possessive), else
    ``""``: "Awesome Beauty's Apex Legends" is a model lost in its own JSON, not a person."""
    text = plain_text(name, 80)
    words = text.split()
    if (not _NAME.match(text) or not 1 <= len(words) <= 4 or _POSSESSIVE.search(text)
            or any(not w[0].isupper() and w.lower() not in NAME_PARTICLES for w in words)):
        return ""
    return text


def same_person(name: str, other: str) -> bool:
    """Whether ``name`` is ``other`` spelt a little differently ("Ines Vukovich" for "Ines
    Vukovic"): the same first name, or the whole names nearly alike."""
    mine, theirs = name.lower().split(), other.lower().split()
    if not mine or not theirs:
        return False
    return (SequenceMatcher(None, mine[0], theirs[0]).ratio() >= 0.8
            or SequenceMatcher(None, " ".join(mine), " ".join(theirs)).ratio() >= 0.85)


def usable_role(role: str) -> str:
    """What a cast member is to the story, in a few plain words (no subtitle), else ``""``."""
    text = usable_item(role, 12, 200)
    return "" if ":" in text or _broken(text) else text


def usable_item(item: str, words: int, limit: int) -> str:
    """A short plain phrase (a place, a time, an object), else ``""``."""
    text = plain_text(item, limit)
    bad = count_words(text) > words or re.search(r";|\d\.|:$", text)
    return "" if bad or _TALK_ABOUT_WRITING.search(text) else text


def purpose_summary(beat: Beat, name: str) -> str:
    """What a beat is for, said of the protagonist: the plan when the model gave none usable."""
    purpose = beat.purpose.strip()
    return re.sub(r"\b[Tt]he character\b", name, purpose) if purpose else name


def draft_groups(beats: list[Beat], least: int = MIN_DRAFT_WORDS) -> list[Beat]:
    """``beats`` with neighbours joined until each has ``least`` words to write (the last beat,
    the ending, joins the one before it only when it is short on its own)."""
    groups: list[list[Beat]] = []
    for beat in beats:
        if groups and sum(b.target_words for b in groups[-1]) < least:
            groups[-1].append(beat)
        else:
            groups.append([beat])
    if len(groups) > 1 and sum(b.target_words for b in groups[-1]) < least / 2:
        ending = groups.pop()
        groups[-1] += ending
    return [Beat(index=i, role=" + ".join(b.role for b in group), part=group[0].part,
                 purpose="; ".join(b.purpose for b in group if b.purpose),
                 summary=" ".join(as_sentence(b.summary) for b in group if b.summary.strip()),
                 target_words=sum(b.target_words for b in group), function=group[0].function)
            for i, group in enumerate(groups)]
