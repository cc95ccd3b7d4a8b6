"""Every relative link in the README, DEPLOYMENT.md and docs/ leads to a file of this repository:
a reader of the public repository can follow each one (nothing points at ``../shared``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
DOCUMENTS = sorted([ROOT / "README.md", ROOT / "DEPLOYMENT.md", *(ROOT / "docs").glob("*.md")])
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
CODE_PATH = re.compile(r"`(\.\./[^`\s]+)`")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*$", re.MULTILINE)


def _anchors(text: str) -> set[str]:
    """GitHub's anchors for the headings of ``text``."""
    anchors = set()
    for heading in HEADING.findall(text):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        anchors.add(slug)
    return anchors


def _leads_somewhere(path: Path, anchor: str) -> bool:
    if not path.is_relative_to(ROOT) or not path.exists():
        return False
    if anchor and path.suffix == ".md":
        return anchor in _anchors(path.read_text(encoding="utf-8"))
    return True


def _relative_links(text: str) -> list[str]:
    return [target for target in LINK.findall(text)
            if not re.match(r"^[a-z][a-z0-9+.-]*:", target)]


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves_inside_the_repository(document: Path) -> None:
    text = document.read_text(encoding="utf-8")
    broken = []
    for target in _relative_links(text):
        path_part, _, anchor = target.partition("#")
        resolved = (document.parent / path_part).resolve() if path_part else document
        if not _leads_somewhere(resolved, anchor):
            broken.append(target)
    assert broken == [], f"{document.name}: links that lead nowhere: {broken}"
    outside = CODE_PATH.findall(text)
    assert outside == [], f"{document.name} names files outside the repository: {outside}"


def test_the_readme_links_the_design_style_and_stack_notes() -> None:
    links = set(_relative_links((ROOT / "README.md").read_text(encoding="utf-8")))
    assert {"docs/DESIGN.md", "docs/STYLE.md", "docs/STACK-NOTES.md"} <= links
