"""How fast this machine runs Python right now: a fixed workload, timed, for every benchmark.

Shared and virtual machines change speed from minute to minute (the same engine benchmark has
measured 234 ms and 415 ms for 7,500 words on one machine, one hour apart, with no code change).
Each benchmark records this reference beside its figures, so a reader can tell a slower machine
from slower code: compare figures measured at similar reference times, or scale by the ratio.
"""

from __future__ import annotations

import statistics
import time

RUNS = 5


def _workload() -> int:
    # Integer arithmetic, a dict and string work: roughly the mix of the engine and the analyser.
    counts: dict[str, int] = {}
    total = 0
    for i in range(200_000):
        word = "w" + str(i % 997)
        counts[word] = counts.get(word, 0) + 1
        total += i * i % 7
    return total + len(counts)


def reference_ms() -> float:
    """The median milliseconds of :data:`RUNS` runs of a fixed pure-Python workload."""
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        _workload()
        timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 1)


if __name__ == "__main__":
    print(f"machine reference: {reference_ms()} ms")
