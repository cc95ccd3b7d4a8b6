"""Migration 0006 fills in each existing version's scaffold from what its rows recorded, so the
feedback on a version written before a tense revision keeps counting under its own tense."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, select, update

from shortstory.config import load_settings
from shortstory.pipeline.models import StoryRequest
from shortstory.storage.migrate import downgrade, upgrade
from shortstory.storage.session import Database
from shortstory.storage.stories import StoryRepository
from shortstory.storage.story_models import Story, StoryVersion
from shortstory.storage.users import UserRepository
from shortstory.storage.versions import VersionRepository

REQUEST = StoryRequest.model_validate({
    "premise": {"idea": "A lamp lit by someone else.", "character": {"name": "Maren"}},
    "genre": "mystery", "scaffold": {"pov": "first", "tense": "past"},
})


def test_existing_versions_get_the_scaffold_they_were_written_in(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'backfill.sqlite3'}"
    upgrade(url)
    database = Database.from_settings(load_settings({"environment": "test",
                                                     "database_url": url}))
    with database.session_scope() as session:
        user, _ = UserRepository(session).create_user_with_key("backfill")
        story = StoryRepository(session).create(user.id, REQUEST)
        versions = VersionRepository(session)
        versions.add(story.id, 1, source="draft", text="I walked.", analysis={"word_count": 2})
        # An instruction revision is analysed against the scaffold it started from.
        versions.add(story.id, 2, source="revision", text="I walk.", parent_number=1,
                     note="instruction: change tense to present",
                     analysis={"scaffold": {"pov": "first", "tense": "past"}})
        versions.add(story.id, 3, source="revision", text="I walk on.", parent_number=2,
                     note="cliches: 1 changes",
                     analysis={"scaffold": {"pov": "first", "tense": "present"}})
        versions.add(story.id, 4, source="edit", text="I walk far.", parent_number=3,
                     note="text edited")
        story_id = story.id
    database.engine.dispose()

    downgrade(url, "0005")  # the columns go; the story's scaffold is now the revised one
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(update(Story).values(tense="present"))
    engine.dispose()
    upgrade(url)

    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            select(StoryVersion.number, StoryVersion.pov, StoryVersion.tense)
            .where(StoryVersion.story_id == story_id).order_by(StoryVersion.number)).all()
    engine.dispose()
    assert [tuple(row) for row in rows] == [(1, "first", "past"), (2, "first", "present"),
                                            (3, "first", "present"), (4, "first", "present")]
