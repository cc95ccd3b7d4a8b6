"""Field problems: what is wrong with an input, one ``{"field", "problem", "type"}`` per fault.

The one place where a pydantic error becomes problems and problems become a message: the API
answers them as ``details.errors`` of a 422 (or of a 400 for a bad query string), its message
naming the first three; the CLI prints them all on one line, in its own words. Both get them from
here, so they name the same fields.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import ValidationError as PydanticValidationError

from shortstory.errors import APIError, ValidationError
from shortstory.pipeline.models import field_path
from shortstory.services.problem_messages import problem_message

Problem = dict[str, str]

SHOWN_IN_MESSAGE = 3
"""How many problems an error's message names; ``details.errors`` holds every one."""


def field_problems(error: PydanticValidationError, *, whole: str = "body") -> list[Problem]:
    """Every problem of a pydantic error as ``{"field", "problem", "type"}`` (dotted paths;
    ``whole`` names a problem of the value as a whole)."""
    problems = []
    for item in error.errors(include_url=False):
        where = field_path(item["loc"]) or whole
        problems.append({"field": where, "problem": problem_message(item), "type": item["type"]})
    return problems


def problems_message(problems: Sequence[Problem], *, shown: int | None = SHOWN_IN_MESSAGE) -> str:
    """One line naming the first ``shown`` problems (all with ``None``):
    ``field: problem; field: problem (and 2 more)``."""
    named = problems if shown is None else problems[:shown]
    line = "; ".join(f"{p['field']}: {p['problem']}" for p in named)
    more = len(problems) - len(named)
    return line + (f" (and {more} more)" if more > 0 else "")


def invalid_input(problems: list[Problem], error: type[APIError] = ValidationError) -> APIError:
    """The error carrying ``problems`` in ``details.errors``: a 422 :class:`ValidationError`
    unless ``error`` says otherwise (a :class:`~shortstory.errors.BadRequest` for a bad query)."""
    return error(problems_message(problems), {"errors": problems})
