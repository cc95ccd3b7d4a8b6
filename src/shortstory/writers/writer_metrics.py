"""Prometheus counters for remote writers: calls, failures, retries and tokens, by provider.

They live beside the writers (no Flask here); ``/metrics`` shows them with the rest, summed over
Gunicorn workers when ``PROMETHEUS_MULTIPROC_DIR`` is set. Breaker states and budgets left are
read at scrape time from the guards (see :mod:`shortstory.web.metrics`).
"""

from __future__ import annotations

from prometheus_client import Counter

CALLS = Counter("shortstory_writer_calls", "Requests sent to a writer's provider.", ["provider"])
FAILURES = Counter("shortstory_writer_failures",
                   "Provider requests that failed (before any retry).", ["provider"])
RETRIES = Counter("shortstory_writer_retries", "Provider requests retried.", ["provider"])
TOKENS = Counter("shortstory_writer_tokens", "Tokens spent at a provider, by direction.",
                 ["provider", "direction"])
FALLBACKS = Counter("shortstory_writer_fallbacks",
                    "Stories handed to the next writer of the chain, by the writer that failed.",
                    ["provider"])
