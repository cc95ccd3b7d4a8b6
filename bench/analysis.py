"""Benchmark of the analysis library: ``.venv/bin/python bench/analysis.py [--repeats N]``.

Builds two texts deterministically from the public-domain stories in
``tests/fixtures/public_domain/`` (whole paragraphs, in file-name order, up to 1,000 and 7,500
words), then reports medians over repeated runs (wall and CPU time) of: the full
:func:`analyze` (with a scaffold and characters), the cliché pass alone, and every other
analyser alone; the first, cold call's time (imports, the CMU dictionary, the word-frequency
tables and the cliché matcher loaded); peak memory (tracemalloc) of a fresh interpreter's first
call, and what a warm 7,500-word call adds. Prints a table and writes
``bench/results/analysis.json``.

**Side by side** (``--baseline DIR``, a checkout of other code, such as a session's starting
commit in a temporary ``git worktree``): two warm worker processes, one importing ``shortstory``
from ``DIR/src`` and one from this tree, take turns in rounds on the same texts (the order
swapping every round), so that the machine's changing speed touches both alike; the medians
of each side and their ratio are printed and stored under ``"paired"``. Besides the full
analysis (of 7,500 and 1,000 words, and of each ~300-word beat of the 7,500-word text, per
beat: a writer's passage) it times what the writers' judge runs on every beat:
``lint_pov_tense`` and ``find_cliches`` called apart on each ~300-word beat of the 7,500-word
text (per beat), and the writer's own ``judge`` on the same beats (``writer_judge_per_beat``:
both passes as the writer runs them, sharing what they read; the judge's memory of texts it has
read is emptied before each beat, on both sides, so that every beat is read afresh).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from machine_speed import reference_ms

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "public_domain"
RESULTS = ROOT / "bench" / "results" / "analysis.json"
SCAFFOLD = {"pov": "close_third", "tense": "past"}
TARGET_MS_7500 = 30.0


def build_text(max_words: int) -> str:
    """Whole paragraphs of the fixture stories, in order, until ``max_words`` would be passed."""
    from shortstory.analysis import count_words

    paragraphs: list[str] = []
    total = 0
    for path in sorted(FIXTURES.glob("*.txt")):
        for paragraph in path.read_text(encoding="utf-8").split("\n\n"):
            paragraph = paragraph.strip()
            words = count_words(paragraph)
            if not words:
                continue
            if total + words > max_words:
                return "\n\n".join(paragraphs)
            paragraphs.append(paragraph)
            total += words
    if total < max_words * 0.9:
        raise SystemExit(f"fixtures hold only {total} words; need about {max_words}")
    return "\n\n".join(paragraphs)


def median_ms(call: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Median wall time and median CPU time of ``call``, in milliseconds, over ``repeats`` runs.

    On a shared machine the CPU time (this process only) is the steadier of the two.
    """
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        call()
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(wall), 2), round(statistics.median(cpu), 2)


_COLD_SCRIPT = """
import sys, tracemalloc
tracemalloc.start()
sys.path.insert(0, {bench!r})
from analysis import SCAFFOLD, build_text
from shortstory.analysis import analyze
analyze(build_text(1000), SCAFFOLD, ["Della", "Jim"])
print(tracemalloc.get_traced_memory()[1])
"""


def _cold_peak_bytes() -> int:
    """Peak traced memory of a fresh interpreter's first analysis (imports and data included)."""
    import subprocess

    script = _COLD_SCRIPT.format(bench=str(Path(__file__).resolve().parent))
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return int(result.stdout.split()[-1])


def beats(text: str, words: int = 300) -> list[str]:
    """``text`` cut at paragraph ends into passages of about ``words`` words (a writer's beats)."""
    from shortstory.analysis import count_words

    out: list[str] = []
    current: list[str] = []
    for paragraph in text.split("\n\n"):
        current.append(paragraph)
        if count_words("\n\n".join(current)) >= words:
            out.append("\n\n".join(current))
            current = []
    if current:
        out.append("\n\n".join(current))
    return out


PAIRED = ("analyze_300_per_beat", "analyze_1000", "analyze_7500", "cliches_7500",
          "pov_tense_7500", "judge_per_beat", "writer_judge_per_beat")
PER_BEAT = ("analyze_300_per_beat", "judge_per_beat", "writer_judge_per_beat")
# What the writer remembers by text, on either side's code: emptied before each beat is judged.
_TEXT_MEMORIES = ("paragraphs", "word_offsets", "reading", "_judged")


