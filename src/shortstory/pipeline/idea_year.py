"""The year a story is set in, read from its idea: "in 1790", "the winter of 1862", "in the late
1890s", "during the Blitz", "a Victorian governess"; None when the idea names no time.

The rule:

* A time names the story's own when it says when the story happens: after ``in``, ``during``,
  ``through(out)``, ``by``, ``around``, ``circa`` or ``amid`` ("in 1790", "in the 1920s",
  "during the Great War", "in the eighteenth century"), after ``of`` following a time word ("the
  winter of 1862", "the last night of the Blitz"), as a date ("June 1944"), opening the idea or
  after its place ("1862. A nurse…", "Paris, 1790: …"), or before a person ("a Victorian
  governess", "a 1920s jazz singer", "an 18th-century clockmaker").
* A time of a past deed dates the deed, not the story: after a past participle ("letters
  written in 1862") or in a relative clause told in the past ("the spy who betrayed her in
  1973", "numbers that were disconnected in 1987").
* The same words before a thing date the thing, not the story: "a Victorian house", "a 1990s
  song", "in 1920s clothes" leave a modern idea modern. An era's adjective after ``in`` takes a
  name or an era word after it ("in Victorian London", "in medieval times").
* A number that counts or names is no year: "room 1790", "£1790", "1,790 miles", "in 1790 pages".
* Several times: the latest is the story's year (a story that reaches the later time may hold its
  things; "In 2024 a woman reads letters written in 1862" is set in 2024).
* Each time is one year: a year itself; a decade or century at its middle, its first or last
  fifth when "early" or "late" ("the late 1890s" 1898, "the eighteenth century" and "the 1700s"
  1749); an era or event at its middle (Victorian 1869, the Blitz 1940) or its early or late
  fifth. Years before 1000 need AD or BC ("in 44 BC" is -44); a decade in words only when it
  cannot be an age or a temperature ("the nineteen-twenties", "the Twenties", capitalised).
* The idea is read first; the theme only when the idea names no time.
"""

from __future__ import annotations

import re

from lemminflect import getAllLemmas, getInflection

from shortstory.pipeline.idea_lexicon import _is_person

__all__ = ["ERAS", "idea_year", "story_year"]

ERAS: dict[str, tuple[int, int, bool]] = {
    # name (a regular expression): first and last year, and whether the name is an adjective
    # only, which after "in" needs a name or an era word ("in Victorian London", not "in
    # Victorian clothes"); before a person any name dates the story ("a Blitz warden").
    r"victorian": (1837, 1901, True),
    r"edwardian": (1901, 1910, True), r"elizabethan": (1558, 1603, True),
    r"tudor": (1485, 1603, True), r"jacobean": (1603, 1625, True),
    r"medi(?:a)?eval": (1000, 1500, True), r"viking": (793, 1066, True),
    r"inter-?war": (1919, 1939, True), r"post-?war": (1945, 1960, True),
    r"blitz": (1940, 1941, False), r"renaissance": (1400, 1600, False),
    r"regency": (1811, 1820, False), r"the great war": (1914, 1918, False),
    r"the first world war|world war (?:i|one|1)\b|ww(?:i|1)\b": (1914, 1918, False),
    r"the second world war|world war (?:ii|two|2)\b|ww(?:ii|2)\b": (1939, 1945, False),
    r"(?:the )?(?:great )?Depression": (1929, 1939, False), r"Prohibition": (1920, 1933, False),
    r"the (?:california )?gold rush": (1848, 1855, False),
    r"the klondike(?: gold rush)?": (1896, 1899, False),
    r"the napoleonic wars?": (1803, 1815, False), r"the crimean war": (1853, 1856, False),
    r"the boer war": (1899, 1902, False), r"the american civil war": (1861, 1865, False),
    r"the french revolution": (1789, 1799, False), r"the korean war": (1950, 1953, False),
    r"the vietnam war": (1955, 1975, False), r"the cold war": (1947, 1991, False),
    r"the middle ages": (1000, 1500, False), r"the dark ages": (500, 1000, False),
    r"the jazz age|the roaring twenties": (1920, 1929, False),
    r"the swinging sixties": (1960, 1969, False),
    r"the industrial revolution": (1760, 1840, False),
    r"the black death": (1346, 1353, False), r"the great plague": (1665, 1666, False),
    r"the great fire of london": (1666, 1666, False), r"the spanish flu": (1918, 1920, False),
    r"the (?:spanish )?armada": (1588, 1588, False), r"the wars of the roses": (1455, 1487, False),
    r"the hundred years['’]? war": (1337, 1453, False), r"the crusades?": (1096, 1291, False),
    r"the wild west": (1865, 1895, False), r"the belle [ée]poque": (1871, 1914, False),
    r"ancient": (-800, 400, True), r"roman(?! catholic)": (-50, 400, True),
    r"prehistoric": (-3000, -1000, True),
    r"anglo-saxon": (450, 1066, True), r"the (?:stone|bronze|iron) age": (-3000, -100, False),
}
"""Eras and events a reader dates without being told (their names are matched whole)."""
_IDIOMS = frozenset({"renaissance", "ancient"})
"""Eras whose adjective before a person is an idiom of any time ("a Renaissance man", "an
ancient woman")."""

