"""The sample stories in docs/samples are what the engine writes today for their requests.

When the engine changes, run ``python docs/samples/regenerate.py`` and read the new samples.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

SAMPLES = Path(__file__).resolve().parents[3] / "docs" / "samples"


def _regenerator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("regenerate", SAMPLES / "regenerate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.md")), ids=lambda p: p.stem)
def test_sample_is_what_the_engine_writes_now(path: Path) -> None:
    regenerate = _regenerator()
    found = regenerate.REQUEST_LINE.search(path.read_text(encoding="utf-8"))
    assert found, f"{path.name} has no Request line"
    expected = regenerate.render(json.loads(found.group("body")))
    assert path.read_text(encoding="utf-8") == expected, (
        f"{path.name} is stale: run `python docs/samples/regenerate.py` and read the result"
    )


def test_there_are_samples() -> None:
    assert len(list(SAMPLES.glob("*.md"))) >= 3
