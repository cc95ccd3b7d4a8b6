"""``shortstory worker``: a Celery worker running the story jobs (``JOB_BACKEND=celery``).

Settings are read as the web app reads them (environment, then ``.env``). The command refuses to
start, with one line on stderr and exit code 2, when the settings are invalid or name another
job backend: a worker that starts against the wrong configuration would silently run nothing.
"""

from __future__ import annotations

import os
import socket

import click

from shortstory.cli.input_errors import InputProblem
from shortstory.config import ConfigError, Settings, load_settings

KINDS: tuple[str, ...] = ("generate", "revise")
POOLS: tuple[str, ...] = ("prefork", "threads", "solo")


def _worker_settings() -> Settings:
    try:
        settings = load_settings()
    except ConfigError as exc:
        raise InputProblem(None, "invalid configuration: " + "; ".join(exc.problems)) from None
    if settings.job_backend != "celery":
        raise InputProblem("JOB_BACKEND", f"is {settings.job_backend!r}; the worker runs jobs "
                           "only with JOB_BACKEND=celery and REDIS_URL or CELERY_BROKER_URL")
    return settings


def _kinds(value: str) -> list[str]:
    kinds = [item.strip() for item in value.split(",") if item.strip()]
    unknown = [kind for kind in kinds if kind not in KINDS]
    if not kinds or unknown:
        raise InputProblem("--queues", f"must name queues among {', '.join(KINDS)}")
    return list(dict.fromkeys(kinds))


@click.command("worker")
@click.option("-c", "--concurrency", type=click.IntRange(1, 256), default=None,
              help="Jobs run at once (default: the number of CPUs).")
@click.option("-Q", "--queues", default=",".join(KINDS), show_default=True,
              help="Job kinds to consume, comma-separated (JOB_QUEUE_PREFIX is added).")
@click.option("-P", "--pool", type=click.Choice(POOLS), default="prefork", show_default=True,
              help="prefork enforces JOB_SOFT/HARD_TIME_LIMIT; threads does not.")
@click.option("-n", "--hostname", default=None,
              help="Worker name (default: shortstory-<pid>@<host>).")
@click.option("--metrics-port", type=click.IntRange(1, 65535), default=None,
              envvar="WORKER_METRICS_PORT", show_envvar=True,
              help="Serve the worker's Prometheus metrics on this port (default: none).")
@click.option("--metrics-host", default="127.0.0.1", show_default=True,
              envvar="WORKER_METRICS_HOST", show_envvar=True,
              help="Address the metrics port listens on.")
def worker(concurrency: int | None, queues: str, pool: str, hostname: str | None,
           metrics_port: int | None, metrics_host: str) -> None:
    """Run story jobs from the Celery broker until SIGTERM (finishes the running ones)."""
    settings = _worker_settings()
    kinds = _kinds(queues)
    metrics = None
    if metrics_port is not None:
        from shortstory.jobs.worker_metrics import WorkerMetricsServer, claim_directory

        # Before the worker's modules import prometheus_client: it reads the directory then.
        metrics = WorkerMetricsServer(claim_directory(), metrics_host, metrics_port)
    from shortstory.jobs.celery_worker import run_worker

    if metrics is not None:
        try:
            metrics.start()
        except OSError as exc:
            metrics.close()
            raise InputProblem("--metrics-port", f"cannot listen on {metrics_host}:"
                               f"{metrics_port} ({exc.strerror or exc})") from None
    try:
        code = run_worker(
            settings,
            hostname=hostname or f"shortstory-{os.getpid()}@{socket.gethostname()}",
            pool=pool,
            concurrency=concurrency or os.cpu_count() or 1,
            kinds=kinds,
            metrics=metrics,
        )
    finally:
        if metrics is not None:
            metrics.close()
    raise SystemExit(code)


def register(group: click.Group) -> None:
    """Add ``worker`` to the ``shortstory`` command group."""
    group.add_command(worker)