_ORDINALS = ["eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
             "seventeenth", "eighteenth", "nineteenth", "twentieth", "twenty-first"]
_TENS = ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties",
         "nineties"]
_ERA = "|".join(f"(?P<era{n}>{name})" for n, name in enumerate(ERAS))
_TIME = re.compile(
    r"(?P<the>\bthe\s+)?(?:(?P<part>early|mid|late)[- ])?(?:"
    r"(?P<hundreds>\b1[0-9]00)['’]?s\b"
    r"|(?P<decade>\b(?:1[0-9]{2}0|20[0-9]0))['’]?s\b"
    r"|(?P<year>\b(?:1[0-9]{3}|20[0-9]{2}))\b(?![,.]?\d|['’]?s\b|\s*(?:BC|BCE|AD|CE)\b)"
    r"|(?:\bAD\s+|\bA\.D\.\s+)(?P<ad>[1-9][0-9]{0,3})\b"
    r"|\b(?P<era_year>[1-9][0-9]{0,3})\s*(?P<era_mark>BC|BCE|AD|CE)\b"
    r"|(?<=\bthe )(?-i:(?P<tens>" + "|".join(t.capitalize() for t in _TENS) + r"))\b"
    r"|\b(?P<wcent>eighteen|nineteen)[- ]?(?P<wdec>" + "|".join(_TENS) + r")\b"
    r"|\b(?P<cent>(?:1[0-9]|2[01])(?:st|nd|rd|th)|" + "|".join(_ORDINALS) + r")[- ]century\b"
    r"|(?<![\w-])(?:" + _ERA + r")(?:(?=-era\b)|(?![\w-])))(?P<suffix>-era\b)?",
    re.IGNORECASE,
)
_CAPITALISED = re.compile(r"depression|prohibition", re.IGNORECASE)
"""Eras whose names are common words in lower case ("a depression", "a prohibition on")."""
_WHEN = re.compile(
    r"(?:\b(?:in|during|through|throughout|by|around|circa|amid|amidst)\s+(?:the\s+year\s+)?"
    r"|\b(?:summer|winter|spring|autumn|fall|year|years|night|nights|day|days|week|weeks|month"
    r"|months|season|morning|evening|end|start|beginning|close|dawn|eve|turn|middle|height"
    r"|heart|depths|last|first|final|time|times)\s+of\s+"
    r"|\b(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december)\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?)$",
    re.IGNORECASE,
)
"""What comes just before a time that says when the story happens."""
_OPENING = re.compile(r"(?:^|[.!?]\s+|\b[A-Z][\w’'-]+,\s+)$")
"""A time opening the idea or a sentence, or after its place ("Paris, 1790")."""
_ERA_WORDS = frozenset({"times", "days", "era", "age", "period", "years"})
_COUNTED = re.compile(
    r"^\s*(?:%|per\b|(?:miles?|kilomet(?:re|er)s?|km|met(?:re|er)s?|feet|foot|yards?|inches|pages?"
    r"|words?|people|persons|men|women|souls|pounds?|dollars?|euros?|guineas?|francs?|acres?"
    r"|tons?|tonnes?|days?|hours?|minutes?|seconds?|years?|leagues?|fathoms?|degrees?|rooms?"
    r"|stairs|letters|ships|soldiers|troops|sheep|cattle)\b)",
    re.IGNORECASE,
)
"""Words after a number that count with it ("1790 miles"): it is no year. (Not those that are
also a verb of the idea's subject: "a clerk in 1850 copies a will".)"""
_NUMBER_BEFORE = re.compile(r"(?:[£$€¥#]|\d[,.]?|\bno\.?\s*|\bnumber\s+)$", re.IGNORECASE)
_NOT_PEOPLE = frozenset({"ghost", "ghosts", "spirit", "spirits", "spectre", "phantom", "portrait",
                         "statue", "doll", "dolls", "automaton", "mummy", "skeleton", "corpse"})
"""People of an earlier time who last into a later one: "a Victorian ghost" haunts any year."""
_PEOPLE = frozenset({"governess", "debutante", "suffragette", "flapper", "courtesan", "heiress",
                     "lady's", "gentleman", "gentlemen", "nobleman", "housemaid", "peasant",
                     "thane", "serf", "legionary", "slave"})
_STOPS = frozenset({"of", "in", "at", "on", "with", "who", "that", "which", "and", "or", "is",
                    "was", "from", "to", "for", "by", "about", "as", "but", "are", "were", "a",
                    "an", "the", "his", "her", "their", "its", "my", "our", "your", "this"})


