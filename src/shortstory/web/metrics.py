"""Prometheus metrics at ``/metrics``: requests, latencies, rate-limit refusals, jobs by state
and by kind, finished jobs and their durations, job queue depths, the newest worker heartbeat,
database connections checked out, and the writers' calls, failures, retries, tokens and breakers.

Under Gunicorn every worker records into files under ``PROMETHEUS_MULTIPROC_DIR`` (the project's
``gunicorn_config.py`` provides one when it is unset) and a scrape sums them, so whichever worker
answers reports the whole service. Without that directory (one process: tests, ``shortstory
serve``) the process's own registry is shown, with the process and platform collectors.
Jobs by state are read from the database at scrape time: the rows are the truth for every worker.
Requests are labelled by route template (``/api/v1/stories/<uuid:story_id>``), never by raw path,
so a scan of random URLs cannot grow the label set; unmatched paths share ``route="unmatched"``.
With ``METRICS_TOKEN`` set, a scrape must send ``Authorization: Bearer <token>``.
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Iterator

from flask import Blueprint, Flask, Response, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy.exc import SQLAlchemyError

from shortstory.config import app_settings
from shortstory.errors import Unauthorized
from shortstory.jobs.job_metrics import INPROCESS
from shortstory.observability.log_config import get_logger
from shortstory.web.auth import bearer_token

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
_MULTIPROC_DIR_KEY = "shortstory.metrics_directory"

# The "_created" timestamp series double every counter's output and no dashboard reads them.
disable_created_metrics()
UNMATCHED_ROUTE = "unmatched"

REQUESTS = Counter(
    "shortstory_http_requests",
    "HTTP requests answered, by method, route template and status.",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "shortstory_http_request_duration_seconds",
    "Time to answer an HTTP request, by method and route template.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
RATE_LIMITED = Counter(
    "shortstory_rate_limit_rejections",
    "Requests refused by the rate limiter (429), by route template.",
    ["route"],
)

blueprint = Blueprint("metrics", __name__)
log = get_logger(__name__)


def _route() -> str:
    rule = request.url_rule
    return rule.rule if rule is not None else UNMATCHED_ROUTE


def _record(response: Response) -> Response:
    started = getattr(g, "request_started", None)
    route = _route()
    method = request.method
    REQUESTS.labels(method, route, str(response.status_code)).inc()
    if started is not None:
        LATENCY.labels(method, route).observe(time.perf_counter() - started)
    if response.status_code == 429:
        RATE_LIMITED.labels(route).inc()
    return response


class _JobStates(Collector):
    """Jobs by state (and by kind and state), counted in the database when scraped; ``None``
    when it could not be read."""

    def __init__(self, counts: dict[str, int] | None,
                 by_kind: dict[tuple[str, str], int] | None = None) -> None:
        self.counts = counts
        self.by_kind = by_kind or {}

    def collect(self) -> Iterator[Metric]:
        yield GaugeMetricFamily(
            "shortstory_database_up",
            "Whether the database answered this scrape (1) or not (0).",
            value=0 if self.counts is None else 1,
        )
        if self.counts is None:
            return
        family = GaugeMetricFamily(
            "shortstory_jobs", "Jobs in the database, by state.", labels=["state"]
        )
        for state, count in sorted(self.counts.items()):
            family.add_metric([state], count)
        yield family
        kinds = GaugeMetricFamily("shortstory_jobs_by_kind",
                                  "Jobs in the database, by kind and state (every backend).",
                                  labels=["kind", "state"])
        for (kind, state), count in sorted(self.by_kind.items()):
            kinds.add_metric([kind, state], count)
        yield kinds


class _WriterStates(Collector):
    """Each provider's breaker state (as every process sees it, read from Redis when shared)."""

    STATES = ("closed", "open", "half-open")

    def __init__(self, health: dict[str, dict[str, object]]) -> None:
        self.health = health

    def collect(self) -> Iterator[Metric]:
        family = GaugeMetricFamily(
            "shortstory_writer_breaker_state",
            "Whether a provider's circuit breaker is in a state (1) or not (0).",
            labels=["provider", "state"],
        )
        budget = GaugeMetricFamily(
            "shortstory_writer_budget_left",
            "Outbound requests or tokens left in the provider's current minute (-1: unknown).",
            labels=["provider", "kind"],
        )
        for provider, report in sorted(self.health.items()):
            for state in self.STATES:
                family.add_metric([provider, state], 1 if report.get("breaker") == state else 0)
            left = report.get("budget_left") or {}
            assert isinstance(left, dict)
            for kind, value in sorted(left.items()):
                if value is not None:
                    budget.add_metric([provider, kind], value)
        yield family
        yield budget


