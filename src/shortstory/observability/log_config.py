"""Logging: structlog everywhere, JSON lines in production, readable lines in development.

The standard library's loggers (SQLAlchemy, Alembic, Gunicorn's error log when it shares the
process) go through the same renderer, so one log stream has one format.
"""

from __future__ import annotations

import logging
import sys
import threading
from typing import Any

import structlog
from structlog.typing import EventDict

_SHARED_PROCESSORS: list[structlog.typing.Processor] = [
    structlog.contextvars.merge_contextvars,
    # The fields a stdlib caller passes with ``extra=`` that our lines carry as fields.
    structlog.stdlib.ExtraAdder(allow=["error_id", "job_id", "user"]),
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def get_logger(name: str) -> Any:
    """A structlog logger that names its source in every line (``logger`` key).

    Safe at import time: the logger is built from the configuration when it first logs.
    """
    # structlog.get_logger reserves the keyword ``logger``; _name_the_logger renames it.
    return structlog.get_logger(logger_name=name)


def _name_the_logger(_logger: Any, _name: str, event: EventDict) -> EventDict:
    if "logger_name" in event:
        event["logger"] = event.pop("logger_name")
    return event


def _exc_info_to_tuple(_logger: Any, _name: str, event: EventDict) -> EventDict:
    # ExceptionRenderer wants exc_info as True or a tuple; we log exception objects.
    exc = event.get("exc_info")
    if isinstance(exc, BaseException):
        event["exc_info"] = (type(exc), exc, exc.__traceback__)
    return event


class StdoutLogger:
    """structlog's output: one line to *the current* ``sys.stdout`` per event.

    Looking ``sys.stdout`` up on each write (instead of binding the stream once) keeps logging
    working when a test harness swaps and closes the stream between tests.
    """

    _lock = threading.Lock()

    def msg(self, message: str) -> None:
        """Write one rendered event."""
        with self._lock:
            stream = sys.stdout
            stream.write(message + "\n")
            stream.flush()

    log = debug = info = warn = warning = msg
    error = err = exception = critical = fatal = failure = msg


class _StdoutHandler(logging.StreamHandler):
    """A stdlib handler that, like :class:`StdoutLogger`, always writes to the current stdout."""

    @property
    def stream(self) -> Any:
        return sys.stdout

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def _stdout_logger_factory(*_args: Any) -> StdoutLogger:
    return StdoutLogger()


def json_formatter() -> logging.Formatter:
    """A stdlib formatter writing each record as one JSON object (timestamp, level, logger,
    event, the bound context, a structured traceback): for loggers we do not own, such as
    Gunicorn's (see :mod:`shortstory.web.gunicorn_logging`)."""
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_SHARED_PROCESSORS,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.ExceptionRenderer(
                structlog.tracebacks.ExceptionDictTransformer(show_locals=False)),
            structlog.processors.JSONRenderer(),
        ],
    )


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
        # A plain traceback without local variables, as in production: locals may hold secrets.
        renderer = structlog.dev.ConsoleRenderer(
            colors=False, exception_formatter=structlog.dev.plain_traceback
        )
        exception_formatter = []

    numeric_level = logging.getLevelName(level.upper())
    if not isinstance(numeric_level, int):
        numeric_level = logging.INFO

    # Our own log lines go straight from structlog to stdout (no stdlib round trip: this runs
    # for every request); get_logger(name) puts the logger name in each line.
    structlog.configure(
        processors=[
            _name_the_logger,
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.StackInfoRenderer(),
            *([_exc_info_to_tuple] if fmt == "json" else []),
            *exception_formatter,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(numeric_level),
        logger_factory=_stdout_logger_factory,
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
    handler = _StdoutHandler()
    handler.setFormatter(formatter)
    handler.set_name("shortstory")

    root = logging.getLogger()
    for existing in [h for h in root.handlers if h.get_name() == "shortstory"]:
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(numeric_level)
    # Warnings (a library's deprecation, Celery's) become log records in the same format.
    logging.captureWarnings(True)
    # Werkzeug's own request lines would duplicate our access line.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    # Alembic announces its dialect each time the health check reads the schema revision.
    logging.getLogger("alembic.runtime.migration").setLevel(logging.WARNING)
