"""Writers: the ``Writer`` protocol and its implementations (the procedural engine first)."""

from shortstory.writers.protocol import (
    TokenUsage,
    Writer,
    WriterError,
    WriterResult,
    WriterUnavailable,
)

__all__ = ["TokenUsage", "Writer", "WriterError", "WriterResult", "WriterUnavailable"]
