"""``/stories/{id}/export/{fmt}``: a story (or one version of it) as a file to download."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from flask import Blueprint, Response
from pydantic import Field

from shortstory.api.openapi import documented
from shortstory.api.request_bodies import parse_query
from shortstory.errors import BadRequest
from shortstory.exports import FORMATS, Exported, UnknownFormat, export, find_format
from shortstory.pipeline.models import InputModel
from shortstory.services.exports import story_document
from shortstory.services.problems import invalid_input
from shortstory.storage import request_session
from shortstory.web.auth import require_user

blueprint = Blueprint("exports", __name__)


class ExportQuery(InputModel):
    """Query of ``GET /stories/{id}/export/{fmt}``: which version (default: the current one)."""

    version: Annotated[int | None, Field(ge=1, le=2**31 - 1)] = None


MEDIA_TYPES = tuple(dict.fromkeys(f.media_type.split(";")[0] for f in FORMATS.values()))
"""What the route may answer, without parameters (for the OpenAPI document)."""


def content_disposition(exported: Exported) -> str:
    """``attachment`` with an ASCII ``filename`` and the title's own ``filename*`` (RFC 5987)."""
    return (f'attachment; filename="{exported.filename}"; '
            f"filename*=UTF-8''{exported.filename_utf8}")


def _check_format(fmt: str) -> None:
    """:raises BadRequest: for an unknown format, listing the formats in ``details.formats``."""
    try:
        find_format(fmt)
    except UnknownFormat as exc:
        problems = [{"field": "fmt", "type": "enum",
                     "problem": f"must be one of {', '.join(exc.formats)}"}]
        error = invalid_input(problems, BadRequest)
        error.details["formats"] = exc.formats
        raise error from None


@blueprint.get("/stories/<uuid:story_id>/export/<fmt>")
@documented(summary="Download the story (or ?version=N) as md, txt, html, pdf, docx or epub",
            tag="stories", query=ExportQuery, errors=(404,),
            path_schemas={"fmt": {"type": "string", "enum": list(FORMATS)}},
            content_types=MEDIA_TYPES, response_headers=("Content-Disposition",))
def export_story(story_id: UUID, fmt: str) -> Response:
    """The story as a file: ``Content-Disposition: attachment`` with a name from its title."""
    _check_format(fmt)
    query = parse_query(ExportQuery)
    user = require_user()
    document = story_document(request_session(), user.id, user.name, str(story_id),
                              query.version)
    exported = export(document, fmt)
    response = Response(exported.content, content_type=exported.media_type)
    response.headers["Content-Disposition"] = content_disposition(exported)
    return response
