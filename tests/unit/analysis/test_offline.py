"""The whole analysis runs with the network unreachable (no NLTK download, no hub, no DNS).

Runs in a fresh interpreter so that nothing already imported or loaded by other tests hides a
lazy download: the socket module is patched to refuse before any analysis module is imported.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent(
    """
    import socket

    class Refused(OSError):
        pass

    def refuse(*args, **kwargs):
        raise Refused("network disabled by test_offline")

    socket.socket = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse

    from shortstory.analysis import analyze, check_premise, count_syllables

    text = (
        "The lighthouse keeper counted two hundred and twelve stairs, extraordinary as ever. "
        "“You’re late,” Tom said. Her heart pounded in her chest. The lamp was lit again. "
    ) * 20
    report = analyze(text, {"pov": "close_third", "tense": "past"}, ["Maren Holt", "Tom"])
    data = report.to_dict()
    assert data["readability"]["syllables"] > data["word_count"]
    assert count_syllables("fire") == 2  # from the CMU data: the spelling rule says 1
    assert data["cliches"]
    assert data["memorability"]["score"] >= 0
    assert check_premise("The chosen one wakes up with amnesia.")
    try:
        socket.create_connection(("example.org", 80))
    except Refused:
        print("OFFLINE-OK")
    """
)


def test_analysis_works_with_the_network_refused() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("OFFLINE-OK")


def test_socket_patch_applies_in_process_too(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network disabled by test_offline")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    from shortstory.analysis import analyze

    assert analyze("A gull screamed over the grey water. Nobody answered it.").word_count == 10


PURITY = textwrap.dedent(
    """
    import sys
    import shortstory.analysis
    from shortstory.analysis import analyze
    analyze("The keeper climbed the stairs. “Late again,” said Tom.")
    loaded = sorted(
        name for name in sys.modules
        if name.split(".")[0] in {"flask", "sqlalchemy", "werkzeug", "requests", "httpx", "nltk"}
    )
    print("LOADED:" + ",".join(loaded))
    """
)


def test_analysis_imports_no_web_database_or_download_library() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PURITY], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("LOADED:")
