"""Gunicorn settings for the Short Story Pipeline, read from the environment.

Gunicorn imports this file (``gunicorn -c gunicorn_config.py shortstory.wsgi:app``); it is the one
place that reads the Gunicorn-only variables below. The application's own settings live in
``shortstory.config`` and are validated when each worker builds the app.

| variable                  | default                               |
|---------------------------|---------------------------------------|
| PORT                      | 8000                                  |
| HOST                      | 0.0.0.0 in production, else 127.0.0.1 |
| WEB_CONCURRENCY           | 2 x CPU + 1                           |
| GUNICORN_THREADS          | 4                                     |
| GUNICORN_TIMEOUT          | 60 (seconds)                          |
| GUNICORN_GRACEFUL_TIMEOUT | 30 (seconds)                          |
| GUNICORN_KEEPALIVE        | 5 (seconds)                           |
| GUNICORN_MAX_REQUESTS     | 0 (never recycle workers)             |
| GUNICORN_ACCESS_LOG       | off (the app writes its own access line) |
| GUNICORN_PRELOAD          | off                                   |
| FORWARDED_ALLOW_IPS       | 127.0.0.1                             |
| SSL_CERTFILE, SSL_KEYFILE | unset (plain HTTP)                    |
| LOG_LEVEL                 | INFO                                  |
| LOG_FORMAT                | json in production, else console (Gunicorn's own lines too) |
| PROMETHEUS_MULTIPROC_DIR  | a fresh directory per run (tmpfs when there is one), removed at exit |
| GUNICORN_CONTROL_SOCKET   | var/gunicorn-PORT.ctl in the working directory; ``off``: none |
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

_TRUE = {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise SystemExit(f"gunicorn_config: {name}={raw!r} is not an integer") from exc
    if value < 0:
        raise SystemExit(f"gunicorn_config: {name}={raw!r} must not be negative")
    return value


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in _TRUE


def _environment() -> str:
    return (
        os.environ.get("SHORTSTORY_ENV") or os.environ.get("FLASK_ENV") or "development"
    ).strip().lower()


_default_host = "0.0.0.0" if _environment() == "production" else "127.0.0.1"

_port = _env_int("PORT", 8000)
bind = f"{os.environ.get('HOST', _default_host)}:{_port}"
workers = _env_int("WEB_CONCURRENCY", 0) or multiprocessing.cpu_count() * 2 + 1
# gthread: a slow client or a long SSE stream holds a thread, not a whole worker process.
worker_class = "gthread"
threads = _env_int("GUNICORN_THREADS", 4) or 1
timeout = _env_int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _env_int("GUNICORN_KEEPALIVE", 5)
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = max_requests // 10
preload_app = _env_flag("GUNICORN_PRELOAD")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Heartbeat files on a tmpfs: on container filesystems a disk-backed file can stall workers.
if Path("/dev/shm").is_dir():
    worker_tmp_dir = "/dev/shm"

# Every worker records its metrics into this directory and /metrics sums them. It must be in the
# environment before a worker imports prometheus_client, hence here, in the master, at start-up.
_OWN_METRICS_DIR = str(
    Path("/dev/shm" if Path("/dev/shm").is_dir() else tempfile.gettempdir())
    / f"shortstory-metrics-{os.getpid()}"
)
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", _OWN_METRICS_DIR)
# A preloaded app makes its metrics in the master before on_starting runs: the directory must
# exist already (on_starting still empties it of a previous run's files).
Path(os.environ["PROMETHEUS_MULTIPROC_DIR"]).mkdir(parents=True, exist_ok=True)

# Gunicorn's control socket (for gunicornc) defaults to one path per user, ~/.gunicorn/gunicorn.ctl:
# a second server on the host would take it over, and delete it on exit. Each run gets its own,
# beside its other state under var/ of its working directory (kept short: a Unix socket path is
# limited to about 100 bytes), or none.
_control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "").strip()
if _control_socket.lower() in {"off", "none", "false", "0"}:
    control_socket_disable = True
else:
    control_socket = _control_socket or f"var/gunicorn-{_port}.ctl"

if os.environ.get("SSL_CERTFILE") and os.environ.get("SSL_KEYFILE"):
    certfile = os.environ["SSL_CERTFILE"]
    keyfile = os.environ["SSL_KEYFILE"]

loglevel = os.environ.get("LOG_LEVEL", "INFO").strip().lower() or "info"
# Gunicorn's own lines in the service's format (JSON in production), see gunicorn_logging.py.
logger_class = "shortstory.web.gunicorn_logging.GunicornLogger"
errorlog = "-"
accesslog = "-" if _env_flag("GUNICORN_ACCESS_LOG") else None
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s" rid=%({x-request-id}o)s'
proc_name = "shortstory"


def on_starting(server: Any) -> None:
    """Start every run with an empty Prometheus multiprocess directory, when one is configured.

    Files left by a previous run would otherwise be summed into this run's counters.
    """
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not directory:
        return
    path = Path(directory)
    if path.is_dir():
        shutil.rmtree(path)
    path.mkdir(parents=True, exist_ok=True)


def post_fork(server: Any, worker: Any) -> None:
    """Drop connection pools a preloaded app opened in the master: sockets must not be shared."""
    if not preload_app:
        return
    from shortstory.storage.engine import dispose_engines_after_fork

    dispose_engines_after_fork()


def _jobs_runtime(worker: Any) -> Any:
    extensions = getattr(getattr(worker, "wsgi", None), "extensions", None)
    return extensions.get("shortstory.jobs") if extensions is not None else None


def post_worker_init(worker: Any) -> None:
    """Start this worker's job upkeep (heartbeats for its jobs, sweeps for dead workers' jobs)
    and note SIGTERM before Gunicorn's own handler runs, so open event streams end at once.

    In a worker, not at import: a thread started in the master would not survive the fork.
    """
    from shortstory import shutdown

    shutdown.reset()
    gunicorn_handler = signal.getsignal(signal.SIGTERM)

    def on_sigterm(signum: int, frame: Any) -> None:
        shutdown.request_shutdown()
        if callable(gunicorn_handler):
            gunicorn_handler(signum, frame)

    signal.signal(signal.SIGTERM, on_sigterm)
    runtime = _jobs_runtime(worker)
    if runtime is not None:
        runtime.start_background()


# Seconds kept back from the graceful timeout for the worker's own exit after its jobs.
_EXIT_MARGIN_S = 2.0


def worker_exit(server: Any, worker: Any) -> None:
    """On the way out (after in-flight requests): let running jobs finish within what is left
    of the graceful timeout, give the rest back to the queue, close the database connections.

    A job given back while its thread is still inside a provider call would keep the process
    alive past the timeout (pool threads are joined at exit), so then the worker leaves at once
    with ``os._exit`` once its logs are flushed: the job's row is already ``queued``.
    """
    from shortstory.shutdown import seconds_left

    runtime = _jobs_runtime(worker)
    released: list[str] = []
    if runtime is not None:
        released = runtime.drain(seconds_left(max(0.0, graceful_timeout - _EXIT_MARGIN_S)))
    engine_module = sys.modules.get("shortstory.storage.engine")
    if engine_module is not None:
        engine_module.dispose_engines()
    if released and runtime is not None and runtime.runner.running():
        time.sleep(0.5)  # a job stopping at its next write needs no more than that
        if runtime.runner.running():
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(0)


def child_exit(server: Any, worker: Any) -> None:
    """Tell prometheus_client that a worker is gone, so its live gauges stop counting."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return
    try:
        from prometheus_client import multiprocess
    except ImportError:
        return
    multiprocess.mark_process_dead(worker.pid)


def on_exit(server: Any) -> None:
    """Remove the metrics directory this run made for itself."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR") == _OWN_METRICS_DIR:
        shutil.rmtree(_OWN_METRICS_DIR, ignore_errors=True)
