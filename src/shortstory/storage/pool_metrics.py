"""The database pool's Prometheus gauge: connections checked out right now (in use by a request,
a job or a scrape), summed over the live Gunicorn workers under ``PROMETHEUS_MULTIPROC_DIR``.

Kept up to date by pool events (see :func:`shortstory.storage.engine.build_engine`); a pool near
``DB_POOL_SIZE + DB_MAX_OVERFLOW`` per worker is about to make requests wait.
"""

from __future__ import annotations

from prometheus_client import Gauge

CHECKED_OUT = Gauge("shortstory_db_pool_checked_out",
                    "Database connections checked out of the pools right now.",
                    multiprocess_mode="livesum")
