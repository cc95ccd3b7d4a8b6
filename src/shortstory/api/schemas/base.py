"""What every body of the API shares: limits, the status words, the base of response bodies and
the error shape."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from shortstory.analysis.input_checks import MAX_WORDS
from shortstory.analysis.words import count_words

MAX_COMMENT_CHARS = 2_000


MAX_TITLE_CHARS = 200


MAX_INSTRUCTION_CHARS = 500


JobKind = Literal["generate", "revise"]


JobStatus = Literal["queued", "running", "succeeded", "failed", "cancelled"]


StoryStatus = Literal["queued", "running", "succeeded", "failed", "cancelled"]


VersionSource = Literal["draft", "revision", "edit"]


RevisionMode = Literal["cliches", "sharpen", "instruction"]


def within_word_limit(value: str) -> str:
    words = count_words(value)
    if words == 0:
        raise ValueError("must contain at least one word")
    if words > MAX_WORDS:
        raise ValueError(f"has {words} words, more than the limit of {MAX_WORDS}")
    return value


class OutputModel(BaseModel):
    """Base of response bodies."""

    model_config = ConfigDict(extra="forbid")


class ErrorResponse(BaseModel):
    """Every error, whatever its status: DESIGN §4's one shape."""

    error_code: str
    message: str
    details: Any = None
    error_id: str | None = None
    request_id: str | None = None
    timestamp: str | None = None
