"""One validation of a story request for the API and the CLI: schema, catalog and writer at once.

A request is refused with every problem found: the fields the model refuses, and a genre,
structure or writer this service does not know, even when other fields are wrong too, so a person
fixes them all in one go.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pydantic_core
from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from shortstory.pipeline import catalog
from shortstory.pipeline.models import Line, StoryRequest
from shortstory.services.problems import field_problems, invalid_input
from shortstory.writers.registry import UnknownWriter

if TYPE_CHECKING:
    from shortstory.writers.registry import WriterRegistry

NAMED_FIELDS = ("genre", "structure", "writer")
"""The fields that name something the service must know: a catalog entry or a writer."""

_LINE = TypeAdapter(Line)


def validate_story_request(body: Any, writers: WriterRegistry, *,
                           strict: bool = False) -> StoryRequest:
    """``body`` as a story request, checked against the schema, the catalog and ``writers``.

    :param body: the request as parsed JSON (the API's body; the CLI's premise file and options).
    :param strict: refuse a value of another JSON type (``"1500"`` for a number), as the API
        does; the CLI leaves it off, since its options are text.
    :raises ValidationError: every problem found, in ``details.errors``.
    """
    # Validated as a JSON document whoever parsed it, so that problems speak of objects and
    # arrays, as the API documents them, never of our classes.
    document = pydantic_core.to_json(body)
    try:
        request = StoryRequest.model_validate_json(document, strict=strict)
    except PydanticValidationError as exc:
        problems = field_problems(exc)
        refused = {problem["field"] for problem in problems}
        problems += naming_problems(_named_values(body, refused), writers)
        raise invalid_input(problems) from None
    problems = naming_problems({field: getattr(request, field) for field in NAMED_FIELDS},
                               writers)
    if problems:
        raise invalid_input(problems)
    return request


def naming_problems(named: Mapping[str, str | None],
                    writers: WriterRegistry) -> list[dict[str, str]]:
    """A problem for each genre, structure or writer in ``named`` that the service does not know
    (``None``: not named, nothing to check)."""
    problems = []
    for field, lookup in (("genre", catalog.genre), ("structure", catalog.structure)):
        value = named.get(field)
        if value is None:
            continue
        try:
            lookup(value)
        except catalog.CatalogError as exc:
            problems.append({"field": field, "problem": str(exc), "type": "value"})
    writer = named.get("writer")
    if writer is not None:
        try:
            writers.check(writer)
        except UnknownWriter as exc:
            problems.append({"field": "writer", "problem": str(exc), "type": "value"})
    return problems


def _named_values(body: Any, refused: set[str]) -> dict[str, str | None]:
    """The named fields of a body the schema refused elsewhere, cleaned as the model cleans them
    (a field the schema refused itself has already been reported)."""
    if not isinstance(body, Mapping):
        return {}
    named: dict[str, str | None] = {}
    for field in NAMED_FIELDS:
        value = body.get(field)
        if field not in refused and isinstance(value, str):
            named[field] = _LINE.validate_python(value)
    return named
