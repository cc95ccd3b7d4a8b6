"""Prometheus metrics of the jobs a process runs: finished jobs by kind and final state, how long
they took, and the in-process queue's depth.

They live beside the jobs (no Flask here); ``/metrics`` shows them with the rest, summed over
Gunicorn workers when ``PROMETHEUS_MULTIPROC_DIR`` is set (the depth as the sum of the live
workers' queues). Jobs run by Celery workers are counted in those processes: ``shortstory worker
--metrics-port`` serves them (see ``jobs/worker_metrics.py``); the database's counts
(``shortstory_jobs_by_kind``, read at scrape time) cover every backend.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

FINISHED = Counter("shortstory_jobs_finished",
                   "Jobs this service ran to an end, by kind and final state.", ["kind", "state"])
DURATION = Histogram(
    "shortstory_job_duration_seconds",
    "From a job's start on a worker to its end, by kind and final state.",
    ["kind", "state"],
    buckets=(0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 900),
)
QUEUE_DEPTH = Gauge("shortstory_job_queue_depth", "Jobs waiting or running, per queue.",
                    ["queue"], multiprocess_mode="livesum")
INPROCESS = "inprocess"


def job_finished(kind: str, state: str, seconds: float) -> None:
    """Count a job that ended ``state`` after ``seconds``."""
    FINISHED.labels(kind, state).inc()
    DURATION.labels(kind, state).observe(max(0.0, seconds))
