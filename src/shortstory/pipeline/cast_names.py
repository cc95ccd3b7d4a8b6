"""Given names that fit a cast member's role: a daughter is never called Hugh, a grandson never
Maud. The genres' name lists stay plain lists; which names read as a woman's or a man's, and
which role words say a person's sex, live in ``data/given_names.json``."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "given_names.json"


@lru_cache(maxsize=1)
def _table() -> dict[str, frozenset[str]]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return {key: frozenset(values) for key, values in data.items() if not key.startswith("_")}


def _head_words(role: str) -> list[str]:
    """The role's words up to a relative clause, an owner's possessive left out: "the vicar's
    sister who sings" is a sister, and not the protagonist's."""
    words = []
    for word in role.lower().split():
        if word in {"who", "that", "which", "with"}:
            break
        if word.endswith(("'s", "’s")):
            words = ["'s"]  # an owner: what follows is their relation, not the protagonist's
            continue
        words.append(word)
    return words


def role_sex(role: str) -> str:
    """``"feminine"``, ``"masculine"`` or ``""`` for a role ("a daughter who never writes")."""
    table = _table()
    for word in _head_words(role):
        if word in table["feminine_roles"]:
            return "feminine"
        if word in table["masculine_roles"]:
            return "masculine"
    return ""


def is_family(role: str) -> bool:
    """Whether the role is the protagonist's own family ("a daughter", "an estranged brother"),
    not someone else's ("the vicar's sister")."""
    words = _head_words(role)
    return "'s" not in words and any(word in _table()["family_roles"] for word in words)


def cast_sex(name: str, role: str) -> str:
    """``"feminine"``, ``"masculine"`` or ``""`` for a cast member: by the role's sex, else by
    the given name."""
    sex = role_sex(role)
    if sex:
        return sex
    given = name.split()[0] if name else ""
    for kind in ("feminine", "masculine"):
        if given in _table()[kind]:
            return kind
    return ""


_PRONOUNS = {"feminine": ("she", "her", "her"), "masculine": ("he", "him", "his")}


def pronoun(name: str, role: str, case: str) -> str:
    """A cast member's ``"subject"``, ``"object"`` or ``"possessive"`` pronoun ("she", "him",
    "her"); ``""`` when their sex is unknown (the caller says "their" or the name again)."""
    forms = _PRONOUNS.get(cast_sex(name, role))
    return forms[("subject", "object", "possessive").index(case)] if forms else ""


def possessive(name: str, role: str) -> str:
    """"her", "his" or "their" for a cast member: by the role's sex, else by the given name."""
    return pronoun(name, role, "possessive") or "their"


def fits(given: str, sex: str) -> bool:
    """Whether a given name suits a role of this sex (any name suits a role of neither)."""
    if not sex:
        return True
    other = "masculine" if sex == "feminine" else "feminine"
    return given not in _table()[other]


def pick_given(names: list[str], role: str, used: set[str]) -> str:
    """The first name in ``names`` (already shuffled) not yet used that suits the role; the
    first unused name when none does."""
    unused = [n for n in names if n not in used]
    sex = role_sex(role)
    return next((n for n in unused if fits(n, sex)), unused[0])


_TITLES = frozenset({"brother", "sister", "father", "mother", "dr", "dr.", "doctor", "mr", "mr.",
                     "mrs", "mrs.", "ms", "ms.", "miss", "captain", "aunt", "uncle", "lady",
                     "lord", "sir", "dame", "professor", "reverend", "inspector", "sergeant",
                     "madame", "monsieur", "señor", "señora", "frau", "herr", "abbot", "abbess"})


def called(name: str) -> str:
    """What a person is called once known: the given name ("Ada" of "Ada Vance"), or a title with
    the last name ("Brother Aldo", "Dr Patel" of "Dr Mei Patel"; never "Brother" alone)."""
    words = name.split()
    if len(words) > 1 and words[0].lower() in _TITLES:
        return f"{words[0]} {words[-1]}"
    return words[0] if words else name

