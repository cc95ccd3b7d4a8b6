"""The story versions repository: every query on ``story_versions`` lives here."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session, defer

from shortstory.analysis.words import count_words
from shortstory.storage.story_models import Story, StoryVersion


class VersionRepository:
    """Versions of one database session; flushes, never commits."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def next_number(self, story_id: str) -> int:
        """The number the story's next version takes (call it while holding the story's lock)."""
        highest = self.session.scalar(
            select(func.max(StoryVersion.number)).where(StoryVersion.story_id == story_id)
        )
        return (highest or 0) + 1

    def add(self, story_id: str, number: int, *, source: str, text: str,
            title: str | None = None, writer: str | None = None, model: str | None = None,
            tokens_in: int | None = None, tokens_out: int | None = None,
            parent_number: int | None = None, note: str | None = None,
            analysis: dict[str, Any] | None = None,
            provenance: dict[str, Any] | None = None, pov: str | None = None,
            tense: str | None = None, word_count: int | None = None) -> StoryVersion:
        """Store a new version; its word count comes from the product's one rule
        (``word_count`` when the caller counted the text already, as a job's analysis does).

        ``provenance`` is what the writer reports (:meth:`Writer.provenance`): its prompt
        version and cost get their own columns, the rest is kept whole. ``pov`` and ``tense``
        are the scaffold the text is written in; by default the story's own at this moment.
        """
        if pov is None or tense is None:
            story = self.session.get(Story, story_id)
            if story is not None:
                pov, tense = pov or story.pov, tense or story.tense
        provenance = provenance or None
        if word_count is None:
            word_count = count_words(text)
        version = StoryVersion(
            story_id=story_id, number=number, source=source, text=text, title=title,
            word_count=word_count, writer=writer, model=model, tokens_in=tokens_in,
            tokens_out=tokens_out, parent_number=parent_number, note=note, analysis=analysis,
            prompt_version=(provenance or {}).get("prompt_version"),
            cost_usd=(provenance or {}).get("cost_usd"), provenance=provenance,
            pov=pov, tense=tense,
        )
        self.session.add(version)
        self.session.flush()
        return version

    def get(self, story_id: str, number: int) -> StoryVersion | None:
        """Version ``number`` of the story, or None."""
        return self.session.scalar(
            select(StoryVersion).where(
                StoryVersion.story_id == story_id, StoryVersion.number == number
            )
        )

    def current_word_counts(self, stories: list[tuple[str, int]]) -> dict[str, int]:
        """Word counts of the given (story id, version number) pairs, in one query."""
        if not stories:
            return {}
        rows = self.session.execute(
            select(StoryVersion.story_id, StoryVersion.word_count).where(
                tuple_(StoryVersion.story_id, StoryVersion.number).in_(stories)
            )
        )
        return {story_id: count for story_id, count in rows}

    def history(self, story_id: str) -> list[StoryVersion]:
        """Every version of the story, oldest first, without loading texts or analyses."""
        return list(self.session.scalars(
            select(StoryVersion)
            .where(StoryVersion.story_id == story_id)
            .options(defer(StoryVersion.text), defer(StoryVersion.analysis))
            .order_by(StoryVersion.number)
        ))
