"""The ``Writer`` protocol: what the pipeline asks of a prose writer, and the data both share.

A writer turns one stage request into text: outline a plan, draft one beat (yielding chunks as
they are made, so a client can stream them), or revise a passage. Remote writers can fail, so the
protocol comes with its own exceptions: :class:`WriterUnavailable` means "try another writer"
(the fallback chain does), any other :class:`WriterError` is a failure of this request.

It lives beside the plan it speaks of, so that dependencies point one way: ``writers/``
implements this protocol and reads the plan, the pipeline is handed writers and imports none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

if TYPE_CHECKING:
    from shortstory.pipeline.plan import Beat, Outline, StoryPlan
    from shortstory.pipeline.revise import Revision


class WriterError(Exception):
    """A writer could not do what was asked.

    :param message: one line for a person to read.
    :param writer: the writer's name.
    :param retryable: whether the same request may succeed later.
    """

    error_code = "WRITER_ERROR"

    def __init__(self, message: str, *, writer: str = "", retryable: bool = False) -> None:
        super().__init__(message)
        self.writer = writer
        self.retryable = retryable


class WriterUnavailable(WriterError):
    """The writer cannot be reached now (breaker open, retries spent): fall back to another."""

    error_code = "WRITER_UNAVAILABLE"

    def __init__(self, message: str, *, writer: str = "") -> None:
        super().__init__(message, writer=writer, retryable=True)


class BeatReset(str):
    """A chunk that *replaces* the beat drafted so far, rather than adding to it.

    A writer yields one when a stream broke mid-beat and is being retried (``BeatReset("")``:
    drop what came), or when its judge repaired the beat (the repaired text whole). Consumers
    that keep the text must start the beat again from this chunk; a plain ``str`` is appended.
    """

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class TokenUsage:
    """Tokens a writer spent; ``0`` for writers that use no model."""

    tokens_in: int = 0
    tokens_out: int = 0

    def __add__(self, other: TokenUsage) -> TokenUsage:
        return TokenUsage(self.tokens_in + other.tokens_in, self.tokens_out + other.tokens_out)


@dataclass(frozen=True, slots=True)
class WriterResult:
    """A finished piece of text and who made it."""

    text: str
    writer: str
    model: str
    tokens_in: int = 0
    tokens_out: int = 0
    revision: Revision | None = None
    """For a revision made of recorded edits (the procedural writer's): every change, and the
    changed plan after an instruction. ``None`` when the writer rewrote the text whole."""

    def to_dict(self) -> dict[str, object]:
        """The result as JSON-ready data (the revision's record when there is one)."""
        data: dict[str, object] = {"text": self.text, "writer": self.writer, "model": self.model,
                                   "tokens_in": self.tokens_in, "tokens_out": self.tokens_out}
        if self.revision is not None:
            data["revision"] = self.revision.to_dict()
        return data


@runtime_checkable
class Writer(Protocol):
    """A prose writer. Implementations take their dependencies (clients, settings) in ``__init__``.

    ``usage`` is the running total of tokens this writer instance has spent, so the pipeline can
    record it on the version it produces.
    """

    name: str
    model: str

    @property
    def usage(self) -> TokenUsage:
        """Tokens spent so far by this instance."""
        ...

    def provenance(self) -> dict[str, Any]:
        """How this instance wrote: prompt version, tokens and cost per stage, judge findings."""
        ...

    def outline(self, plan: StoryPlan) -> Outline:
        """Return the outline to draft from (a writer may keep or refine ``plan.outline``)."""
        ...

    def draft_beat(self, plan: StoryPlan, beat: Beat) -> Iterator[str]:
        """Yield the prose of one beat in chunks as they are made (a :class:`BeatReset` chunk
        replaces what the beat held so far).

        :raises WriterUnavailable: the writer cannot be reached; another may be tried.
        :raises WriterError: the request failed.
        """
        ...

    def revise(
        self,
        text: str,
        mode: str,
        instruction: str | None = None,
        plan: StoryPlan | None = None,
    ) -> WriterResult:
        """Revise ``text`` in ``mode`` (``cliches``, ``sharpen`` or ``instruction``)."""
        ...


T = TypeVar("T")


def first_reachable(writers: Sequence[Writer], attempt: Callable[[Writer], T], *,
                    on_fallback: Callable[[dict[str, str]], None] | None = None,
                    ) -> tuple[T, list[dict[str, str]]]:
    """``attempt`` with each of ``writers`` in turn until one can be reached: what it returned,
    and a step (``writer``, ``next``, ``reason``) for each writer that could not, in order (each
    also handed to ``on_fallback`` as it happens).

    :raises WriterUnavailable: the last writer could not be reached either.
    :raises WriterError: a writer failed for good (no fallback for that).
    :raises ValueError: no writers.
    """
    if not writers:
        raise ValueError("at least one writer is needed")
    fallbacks: list[dict[str, str]] = []
    for position, writer in enumerate(writers[:-1]):
        try:
            return attempt(writer), fallbacks
        except WriterUnavailable as exc:
            step = {"writer": writer.name, "next": writers[position + 1].name,
                    "reason": str(exc)}
            fallbacks.append(step)
            if on_fallback is not None:
                on_fallback(step)
    return attempt(writers[-1]), fallbacks
