"""Writers: implementations of the pipeline's
:class:`~shortstory.pipeline.writer_protocol.Writer` protocol (the procedural engine, the
OpenAI-compatible writer), their resilience, and the registry that builds them by name."""
