"""A Celery worker's Prometheus metrics, served on a port of its own (``--metrics-port``).

A prefork worker runs its jobs in child processes, so the counters of finished jobs, their
durations, the writers' breakers and tokens live there, not in the web's ``/metrics``. Every
process of the worker records into files under one directory of this worker's own
(prometheus_client's multiprocess mode) and the main process serves their sum. The directory must
be in the environment before prometheus_client is first imported: the command calls
:func:`claim_directory` before it imports the worker.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wsgiref.simple_server import WSGIServer

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


def claim_directory() -> Path:
    """A fresh, empty directory for this worker's metric files, named in the environment.

    Never the web's (``PROMETHEUS_MULTIPROC_DIR`` may be set for both on a PaaS): the worker's
    files would be summed into the web's ``/metrics``, and the web's into the worker's.
    """
    base = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path(tempfile.gettempdir())
    directory = base / f"shortstory-worker-metrics-{os.getpid()}"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    os.environ[MULTIPROC_ENV] = str(directory)
    return directory


class WorkerMetricsServer:
    """Serves the sum of every worker process's metrics on ``host:port`` until closed."""

    def __init__(self, directory: Path, host: str, port: int) -> None:
        self.directory = directory
        self.host = host
        self.port = port
        self._server: WSGIServer | None = None

    def start(self) -> None:
        """Listen (in a daemon thread); raises ``OSError`` when the port is taken."""
        from prometheus_client import CollectorRegistry, start_http_server
        from prometheus_client.multiprocess import MultiProcessCollector

        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=str(self.directory))
        self._server, _ = start_http_server(self.port, addr=self.host, registry=registry)

    def process_exited(self, pid: int) -> None:
        """Drop the live-only gauges of a pool child that exited (its counters stay summed)."""
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid, str(self.directory))

    def close(self) -> None:
        """Stop serving and remove the metric files."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        shutil.rmtree(self.directory, ignore_errors=True)