class _JobQueues(Collector):
    """Messages waiting per queue and the newest worker heartbeat, read when scraped (a value
    the broker could not give is left out rather than reported as zero)."""

    def __init__(self, stats: dict[str, object]) -> None:
        self.stats = stats

    def collect(self) -> Iterator[Metric]:
        depth = GaugeMetricFamily(
            "shortstory_job_queue_depth", "Jobs waiting in each queue.", labels=["queue"]
        )
        queues = self.stats.get("queues") or {}
        assert isinstance(queues, dict)
        for name, count in sorted(queues.items()):
            # The in-process queues report themselves (a gauge summed over live workers).
            if count is not None and name != INPROCESS:
                depth.add_metric([name], count)
        yield depth
        capacity = self.stats.get("capacity")
        if isinstance(capacity, int):
            yield GaugeMetricFamily("shortstory_job_queue_capacity",
                                    "Jobs the queue holds before refusing more.", value=capacity)
        age = self.stats.get("worker_heartbeat_age_s")
        if isinstance(age, int | float):
            yield GaugeMetricFamily(
                "shortstory_job_worker_heartbeat_age_seconds",
                "Seconds since the most recent heartbeat of any job worker.", value=age)


class _ThisProcess(Collector):
    """The default registry (this process's metrics and its process/platform collectors)."""

    def collect(self) -> Iterator[Metric]:
        yield from REGISTRY.collect()


def _job_counts() -> tuple[dict[str, int] | None, dict[tuple[str, str], int] | None]:
    # A scrape must answer while the database is down: that is when the metrics matter most.
    from shortstory.storage.jobs import JobRepository
    from shortstory.storage.session import database

    try:
        with database().session_scope() as session:
            jobs = JobRepository(session)
            return jobs.count_by_status(), jobs.count_by_kind_and_status()
    except SQLAlchemyError as exc:
        log.warning("metrics_jobs_unavailable", error=type(exc).__name__)
        return None, None


class _Merged(Collector):
    """The families of ``collectors``, those of one name merged into one (a queue depth comes
    both from the workers' files and from the broker, and a name may appear once)."""

    def __init__(self, collectors: list[Collector]) -> None:
        self.collectors = collectors

    def collect(self) -> Iterator[Metric]:
        merged: dict[str, Metric] = {}
        for collector in self.collectors:
            for family in collector.collect():
                known = merged.get(family.name)
                if known is None:
                    merged[family.name] = family
                else:
                    known.samples.extend(family.samples)
        yield from merged.values()


def exposition() -> bytes:
    """The whole service's metrics in Prometheus's text format."""
    directory = current_app.extensions.get(_MULTIPROC_DIR_KEY)
    collectors: list[Collector] = [
        MultiProcessCollector(None, path=directory) if directory else _ThisProcess(),
        _JobStates(*_job_counts()),
        _WriterStates(_writer_health()),
        _JobQueues(_job_queue_stats()),
    ]
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Merged(collectors))
    return generate_latest(registry)


def _job_queue_stats() -> dict[str, object]:
    from shortstory.jobs.runtime import jobs_runtime

    try:
        return jobs_runtime().stats()
    except Exception as exc:  # a scrape answers even when the broker does not
        log.warning("metrics_job_queues_unavailable", error=type(exc).__name__)
        return {}


def _writer_health() -> dict[str, dict[str, object]]:
    from shortstory.jobs.runtime import jobs_runtime

    try:
        return jobs_runtime().writers.health()
    except Exception as exc:  # a scrape answers even when Redis does not
        log.warning("metrics_writers_unavailable", error=type(exc).__name__)
        return {}


def _check_token() -> None:
    token = app_settings().metrics_token
    if not token:
        return
    given = bearer_token()
    if given is None or not hmac.compare_digest(given.encode(), token.encode()):
        raise Unauthorized("A valid metrics token is required (Authorization: Bearer <token>).")


@blueprint.get("/metrics")
def metrics() -> Response:
    """The service's Prometheus metrics (token-protected when ``METRICS_TOKEN`` is set)."""
    _check_token()
    return Response(exposition(), content_type=CONTENT_TYPE_LATEST,
                    headers={"Cache-Control": "no-store"})


def install_metrics(app: Flask) -> None:
    """Record every request of ``app`` and serve ``/metrics``."""
    # Read when the app is built, not at import: the directory Gunicorn's config sets before it
    # loads the app, where prometheus_client writes this process's values (it reads the same
    # variable itself), so a scrape sums the files of every worker.
    app.extensions[_MULTIPROC_DIR_KEY] = os.environ.get(MULTIPROC_ENV) or None
    app.after_request(_record)
    app.register_blueprint(blueprint)
