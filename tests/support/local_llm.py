"""A real llama.cpp server for the tests: SmolLM2-135M-Instruct behind an OpenAI-compatible API.

:func:`start_local_llm` launches ``shortstory.local_llm.server_command`` (the same command
``make local-llm`` runs) as a child process on a loopback port, waits until ``GET /v1/models``
answers, yields the base URL (``http://127.0.0.1:PORT/v1``) and stops the process on exit:
SIGTERM, then SIGKILL after 10 s. The server's output goes to a temporary log file whose tail is
in the error when it does not come up. Only the process started here is ever stopped.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from shortstory.local_llm import base_url, model_path, server_command

STOP_GRACE_SECONDS = 10.0


class LocalLLMStartError(RuntimeError):
    """The server exited or did not answer in time; the message carries its log's tail."""


def free_port() -> int:
    """A loopback TCP port that was free a moment ago (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_root(url: str) -> str:
    """``http://127.0.0.1:PORT`` from a base URL ending in ``/v1`` (for ``/extras/...``)."""
    return url.removesuffix("/").removesuffix("/v1")


def threads_for_tests() -> int:
    """Generation threads for the tests' server: every core but one.

    llama.cpp's threads spin-wait for each other at every step, so a thread that loses its core
    stalls the rest: the suite's own servers (and anything else on the machine) take cores while
    the model writes. On two loaded cores (load 6.5), 300 tokens took 88-122 s with two threads
    against 12-15 s with one (``make local-llm`` alone on a quiet machine keeps every core).
    """
    return max((os.cpu_count() or 1) - 1, 1)


def _tail(path: Path, lines: int = 40) -> str:
    if not path.exists():
        return "(no log)"
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_GRACE_SECONDS)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/models", timeout=5) as response:
            return response.status == 200 and bool(json.load(response).get("data"))
    except (OSError, ValueError):
        # Refused while the model loads, or slow to answer on a busy machine: ask again.
        return False


@contextlib.contextmanager
def start_local_llm(port: int | None = None, timeout_s: float = 120) -> Iterator[str]:
    """Serve the local model on ``port`` (a free one when None) and yield its ``/v1`` base URL.

    :raises shortstory.local_llm.ModelNotFound: when there is no model file.
    :raises LocalLLMStartError: when the server exits or does not answer within ``timeout_s``.
    """
    port = port or free_port()
    command = server_command(port, model_path(), n_threads=threads_for_tests())
    url = base_url(port)
    workdir = Path(tempfile.mkdtemp(prefix="local-llm-"))
    log_path = workdir / "server.log"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            command,
            cwd=workdir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    failed = False
    try:
        deadline = time.monotonic() + timeout_s
        while not _answers(url):
            if process.poll() is not None:
                raise LocalLLMStartError(
                    f"llama.cpp server exited with {process.returncode} before answering:\n"
                    f"{_tail(log_path)}"
                )
            if time.monotonic() > deadline:
                raise LocalLLMStartError(
                    f"llama.cpp server did not answer {url}/models in {timeout_s}s:\n"
                    f"{_tail(log_path)}"
                )
            time.sleep(0.2)
        yield url
        if process.poll() is not None:
            failed = True
            raise LocalLLMStartError(
                f"llama.cpp server died during the tests (exit {process.returncode}):\n"
                f"{_tail(log_path)}"
            )
    except BaseException:
        failed = True
        raise
    finally:
        # Whatever went wrong (even an interrupt), the server does not outlive its user.
        _stop(process)
        if failed:
            print(f"llama.cpp server log kept at {log_path}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