def _paired_calls() -> dict[str, Callable[[], object]]:
    """What the side-by-side run times, built from whichever ``shortstory`` is importable."""
    from shortstory import analysis

    small, large = build_text(1000), build_text(7500)
    characters = ["Louise Mallard", "Miss Brill", "Eveline", "Della", "Jim"]
    passages = beats(large)

    def analyze_beats() -> None:
        for passage in passages:
            analysis.analyze(passage, SCAFFOLD, characters)

    def judge_beats() -> None:
        for passage in passages:
            analysis.lint_pov_tense(passage, "first", "past", ["Della"])
            analysis.find_cliches(passage)

    import importlib

    from shortstory.writers import judge

    # Older code (a baseline) may lack the writer's shared reading: its judge then reads alone.
    modules = [judge]
    with contextlib.suppress(ImportError):
        modules.append(importlib.import_module("shortstory.writers.prose_reading"))
    memories = [getattr(module, name) for module in modules
                for name in _TEXT_MEMORIES if hasattr(getattr(module, name, None), "cache_clear")]

    def writer_judge_beats() -> None:
        for passage in passages:
            for memory in memories:
                memory.cache_clear()
            judge.judge(passage, {"pov": "first", "tense": "past"}, ["Della"])

    return {
        "analyze_300_per_beat": analyze_beats,
        "analyze_1000": lambda: analysis.analyze(small, SCAFFOLD, characters),
        "analyze_7500": lambda: analysis.analyze(large, SCAFFOLD, characters),
        "cliches_7500": lambda: analysis.find_cliches(large),
        "pov_tense_7500": lambda: analysis.lint_pov_tense(
            large, SCAFFOLD["pov"], SCAFFOLD["tense"], characters
        ),
        # reported per beat: the total over the beats divided by their number
        "judge_per_beat": judge_beats,
        "writer_judge_per_beat": writer_judge_beats,
        "_beats": lambda: len(passages),
    }


def worker() -> int:
    """Serve timings on stdin/stdout: each line ``NAME COUNT`` gets JSON lists of wall and CPU
    ms (this process's CPU time: on a loaded machine, the steadier of the two)."""
    calls = _paired_calls()
    per_beat = int(calls.pop("_beats")())  # type: ignore[call-overload]
    for call in calls.values():  # warm: data loaded, caches filled
        call()
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        name, count = line.split()
        scale = per_beat if name in PER_BEAT else 1
        wall, cpu = [], []
        for _ in range(int(count)):
            start, start_cpu = time.perf_counter(), time.process_time()
            calls[name]()
            cpu.append((time.process_time() - start_cpu) * 1000 / scale)
            wall.append((time.perf_counter() - start) * 1000 / scale)
        print(json.dumps([wall, cpu]), flush=True)
    return 0


