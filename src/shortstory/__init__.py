"""Short Story Pipeline: premise -> outline -> scaffold -> draft -> revise."""

__version__ = "0.1.0"
