"""Which part of ``shortstory`` may import which: the layers, no cycles, and the pure core.

The import graph is read from the source with ``ast`` (see ``support/import_graph.py``): lazy
imports and those under ``TYPE_CHECKING`` count, so neither can slip a back-edge in unseen.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.import_graph import ImportGraph, cycles, imported_names, module_name, within

import shortstory

PACKAGE_DIR = Path(shortstory.__file__).parent

LAYERS: tuple[tuple[str, frozenset[str]], ...] = (
    ("entry points", frozenset({"shortstory.app", "shortstory.wsgi", "shortstory.cli",
                                "shortstory.local_llm"})),
    ("the web front", frozenset({"shortstory.api", "shortstory.ui", "shortstory.web",
                                 "shortstory.rate_limits"})),
    ("services, jobs and storage", frozenset({"shortstory.services", "shortstory.jobs",
                                              "shortstory.storage"})),
    ("settings and telemetry", frozenset({"shortstory.config", "shortstory.observability"})),
    ("the pure core", frozenset({"shortstory.pipeline", "shortstory.writers",
                                 "shortstory.analysis", "shortstory.exports",
                                 "shortstory.diffing"})),
    ("the foundation", frozenset({"shortstory", "shortstory.errors", "shortstory.shutdown"})),
)
"""Top to bottom: a module may import its own layer and the layers below it, never one above.
The commands and the app factory assemble the web front; the front (views, request handling,
metrics) calls services, jobs and storage; those read the settings and report through the
telemetry; the pure core (story pipeline, writers, text analysis, exports, diffs) knows none of
them; the error hierarchy and the shutdown flag serve everyone."""

RULES = [
    ("shortstory.pipeline", ("shortstory.writers",)),
    ("shortstory.writers", ("shortstory.config",)),
    ("shortstory.services", ("shortstory.api", "flask", "werkzeug")),
    ("shortstory.exports", ("shortstory.api", "shortstory.services", "shortstory.storage",
                            "flask", "werkzeug", "sqlalchemy")),
    ("shortstory.errors", ("flask", "werkzeug", "sqlalchemy", "pydantic")),
    ("shortstory.observability", ("flask", "werkzeug", "sqlalchemy")),
    *[(core, ("flask", "werkzeug", "sqlalchemy"))
      for core in ("shortstory.pipeline", "shortstory.writers", "shortstory.analysis",
                   "shortstory.diffing")],
]
"""(package, what no module in it may import): the pipeline is handed its writers (the protocol
they implement is the pipeline's own); writers are built from a setup the settings make and never
read the settings themselves; services are shared by the API and the CLI, so they know nothing of
HTTP; exports turn a document into bytes and know neither HTTP nor the database; the error
hierarchy and the telemetry are raised and used by every layer; the pure core does no web and no
database work."""


@pytest.fixture(scope="module")
def graph() -> ImportGraph:
    return ImportGraph.read(PACKAGE_DIR)


Layers = tuple[tuple[str, frozenset[str]], ...]


def layer_of(unit: str, layers: Layers = LAYERS) -> int:
    """The index of ``unit``'s layer in ``layers`` (0 is the top)."""
    for number, (_name, units) in enumerate(layers):
        if unit in units:
            return number
    raise LookupError(f"{unit} is in no layer: add it to LAYERS")


def back_edges(graph: ImportGraph, layers: Layers = LAYERS) -> list[str]:
    """``importer -> imported (its layer -> the higher layer)`` for every arrow that runs up."""
    found = []
    for module, target in graph.pairs():
        here = layer_of(graph.unit_of(module), layers)
        there = layer_of(graph.unit_of(target), layers)
        if there < here:
            found.append(f"{module} -> {target} ({layers[here][0]} -> {layers[there][0]})")
    return found


def violations(package: str, forbidden: tuple[str, ...]) -> list[str]:
    """``file: import`` for every forbidden import by a module of ``package``."""
    found = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        module = module_name(path, PACKAGE_DIR)
        if not within(module, package):
            continue
        source = path.read_text(encoding="utf-8")
        names = imported_names(source, module, is_package=path.name == "__init__.py")
        found += [f"{path.relative_to(PACKAGE_DIR)}: {name}" for name in names
                  if any(within(name, prefix) for prefix in forbidden)]
    return sorted(set(found))


def test_every_part_of_the_package_has_a_layer(graph: ImportGraph) -> None:
    units = {graph.unit_of(module) for module in graph.edges}
    placed = set().union(*(members for _name, members in LAYERS))
    assert units - placed == set(), "a new top-level part needs a place in LAYERS"
    assert placed - units == set(), "LAYERS names a part that is gone"


def test_no_module_imports_a_layer_above_its_own(graph: ImportGraph) -> None:
    assert back_edges(graph) == []


def test_no_two_modules_import_each_other_even_by_a_detour(graph: ImportGraph) -> None:
    assert cycles(graph.edges) == []


def test_no_two_top_level_parts_import_each_other(graph: ImportGraph) -> None:
    assert cycles(graph.units().edges) == []


@pytest.mark.parametrize(("package", "forbidden"), RULES, ids=[rule[0] for rule in RULES])
def test_no_package_imports_what_it_must_not(package: str, forbidden: tuple[str, ...]) -> None:
    assert any(within(module_name(p, PACKAGE_DIR), package) for p in PACKAGE_DIR.rglob("*.py"))
    assert violations(package, forbidden) == []


def _write_package(root: Path, files: dict[str, str]) -> Path:
    package_dir = root / "pkg"
    for name, source in files.items():
        path = package_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    return package_dir


def test_the_checker_catches_a_synthetic_cycle_and_a_back_edge(tmp_path: Path) -> None:
    package_dir = _write_package(tmp_path, {
        "__init__.py": "",
        "api/__init__.py": "",
        "api/views.py": "from pkg.core import plan\n",
        "core/__init__.py": "",
        "core/plan.py": "from . import words\n",
        # Lazy, three modules round: a detour is a cycle too.
        "core/words.py": "def later():\n    from pkg.core.steps import run\n",
        "core/steps.py": "import pkg.core.plan\n",
        # A lazy import from the core up to the views: a back-edge and a cycle between parts.
        "core/render.py": "def show():\n    from ..api import views\n",
    })
    graph = ImportGraph.read(package_dir)

    assert cycles(graph.edges) == [["pkg.core.plan", "pkg.core.steps", "pkg.core.words"]]
    assert cycles(graph.units().edges) == [["pkg.api", "pkg.core"]]
    upward = [("pkg.core.render", "pkg.api"), ("pkg.core.render", "pkg.api.views")]
    assert cycles(graph.units(ignored=upward).edges) == []
    layers = (("views", frozenset({"pkg.api"})), ("core", frozenset({"pkg.core"})),
              ("base", frozenset({"pkg"})))
    assert back_edges(graph, layers) == ["pkg.core.render -> pkg.api (core -> views)",
                                         "pkg.core.render -> pkg.api.views (core -> views)"]


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
