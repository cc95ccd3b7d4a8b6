"""Measure the two texture faults of issue #15 over generated stories.

Run as ``PYTHONPATH=src .venv/bin/python bench/texture.py [stories]`` from the repository root.
Prints the share of narration paragraphs that open on a sensory line over a corpus of invented
premises (every genre, POV and tense, 600 to 3,000 words; ``tests/unit/writers/texture_checks``)
with the stories that miss their length by more than 5 %, and the out-of-world words (the
oracle of ``tests/unit/writers/test_world_kinds``) in stories set on a generation ship, a space
station, a submarine, a desert outpost and an arctic base, in every genre.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "unit" / "writers"))

from test_world_kinds import GENRES, PREMISES, _story, leaks
from texture_checks import corpus_requests, openings, sensory_share

from shortstory.analysis.words import count_words
from shortstory.pipeline.planning import plan_story
from shortstory.writers.procedural import ProceduralWriter


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    start = time.perf_counter()
    stories, missed = [], 0
    for request in corpus_requests(count):
        plan = plan_story(request)
        text = ProceduralWriter().render(plan)
        missed += abs(count_words(text) - request.target_words) > 0.05 * request.target_words
        stories.append((plan, text))
    share, lines = sensory_share(stories)
    paragraphs = sum(len(openings(text, plan)) for plan, text in stories)
    print(f"{count} stories: {len(lines)} of {paragraphs} narration paragraphs open on a sense "
          f"line ({share:.1%}); {missed} miss their length by more than 5 %")
    found = told = 0
    for world, ideas in PREMISES.items():
        hits = []
        for idea in ideas:
            for n, genre in enumerate(GENRES):
                for seed in (11 + n, 40 + n):
                    told += 1
                    hits += leaks(_story(idea, genre, seed, (700, 1600, 2600)[seed % 3]),
                                  world, idea)
        found += len(hits)
        print(f"  {world}: {len(hits)} out-of-world words {sorted(set(hits))[:12]}")
    print(f"{told} stories in sealed worlds, {found} out-of-world words; "
          f"{time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
