"""Which package may import which: the rules that keep the pipeline, writers and services apart.

Read from the source with ``ast``, imports inside functions and under ``TYPE_CHECKING``
included, so a lazy import cannot slip a cycle back in.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import shortstory

PACKAGE_DIR = Path(shortstory.__file__).parent

RULES = [
    ("shortstory.pipeline", ("shortstory.writers.procedural", "shortstory.writers.registry",
                             "shortstory.writers.openai_compatible")),
    ("shortstory.services", ("shortstory.api", "flask", "werkzeug")),
    ("shortstory.exports", ("shortstory.api", "shortstory.services", "shortstory.storage",
                            "flask", "werkzeug", "sqlalchemy")),
]
"""(package, what no module in it may import): the pipeline is handed its writers; services are
shared by the API and the CLI, so they know nothing of HTTP; exports turn a document into bytes
and know neither HTTP nor the database."""


def module_name(path: Path) -> str:
    """The dotted name of a source file under the ``shortstory`` package."""
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(source: str, module: str, *, is_package: bool = False) -> Iterator[str]:
    """Every module ``source`` imports, anywhere in it, as absolute dotted names (a ``from``
    import yields its module and each ``module.name``, since a name may be a submodule)."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = parts[: len(parts) - node.level + 1]
                base = ".".join([*parent, *([node.module] if node.module else [])])
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def violations(package: str, forbidden: tuple[str, ...]) -> list[str]:
    """``file:import`` for every forbidden import by a module of ``package``."""
    found = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        module = module_name(path)
        if not _within(module, package):
            continue
        source = path.read_text(encoding="utf-8")
        names = imported_names(source, module, is_package=path.name == "__init__.py")
        found += [f"{path.relative_to(PACKAGE_DIR)}: {name}" for name in names
                  if any(_within(name, prefix) for prefix in forbidden)]
    return sorted(set(found))


@pytest.mark.parametrize(("package", "forbidden"), RULES, ids=[rule[0] for rule in RULES])
def test_no_package_imports_what_it_must_not(package: str, forbidden: tuple[str, ...]) -> None:
    assert any(_within(module_name(p), package) for p in PACKAGE_DIR.rglob("*.py")), package
    assert violations(package, forbidden) == []


def test_the_check_sees_lazy_relative_and_type_checking_imports() -> None:
    source = """
from typing import TYPE_CHECKING
from shortstory.writers import procedural
from ..writers import registry
if TYPE_CHECKING:
    from shortstory.api.schemas import StoryPatch
def later():
    import shortstory.writers.openai_compatible
    from .. import writers
"""
    names = set(imported_names(source, "shortstory.pipeline.run"))
    assert {"shortstory.writers.procedural", "shortstory.writers.registry",
            "shortstory.api.schemas", "shortstory.writers.openai_compatible",
            "shortstory.writers"} <= names
    package_names = set(imported_names("from . import run", "shortstory.pipeline",
                                       is_package=True))
    assert "shortstory.pipeline.run" in package_names
