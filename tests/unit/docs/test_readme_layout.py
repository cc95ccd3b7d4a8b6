"""The README's layout section matches the tree: every part of the package and every tracked
top-level entry is named there, and every folder or module it names under ``src/shortstory``
is there."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "src" / "shortstory"


def _layout() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    return section.split("```", 2)[1]


def _package_rows() -> dict[str, str]:
    """Each part of the package the layout names (``config/``) -> what its row says."""
    rows: dict[str, str] = {}
    current = None
    for line in _layout().splitlines():
        named = re.match(r"^  (\w+/)\s", line)
        if named:
            current = named.group(1)
            rows[current] = line
        elif current and line.startswith(" " * 10):
            rows[current] += " " + line.strip()
        else:
            current = None
    return rows


def test_every_part_of_the_package_is_in_the_layout() -> None:
    layout = _layout()
    rows = _package_rows()
    for entry in sorted(PACKAGE.iterdir()):
        if entry.name.startswith(("_", ".")) or entry.name.endswith(".egg-info"):
            continue
        if entry.is_dir():
            assert f"{entry.name}/" in rows, f"README's layout does not name {entry.name}/"
        elif entry.suffix == ".py":
            assert entry.name in layout, f"README's layout does not name {entry.name}"


def test_every_folder_and_module_the_layout_names_in_the_package_exists() -> None:
    for part, row in _package_rows().items():
        folder = PACKAGE / part
        assert folder.is_dir(), f"README's layout names {part}, which is gone"
        for name in re.findall(r"\b([a-z_]+(?:\.py|/))", row.removeprefix(f"  {part}")):
            if name.endswith("/"):
                found = list(folder.rglob(name.rstrip("/")))
            else:
                found = list(folder.rglob(name))
            assert found, f"README's layout names {part}{name}, which is not in the tree"


def test_every_tracked_top_level_entry_is_in_the_layout() -> None:
    layout = _layout()
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.split()
    tops = {path.split("/", 1)[0] for path in tracked}
    for top in sorted(tops):
        if top.startswith(".") or top == "README.md":
            continue
        shown = top.replace("requirements-dev.txt", "requirements*.txt").replace(
            "requirements-llm.txt", "requirements*.txt").replace("requirements.txt",
                                                                  "requirements*.txt")
        assert shown in layout, f"README's layout does not name {top}"
