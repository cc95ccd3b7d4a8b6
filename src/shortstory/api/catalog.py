"""``/genres``, ``/structures``, ``/templates``, ``/writers``: what a story can be made from.

The genres, structures and templates are the same for everyone and read from files shipped with
the code: they are public (no API key, whose lookup needs the database), so they keep answering
while the database is down. The writers list names hosts and models: callers only.
"""

from __future__ import annotations

from flask import Blueprint, Response

from shortstory.api.openapi import documented
from shortstory.api.responses import json_response
from shortstory.api.schemas.catalog import GenreList, StructureList, TemplateList, WriterList
from shortstory.jobs.runtime import jobs_runtime
from shortstory.pipeline import catalog
from shortstory.web.auth import public, require_user

blueprint = Blueprint("catalog", __name__)


@blueprint.get("/genres")
@documented(summary="The genres: id, name, description, conventions, default tone",
            tag="catalog", response=GenreList)
@public
def genres() -> Response:
    """Every genre, summarised (the writer's material stays inside the engine)."""
    items = [{"id": g.id, "name": g.name, "description": g.description,
              "conventions": list(g.conventions), "default_tone": g.default_tone}
             for g in catalog.genres()]
    return json_response(GenreList.model_validate({"items": items}))


@blueprint.get("/structures")
@documented(summary="The outline structures and their beats", tag="catalog",
            response=StructureList)
@public
def structures() -> Response:
    """Every outline structure."""
    items = [s.model_dump(mode="json") for s in catalog.structures()]
    return json_response(StructureList.model_validate({"items": items}))


@blueprint.get("/templates")
@documented(summary="Ready-made premises: each a complete POST /stories body", tag="catalog",
            response=TemplateList)
@public
def templates() -> Response:
    """Every premise template."""
    items = [t.model_dump(mode="json") for t in catalog.templates()]
    return json_response(TemplateList.model_validate({"items": items}))


@blueprint.get("/writers")
@documented(summary="The writers a story may name: name, kind, model, default and fallback order",
            tag="catalog", response=WriterList)
def writers() -> Response:
    """Every configured writer (keys and endpoint paths are never shown)."""
    require_user()
    return json_response(WriterList.model_validate({"items": jobs_runtime().writers.describe()}))
