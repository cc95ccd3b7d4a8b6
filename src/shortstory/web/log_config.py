"""Logging: structlog everywhere, JSON lines in production, readable lines in development.

The standard library's loggers (SQLAlchemy, Alembic, Gunicorn's error log when it shares the
process) go through the same renderer, so one log stream has one format.
"""

from __future__ import annotations

import logging
import sys

import structlog

_SHARED_PROCESSORS: list[structlog.typing.Processor] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def configure_logging(level: str = "INFO", fmt: str = "console") -> None:
    """Configure structlog and the standard library's root logger (idempotent).

    :param level: a standard level name (``INFO``…).
    :param fmt: ``json`` (one JSON object per line) or ``console`` (readable, for a terminal).
    """
    renderer: structlog.typing.Processor
    if fmt == "json":
        renderer = structlog.processors.JSONRenderer()
        # Structured tracebacks without local variables: locals may hold keys and passwords.
        exception_formatter: list[structlog.typing.Processor] = [
            structlog.processors.ExceptionRenderer(
                structlog.tracebacks.ExceptionDictTransformer(show_locals=False)
            )
        ]
    else:
        renderer = structlog.dev.ConsoleRenderer(colors=False)
        exception_formatter = []

    numeric_level = logging.getLevelName(level.upper())
    if not isinstance(numeric_level, int):
        numeric_level = logging.INFO

    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *_SHARED_PROCESSORS,
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )

    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_SHARED_PROCESSORS,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            *exception_formatter,
            renderer,
        ],
    )
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(formatter)
    handler.set_name("shortstory")

    root = logging.getLogger()
    for existing in [h for h in root.handlers if h.get_name() == "shortstory"]:
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(numeric_level)
    # Werkzeug's own request lines would duplicate our access line.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    # Alembic announces its dialect each time the health check reads the schema revision.
    logging.getLogger("alembic.runtime.migration").setLevel(logging.WARNING)
