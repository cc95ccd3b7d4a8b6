"""The procedural writer: offline, deterministic, no model weights."""

from shortstory.writers.procedural.writer import ProceduralWriter

__all__ = ["ProceduralWriter"]