def _parted(first: int, last: int, part: str) -> int:
    """A year of the span ``first``..``last``: its middle, or its first or last fifth."""
    fifth = (last - first) // 5
    return {"early": first + fifth, "late": last - fifth}.get(part, (first + last) // 2)


def _year_of(match: re.Match[str]) -> tuple[int, bool]:
    """The year a time stands for, and whether it is an adjective (it needs a noun after it)."""
    part = (match.group("part") or "").lower()
    noun = bool(match.group("the")) and not match.group("suffix")
    if match.group("year") or match.group("ad"):
        return int(match.group("year") or match.group("ad")), False
    if match.group("era_year"):
        year = int(match.group("era_year"))
        return (-year if match.group("era_mark").upper().startswith("B") else year), False
    if match.group("hundreds"):  # "the 1800s" is the nineteenth century, not its first decade
        start = int(match.group("hundreds"))
        return _parted(start, start + 99, part), not noun
    if match.group("tens"):  # "the Twenties", capitalised: the last century's
        start = 1900 + 10 * (_TENS.index(match.group("tens").lower()) + 2)
        return _parted(start, start + 9, part), False
    if match.group("decade"):
        start = int(match.group("decade"))
        return _parted(start, start + 9, part), not noun
    if match.group("wcent"):
        start = (1800 if match.group("wcent").lower() == "eighteen" else 1900) + 10 * (
            _TENS.index(match.group("wdec").lower()) + 2)
        return _parted(start, start + 9, part), not noun
    if match.group("cent"):
        name = match.group("cent").lower()
        number = int(name[:2]) if name[0].isdigit() else _ORDINALS.index(name) + 11
        start = (number - 1) * 100
        hyphened = "-century" in match.group(0).lower()
        return _parted(start, start + 99, part), hyphened or not noun
    for n, (first, last, adjective) in enumerate(ERAS.values()):
        if match.group(f"era{n}"):
            return _parted(first, last, part), adjective or bool(match.group("suffix"))
    raise ValueError(match.group(0))  # pragma: no cover - the pattern has no other group


def _names_a_person(after: str) -> bool:
    """Whether the words just after a time (up to a stop) name a person."""
    phrase = re.match(r"(?:\s+[\w’'-]+){1,3}", after)
    for word in (phrase.group(0).split() if phrase else []):
        word = word.lower().removesuffix("'s").removesuffix("’s")
        if word in _STOPS:
            return False
        if word in _PEOPLE or (_is_person(word) and word not in _NOT_PEOPLE):
            return True
    return False


def _past(word: str) -> bool:
    """Whether ``word`` is a verb's past form ("written", "betrayed", "were")."""
    word = word.lower()
    if word in {"was", "were", "had", "did"}:
        return True
    lemma = next(iter(getAllLemmas(word).get("VERB", ())), word)
    return word != lemma and (word in getInflection(lemma, "VBD") or word in getInflection(
        lemma, "VBN"))


def _of_a_past_deed(head: str) -> bool:
    """Whether a time after ``head`` (its clause up to the time's preposition) dates a past
    deed: "letters written in", "the spy who betrayed her in"."""
    words = re.split(r"[,;:.!?—–]", head)[-1].split()
    if words and _past(words[-1]):
        return True
    relative = [n for n, w in enumerate(words) if w.lower() in {"who", "that", "which", "whom"}]
    return bool(relative) and any(_past(w) for w in words[relative[-1] + 1:])


def _says_when(match: re.Match[str], before: str, after: str, adjective: bool) -> bool:
    """Whether a time says when the story happens (not when a thing was made)."""
    word = re.match(r"\s+([\w’'-]+)", after)
    following = word.group(1) if word else ""
    if _OPENING.search(before):
        if match.group("year"):
            return bool(re.match(r"\s*[.,:;—–-]", after))  # "1862. A nurse…", not "1790 lanterns"
    elif not (when := _WHEN.search(before)) or _of_a_past_deed(before[: when.start()]):
        return False
    # "in Victorian London", "in medieval times", "during the Blitz"; not "in 1920s clothes"
    return not adjective or not following or following[:1].isupper() or (
        following.lower() in _ERA_WORDS)


def _mentions(text: str) -> list[int]:
    """The years of the times ``text`` sets its story in (see the module's rule)."""
    years = []
    for match in _TIME.finditer(text):
        named = match.group(0)
        if _CAPITALISED.search(named) and not re.search(r"Depression|Prohibition", named):
            continue
        before, after = text[: match.start()], text[match.end():]
        if match.group("year") and (_COUNTED.match(after) or _NUMBER_BEFORE.search(before)):
            continue  # "1790 miles", "£1790", "no. 1790"
        year, adjective = _year_of(match)
        idiom = any(match.group(f"era{n}") for n, name in enumerate(ERAS) if name in _IDIOMS)
        if _says_when(match, before, after, adjective) or (
                not idiom and _names_a_person(after)):
            years.append(year)
    return years


def idea_year(text: str) -> int | None:
    """The year ``text`` (an idea) sets its story in: the latest it names, None when none."""
    years = _mentions(text)
    return max(years) if years else None


def story_year(idea: str, theme: str = "") -> int | None:
    """The story's year: the idea's, or when the idea names none its theme's."""
    year = idea_year(idea)
    return year if year is not None else idea_year(theme) if theme else None
