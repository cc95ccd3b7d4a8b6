"""Exporting a stored story: the caller's story, one of its versions, as an export document.

The document is built once, here, from the version (its title, text, writer and model) and the
owner's name; every format then renders that same document.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from shortstory.errors import NotFound
from shortstory.exports import ExportDocument, writer_credit
from shortstory.services.stories import owned_story
from shortstory.storage.story_models import Story, StoryVersion
from shortstory.storage.versions import VersionRepository


def document_from_version(story: Story, version: StoryVersion, author: str) -> ExportDocument:
    """The export document of one version of ``story``, owned by ``author``."""
    return ExportDocument.from_text(
        title=version.title or story.title, author=author, text=version.text,
        writer=writer_credit(version.writer or story.writer, version.model),
    )


def story_document(session: Session, user_id: int, author: str, story_id: str,
                   version: int | None = None) -> ExportDocument:
    """The caller's story at ``version`` (default: its current version) as a document.

    :raises NotFound: no such story for this caller (another user's story included), no such
        version, or no version at all yet (a story still being written).
    """
    story = owned_story(session, user_id, story_id)
    number = version if version is not None else story.current_version
    if number is None:
        raise NotFound("This story has no text yet; export it once it is written.",
                       {"story_id": story_id})
    row = VersionRepository(session).get(story.id, number)
    if row is None:
        raise NotFound("No such version of this story.", {"version": number})
    return document_from_version(story, row, author)