def paired(baseline: Path, rounds: int, per_round: int) -> dict[str, object]:
    """Baseline and current code side by side (module docstring); medians in ms and ratios."""
    import subprocess

    script = str(Path(__file__).resolve())
    env_base = {**os.environ, "PYTHONPATH": str(baseline / "src")}
    env_current = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    sides = {
        name: subprocess.Popen(
            [sys.executable, script, "--worker"], env=env, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True,
        )
        for name, env in (("baseline", env_base), ("current", env_current))
    }  # fmt: skip
    try:
        for process in sides.values():
            assert process.stdout is not None
            json.loads(process.stdout.readline())  # ready
        times: dict[str, dict[str, list[float]]] = {n: {m: [] for m in PAIRED} for n in sides}
        cpu: dict[str, dict[str, list[float]]] = {n: {m: [] for m in PAIRED} for n in sides}
        for round_index in range(rounds):
            order = list(sides) if round_index % 2 == 0 else list(reversed(sides))
            for measure in PAIRED:
                for name in order:
                    process = sides[name]
                    assert process.stdin is not None and process.stdout is not None
                    process.stdin.write(f"{measure} {per_round}\n")
                    process.stdin.flush()
                    wall, spent = json.loads(process.stdout.readline())
                    times[name][measure] += wall
                    cpu[name][measure] += spent
    finally:
        for process in sides.values():
            if process.stdin is not None:
                process.stdin.close()
            process.wait(timeout=30)
    result: dict[str, object] = {"baseline": str(baseline), "rounds": rounds,
                                 "runs_per_round": per_round}  # fmt: skip
    for measure in PAIRED:
        before = statistics.median(times["baseline"][measure])
        after = statistics.median(times["current"][measure])
        before_cpu = statistics.median(cpu["baseline"][measure])
        after_cpu = statistics.median(cpu["current"][measure])
        result[measure] = {"baseline_ms": round(before, 2), "current_ms": round(after, 2),
                           "ratio": round(after / before, 3),
                           "baseline_cpu_ms": round(before_cpu, 2),
                           "current_cpu_ms": round(after_cpu, 2),
                           "cpu_ratio": round(after_cpu / before_cpu, 3)}  # fmt: skip
    return result


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write its results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9, help="runs per measurement")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--baseline", type=Path, help="a checkout to time side by side")
    parser.add_argument("--rounds", type=int, default=6, help="side-by-side rounds")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return worker()

    start = time.perf_counter()
    from shortstory import analysis
    from shortstory.analysis.sentences import split_sentences

    texts = {"1000": build_text(1000), "7500": build_text(7500)}
    characters = ["Louise Mallard", "Miss Brill", "Eveline", "Della", "Jim"]
    analysis.analyze(texts["1000"], SCAFFOLD, characters)
    cold_ms = round((time.perf_counter() - start) * 1000, 1)
    cold_peak = _cold_peak_bytes()

    tracemalloc.start()
    resident = tracemalloc.get_traced_memory()[0]
    analysis.analyze(texts["7500"], SCAFFOLD, characters)
    warm_peak = tracemalloc.get_traced_memory()[1] - resident
    tracemalloc.stop()

    results: dict[str, object] = {
        "machine": {
            "reference_ms": reference_ms(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "repeats": args.repeats,
        "cold_first_call_ms": cold_ms,
        "peak_memory_cold_mb": round(cold_peak / 2**20, 1),
        "peak_memory_warm_7500_extra_mb": round(warm_peak / 2**20, 1),
        "texts": {},
    }
    for label, text in texts.items():
        sentences = split_sentences(text)
        cliches = analysis.find_cliches(text)
        voice = analysis.analyze_voice(text, characters)
        measures = {
            "analyze": lambda t=text: analysis.analyze(t, SCAFFOLD, characters),
            "cliches": lambda t=text: analysis.find_cliches(t),
            "sentences": lambda t=text: split_sentences(t),
            "readability": lambda t=text, s=sentences: analysis.readability(t, s),
            "repetition": lambda t=text, s=sentences: analysis.find_repetition(t, characters, s),
            "voice": lambda t=text: analysis.analyze_voice(t, characters),
            "memorability": lambda t=text, s=sentences, c=cliches, v=voice: (
                analysis.score_memorability(t, c, v, s)
            ),
            "pov_tense": lambda t=text: analysis.lint_pov_tense(
                t, SCAFFOLD["pov"], SCAFFOLD["tense"], characters
            ),
        }
        timed = {name: median_ms(call, args.repeats) for name, call in measures.items()}
        results["texts"][label] = {  # type: ignore[index]
            "words": analysis.count_words(text),
            "median_ms": {name: wall for name, (wall, _) in timed.items()},
            "median_cpu_ms": {name: cpu for name, (_, cpu) in timed.items()},
        }

    full_7500 = results["texts"]["7500"]["median_ms"]["analyze"]  # type: ignore[index]
    cpu_7500 = results["texts"]["7500"]["median_cpu_ms"]["analyze"]  # type: ignore[index]
    results["load_average"] = os.getloadavg()[0]
    results["target_ms_7500"] = TARGET_MS_7500
    results["meets_target"] = full_7500 <= TARGET_MS_7500

    print(f"analysis bench — Python {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"median of {args.repeats} runs (ms)")
    names = list(results["texts"]["1000"]["median_ms"])  # type: ignore[index]
    print(f"{'pass':<14}" + "".join(
        f"{label + ' wall':>12}{label + ' cpu':>12}" for label in texts
    ))
    for name in names:
        row = "".join(
            f"{results['texts'][label]['median_ms'][name]:>12.1f}"  # type: ignore[index]
            f"{results['texts'][label]['median_cpu_ms'][name]:>12.1f}"  # type: ignore[index]
            for label in texts
        )
        print(f"{name:<14}{row}")
    print(f"cold first call (imports, data, 1,000 words): {cold_ms} ms; peak memory (tracemalloc) "
          f"cold {results['peak_memory_cold_mb']} MB, a warm 7,500-word call "
          f"+{results['peak_memory_warm_7500_extra_mb']} MB")
    print(f"7,500-word analyze: {full_7500} ms wall, {cpu_7500} ms CPU (target ≤ "
          f"{TARGET_MS_7500:.0f} ms: {'met' if results['meets_target'] else 'NOT met'}); "
          f"load average {results['load_average']:.1f}; machine reference "
          f"{results['machine']['reference_ms']} ms")  # type: ignore[index]

    if args.baseline is not None:
        load_before = os.getloadavg()[0]
        pairs = paired(args.baseline.resolve(), args.rounds, per_round=3)
        pairs["load_average"] = [load_before, os.getloadavg()[0]]
        results["paired"] = pairs
        print(f"side by side with {args.baseline} ({args.rounds} alternating rounds, load "
              f"average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after), median ms:")
        print(f"{'measure':<22}{'wall before':>12}{'after':>8}{'ratio':>7}"
              f"{'cpu before':>12}{'after':>8}{'ratio':>7}")
        for measure in PAIRED:
            row: dict[str, float] = pairs[measure]  # type: ignore[assignment]
            print(f"{measure:<22}{row['baseline_ms']:>12.2f}{row['current_ms']:>8.2f}"
                  f"{row['ratio']:>7.2f}{row['baseline_cpu_ms']:>12.2f}"
                  f"{row['current_cpu_ms']:>8.2f}{row['cpu_ratio']:>7.2f}")

    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
