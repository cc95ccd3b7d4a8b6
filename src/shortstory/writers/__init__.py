"""Writers: the ``Writer`` protocol and its implementations (the procedural engine first)."""

from shortstory.writers.protocol import (
    BeatReset,
    TokenUsage,
    Writer,
    WriterError,
    WriterResult,
    WriterUnavailable,
)

__all__ = ["BeatReset", "TokenUsage", "Writer", "WriterError", "WriterResult", "WriterUnavailable"]
