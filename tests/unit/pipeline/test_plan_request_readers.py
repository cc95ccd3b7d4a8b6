"""A plan's request is read typed: its JSON form is the stored plan's (``StoryPlan.to_dict``) and
nobody else's. Read from the source with ``ast``, as the layering test reads the imports."""

from __future__ import annotations

import ast
from pathlib import Path

import shortstory
from shortstory.pipeline.plan import StoryPlan

PACKAGE_DIR = Path(shortstory.__file__).parent

SERIALISATION = frozenset({"pipeline/plan.py"})
"""Where the plan's request may be turned to data and back: the plan's own to_dict/from_dict."""


def _plan_like(node: ast.expr) -> bool:
    """An expression that names a plan (``plan``, ``self.plan``, ``revision.plan``, ``new_plan``)
    or a plan's data (``plan.to_dict()``, ``story.plan``)."""
    source = ast.unparse(node).lower()
    return source.endswith("plan") or source.endswith("plan.to_dict()")


def json_request_reads(tree: ast.AST) -> list[tuple[int, str]]:
    """``(line, source)`` for each ``<plan>.request`` and ``<plan>["request"]`` in ``tree``."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            named = node.attr == "request"
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            named = node.slice.value == "request"
        else:
            continue
        if named and _plan_like(node.value):
            found.append((node.lineno, ast.unparse(node)))
    return found


def test_the_check_finds_each_way_of_reading_the_json_request() -> None:
    source = """
plan.request["premise"]["idea"]
self.plan.request["genre"]
revision.plan.request
story.plan["request"]
changed_plan.to_dict()["request"]
plan.story_request.premise.idea
flask.request.headers
catalog.template(name).request.genre
"""
    assert sorted(line for line, _ in json_request_reads(ast.parse(source))) == [2, 3, 4, 5, 6]


def test_no_code_outside_the_plans_serialisation_reads_its_json_request() -> None:
    offences = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        relative = path.relative_to(PACKAGE_DIR).as_posix()
        if relative in SERIALISATION:
            continue
        for line, source in json_request_reads(ast.parse(path.read_text(encoding="utf-8"))):
            offences.append(f"{relative}:{line}: {source}")
    assert offences == [], "read plan.story_request (typed) instead:\n" + "\n".join(offences)


def test_the_plan_offers_its_request_typed_only() -> None:
    assert not hasattr(StoryPlan, "request")
