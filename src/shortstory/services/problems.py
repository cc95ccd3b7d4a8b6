"""Field problems: what is wrong with an input, one ``{"field", "problem", "type"}`` per fault.

The API answers them as ``details.errors`` of a 422 (its message names the first three); the CLI
prints them all on one line. Both get them from here, so they name the same fields.
"""

from __future__ import annotations

from pydantic import ValidationError as PydanticValidationError

from shortstory.errors import ValidationError
from shortstory.services.problem_messages import problem_message

SHOWN_IN_MESSAGE = 3
"""How many problems an error's message names; ``details.errors`` holds every one."""


def field_problems(error: PydanticValidationError) -> list[dict[str, str]]:
    """Every problem of a pydantic error as ``{"field", "problem", "type"}`` (dotted paths)."""
    problems = []
    for item in error.errors(include_url=False):
        where = ".".join(str(part) for part in item["loc"]) or "body"
        problems.append({"field": where, "problem": problem_message(item), "type": item["type"]})
    return problems


def problems_message(problems: list[dict[str, str]]) -> str:
    """One line naming the first problems: ``field: problem; field: problem (and 2 more)``."""
    shown = "; ".join(f"{p['field']}: {p['problem']}" for p in problems[:SHOWN_IN_MESSAGE])
    more = len(problems) - SHOWN_IN_MESSAGE
    return shown + (f" (and {more} more)" if more > 0 else "")


def invalid_input(problems: list[dict[str, str]]) -> ValidationError:
    """The 422 error carrying ``problems`` in ``details.errors``."""
    return ValidationError(problems_message(problems), {"errors": problems})
