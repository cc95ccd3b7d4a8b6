"""The local model's command and settings (the server itself runs in the integration tests)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shortstory.local_llm import (
    MODEL_ALIAS,
    ModelNotFound,
    model_path,
    provider_settings,
    server_command,
    settings_lines,
)


def test_the_server_queues_concurrent_requests_instead_of_cutting_them_off() -> None:
    command = server_command(8123, Path("/models/m.gguf"), n_threads=2)
    assert command[command.index("--interrupt_requests") + 1] == "False"
    assert command[command.index("--port") + 1] == "8123"
    assert command[command.index("--model_alias") + 1] == MODEL_ALIAS


def test_the_writer_settings_point_at_the_server() -> None:
    settings = provider_settings(8123)
    assert settings["base_url"] == "http://127.0.0.1:8123/v1"
    assert settings["structured_output"] == "json_object"
    writers, chain = settings_lines(8123)
    assert json.loads(writers.split("=", 1)[1].strip("'"))["local"] == settings
    assert chain == "WRITER_CHAIN=local,procedural"


def test_a_missing_model_file_says_what_to_do(monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    monkeypatch.setenv("LOCAL_LLM_MODEL", str(tmp_path / "absent.gguf"))
    with pytest.raises(ModelNotFound, match="no such file"):
        model_path()
