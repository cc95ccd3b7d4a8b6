"""How long a story lasts: an idea told in hours tells no weeks.

A courier with nine hours to cross a border, a bomb with forty minutes on its clock, one night
in a snowed-in station: readers found such stories lasting "weeks" ("The runs become a habit"),
because scenes and family steps are written for stories of any length. :func:`short_span` reads
the idea's own clock; for such a story :func:`without_long_spans` drops a template's
alternatives that say weeks, months or seasons (None when the template says one outside its
alternatives), and :func:`tells_long_span` judges the filled line. Years stay: they are the
past ("a courier for years"), not the story's own time.
"""

from __future__ import annotations

import re
from functools import lru_cache

from shortstory.writers.procedural.wording import fitting_choices

_NUMBERS = (r"\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
            r"twenty-four|thirty|forty|forty-eight|fifty|sixty|ninety|a few|a couple of")
_SHORT = re.compile(
    rf"\b(?:(?:{_NUMBERS})[\s-]+(?:hours?|minutes?)|(?:a single|one single|over one|in one|"
    r"for one|during one|during a single) (?:night|day|shift|evening|afternoon|morning)|"
    r"overnight|tonight|before (?:dawn|midnight|morning)|by (?:dawn|midnight)|until (?:dawn|"
    r"midnight))\b", re.IGNORECASE)
"""An idea's clock of hours: "nine hours to carry…", "during a single shift", "before dawn"."""
_LONG = re.compile(
    r"\b(?:weeks?|months?|fortnights?|seasons?|(?:that|all|the whole|by|next|last) (?:winter|"
    r"summer|spring|autumn))\b", re.IGNORECASE)
"""The story's own time in weeks or more ("by the third week", "all winter")."""


def short_span(idea: str) -> bool:
    """Whether ``idea`` sets its story's clock in hours ("has nine hours to…", "one night")."""
    return _SHORT.search(idea) is not None


@lru_cache(maxsize=8192)
def without_long_spans(template: str) -> str | None:
    """``template`` without its alternatives that say weeks or more; None when it says them
    outside an alternative, or when no alternative of a choice is left."""
    return fitting_choices(template, lambda words: _LONG.search(words) is None)


def tells_long_span(text: str) -> bool:
    """Whether a filled line says the story's time runs to weeks or more."""
    return _LONG.search(text) is not None
