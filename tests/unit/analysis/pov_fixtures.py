"""Reading the POV/tense fixtures: a header of ``# key: value`` lines, ``[[…]]`` marking slips."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "pov_tense"
_MARK_RE = re.compile(r"\[\[(.+?)\]\]", re.DOTALL)


@dataclass(frozen=True)
class Fixture:
    name: str
    text: str
    pov: str
    tense: str
    characters: tuple[str, ...]
    slips: tuple[tuple[int, int], ...]


def load_fixture(path: Path) -> Fixture:
    header: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    while lines and lines[0].startswith("#"):
        key, _, value = lines.pop(0)[1:].partition(":")
        header[key.strip()] = value.strip()
    marked = "".join(lines)
    text_parts: list[str] = []
    slips: list[tuple[int, int]] = []
    position = length = 0
    for match in _MARK_RE.finditer(marked):
        before = marked[position : match.start()]
        text_parts.append(before)
        length += len(before)
        slips.append((length, length + len(match.group(1))))
        text_parts.append(match.group(1))
        length += len(match.group(1))
        position = match.end()
    text_parts.append(marked[position:])
    characters = tuple(name.strip() for name in header.get("characters", "").split(",") if name)
    return Fixture(
        name=path.stem,
        text="".join(text_parts),
        pov=header["pov"],
        tense=header["tense"],
        characters=characters,
        slips=tuple(slips),
    )


def planted_fixtures() -> list[Fixture]:
    return [load_fixture(path) for path in sorted(FIXTURES.glob("*.txt"))]
