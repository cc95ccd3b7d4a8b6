"""The import graph of a package, read from its source with ``ast`` (nothing is imported).

Every import counts, at the top of a module, inside a function or under ``TYPE_CHECKING``: a lazy
import is still an arrow a reader has to follow, and it is how a cycle slips back in unseen.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path


def module_name(path: Path, package_dir: Path) -> str:
    """The dotted name of a source file under ``package_dir`` (``pkg/a/__init__.py`` is
    ``pkg.a``)."""
    parts = path.relative_to(package_dir.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(source: str, module: str, *, is_package: bool = False) -> Iterator[str]:
    """Every name ``source`` imports, anywhere in it, as absolute dotted names (a ``from``
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


def within(name: str, prefix: str) -> bool:
    """``name`` is ``prefix`` or a module below it."""
    return name == prefix or name.startswith(prefix + ".")


@dataclass(frozen=True)
class ImportGraph:
    """Which of a package's modules imports which of its modules."""

    package: str
    edges: Mapping[str, frozenset[str]]
    """module -> the package's modules it imports (itself left out)."""

    @classmethod
    def read(cls, package_dir: Path) -> ImportGraph:
        """The graph of every ``.py`` file under ``package_dir``."""
        paths = {module_name(p, package_dir): p for p in sorted(package_dir.rglob("*.py"))}
        edges = {}
        for module, path in paths.items():
            names = imported_names(path.read_text(encoding="utf-8"), module,
                                   is_package=path.name == "__init__.py")
            edges[module] = frozenset(n for n in names if n in paths and n != module)
        return cls(package_dir.name, edges)

    def pairs(self) -> Iterator[tuple[str, str]]:
        """Every arrow, importer first."""
        for module in sorted(self.edges):
            for target in sorted(self.edges[module]):
                yield module, target

    def unit_of(self, module: str) -> str:
        """The part of the package a module belongs to: its top-level subpackage or module
        (``pkg.api.stories`` -> ``pkg.api``; the package's own ``__init__`` is ``pkg``)."""
        parts = module.split(".")
        return ".".join(parts[:2])

    def units(self, ignored: Iterable[tuple[str, str]] = ()) -> ImportGraph:
        """The same graph between top-level parts, leaving out the ``ignored`` arrows."""
        skip = set(ignored)
        edges: dict[str, set[str]] = {self.unit_of(m): set() for m in self.edges}
        for module, target in self.pairs():
            a, b = self.unit_of(module), self.unit_of(target)
            if a != b and (module, target) not in skip:
                edges[a].add(b)
        return ImportGraph(self.package, {k: frozenset(v) for k, v in edges.items()})


def cycles(edges: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Every group of nodes that reach each other (Tarjan's strongly connected components of
    more than one node), each sorted, the groups sorted."""
    graph = {node: sorted(targets) for node, targets in edges.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(start: str) -> None:
        # Iterative, so a long chain of imports cannot hit the recursion limit.
        work = [(start, iter(graph.get(start, ())))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, targets = work[-1]
            advanced = False
            for target in targets:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(graph.get(target, ()))))
                    advanced = True
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)
