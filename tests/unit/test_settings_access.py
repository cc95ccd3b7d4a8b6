"""One way to the settings: the app's settings have one accessor, and no module reads the
environment when it is imported (forked Gunicorn and Celery workers would inherit the reading)."""

from __future__ import annotations

import ast
from pathlib import Path

import shortstory

PACKAGE_DIR = Path(shortstory.__file__).parent

ENVIRONMENT_READS = ("os.environ", "os.getenv", "environ.get", "load_dotenv")


def import_time_reads(source: str) -> list[str]:
    """``line: expression`` for each environment read that runs when ``source`` is imported:
    at module level or in a class body, not inside a function (nor a lambda)."""
    found = []
    pending: list[ast.AST] = list(ast.parse(source).body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        if isinstance(node, ast.Attribute | ast.Name | ast.Call):
            text = ast.unparse(node)
            if any(text == read or text.startswith(read + "(") for read in ENVIRONMENT_READS):
                found.append(f"{node.lineno}: {text}")
                continue
        pending.extend(ast.iter_child_nodes(node))
    return sorted(found)


def test_no_module_reads_the_environment_when_imported() -> None:
    found = {}
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        reads = import_time_reads(path.read_text(encoding="utf-8"))
        if reads:
            found[str(path.relative_to(PACKAGE_DIR))] = reads
    assert found == {}


def test_the_check_finds_module_and_class_level_reads_only() -> None:
    source = """
import os
DIRECTORY = os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None
class Config:
    debug = os.getenv("DEBUG")
def later():
    return os.environ["LATER"]
lazy = lambda: os.environ.get("LAZY")
"""
    assert import_time_reads(source) == ["3: os.environ", "5: os.getenv('DEBUG')"]


def test_the_settings_key_is_spelled_in_one_module() -> None:
    holders = sorted(str(path.relative_to(PACKAGE_DIR)) for path in PACKAGE_DIR.rglob("*.py")
                     if '"SHORTSTORY_SETTINGS"' in path.read_text(encoding="utf-8"))
    assert holders == ["config/settings.py"]
