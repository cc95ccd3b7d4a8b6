"""Benchmark of the story engine: plan + procedural draft of 1,000- and 7,500-word stories.

Run as ``.venv/bin/python bench/engine.py``. Reports the median wall time over several seeds
(warm: catalog, lexicon and analysis tables loaded once first), the cold first run, and the peak
memory of one 7,500-word run (tracemalloc). Writes ``bench/results/engine.json``.
"""

from __future__ import annotations

import json
import platform
import statistics
import time
import tracemalloc
from pathlib import Path

from machine_speed import reference_ms

from shortstory.analysis.words import count_words
from shortstory.pipeline import catalog
from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.planning import plan_story
from shortstory.writers.procedural import ProceduralWriter

RUNS = 9
AIMS_MS = {1000: 50.0, 7500: 300.0}
RESULTS = Path(__file__).parent / "results" / "engine.json"


def request(words: int, seed: int, genre: str = "mystery") -> StoryRequest:
    """The catalog's lighthouse premise, told in close third, past tense, at ``words`` words."""
    body = catalog.template("lamp-lit-by-another").request.model_dump(mode="json")
    body.update(genre=genre, structure="three-act", target_words=words, seed=seed,
                scaffold={"pov": "close_third", "tense": "past"})
    return StoryRequest.model_validate(body)


def one_story(words: int, seed: int) -> tuple[float, int]:
    """Milliseconds to plan and draft one story (a fresh writer: no render cache), its words."""
    started = time.perf_counter()
    text = ProceduralWriter().render(plan_story(request(words, seed)))
    return (time.perf_counter() - started) * 1000, count_words(text)


def main() -> None:
    """Measure, print a table and write the JSON results."""
    reference = reference_ms()
    cold_ms, _ = one_story(1000, 0)
    results: dict[str, object] = {
        "machine_reference_ms": reference,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cold_first_story_ms": round(cold_ms, 1),
        "runs": RUNS,
        "stories": {},
    }
    for words, aim in AIMS_MS.items():
        timings, counts = [], []
        for seed in range(1, RUNS + 1):
            ms, count = one_story(words, seed)
            timings.append(ms)
            counts.append(count)
        results["stories"][str(words)] = {  # type: ignore[index]
            "median_ms": round(statistics.median(timings), 1),
            "min_ms": round(min(timings), 1),
            "max_ms": round(max(timings), 1),
            "aim_ms": aim,
            "median_words": statistics.median(counts),
        }
    tracemalloc.start()
    one_story(7500, 99)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    results["peak_memory_mib_7500"] = round(peak / 2**20, 2)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"machine reference (bench/machine_speed.py): {reference} ms")
    print(f"cold first story: {results['cold_first_story_ms']} ms")
    print(f"{'words':>6} {'median ms':>10} {'min':>8} {'max':>8} {'aim':>6} {'got words':>10}")
    for words, row in results["stories"].items():  # type: ignore[union-attr]
        print(f"{words:>6} {row['median_ms']:>10} {row['min_ms']:>8} {row['max_ms']:>8} "
              f"{row['aim_ms']:>6} {row['median_words']:>10}")
    print(f"peak memory (7,500 words): {results['peak_memory_mib_7500']} MiB")
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
