"""The protocol's old address, kept while the procedural writer still imports it from here: the
protocol lives in :mod:`shortstory.pipeline.writer_protocol` (the engine's ``procedural/writer.py``
moves its import there, then this module goes)."""

from shortstory.pipeline.writer_protocol import TokenUsage, WriterResult

__all__ = ["TokenUsage", "WriterResult"]
