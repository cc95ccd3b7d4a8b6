"""Benchmark of the model writer: its overhead per beat over the raw SDK call, and story time
with the real local model.

Run as ``.venv/bin/python bench/writers.py`` (``make bench``; ``--no-local`` skips the local
model). Writes ``bench/results/writers.json``.

**Overhead per beat.** The fault-injecting OpenAI-protocol server (``tests/support``) answers
instantly, so what is left is client-side work. For each beat of several stories, our writer
drafts it (``draft_beat``: prompt building, the streamed call through retries, breaker and
outbound budget, cleaning, the judge, any repair or continuation), then the very requests it made
are sent again through the bare ``openai`` SDK, streamed the same way. The beat's overhead is
the first time minus the second, paired beat by beat in one run, so the machine's changing speed
cancels out. It is given twice: in wall time, and in the CPU time of the thread that drafts
(``time.thread_time``; the server answers from its own threads), which a loaded machine's
waits for a core do not inflate. A third figure leaves the SDK out: the drafting thread's CPU
time outside the SDK's calls (the request, and each event read from its stream, clocked on
both sides), ours less the bare loop's. It is the same work without the SDK's own time, which
on a loaded machine varies by more than the whole overhead from one beat to the next.

**Side by side** (``--baseline DIR``, a checkout of other code such as a session's starting
commit): the overhead bench runs ``--rounds`` times for each side, in alternating order, each
run a fresh process importing ``shortstory`` from ``DIR/src`` or from this tree; the medians of
the runs' p50s are printed with their ratio and the load average, and stored under
``"paired"``.

**Story time with the local model.** llama.cpp's server with SmolLM2-135M, started here on a
free loopback port: a whole story through ``write_story`` (outline, streamed beats, judge and
repair) for 600 and 1,500 words, beside one prompt asking for the whole story (the one-shot
baseline, same model and settings).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import platform
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from machine_speed import reference_ms
from openai import OpenAI, Stream
from openai.resources.chat.completions import Completions
from support.fault_llm import FaultLLMServer
from support.local_llm import start_local_llm

from shortstory.analysis.words import count_words
from shortstory.config import load_settings
from shortstory.local_llm import MODEL_ALIAS, WRITER_NAME, provider_settings
from shortstory.pipeline import catalog
from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.planning import plan_story
from shortstory.pipeline.run import write_story
from shortstory.writers.registry import WriterRegistry

STORIES = 8
WORDS = 1200
AIM_P50_MS = 2.0
LOCAL_LENGTHS = (600, 1500)
RESULTS = Path(__file__).parent / "results" / "writers.json"


def request(words: int, seed: int) -> StoryRequest:
    """The catalog's lighthouse premise in first person, past tense, at ``words`` words."""
    body = catalog.template("lamp-lit-by-another").request.model_dump(mode="json")
    body.update(genre="mystery", structure="three-act", target_words=words, seed=seed,
                scaffold={"pov": "first", "tense": "past"})
    return StoryRequest.model_validate(body)


def registry(name: str, provider: dict[str, Any]) -> WriterRegistry:
    """Writers with one provider ``name`` (no retries: a fault-free server needs none)."""
    settings = load_settings({"environment": "test", "WRITERS": json.dumps({name: provider}),
                              "WRITER_CHAIN": f"{name},procedural", "WRITER_RETRIES": "0"},
                             environ={}, dotenv_path=None)
    return WriterRegistry(settings.writer_setup())


def raw_call(client: OpenAI, body: dict[str, Any]) -> None:
    """The same request through the bare SDK, read to the end as our writer reads it."""
    answer = client.chat.completions.create(**body)
    if body.get("stream"):
        for _ in answer:  # type: ignore[union-attr]
            pass


class SdkClock:
    """The CPU time the calling thread spends inside the SDK: sending a chat request and reading
    its stream, event by event (:meth:`running` patches both for its block)."""

    def __init__(self) -> None:
        self.seconds = 0.0

    @contextlib.contextmanager
    def running(self) -> Iterator[None]:
        create, read = Completions.create, Stream.__iter__
        clock = self

        def timed_create(completions: Completions, *args: Any, **kwargs: Any) -> Any:
            started = time.thread_time()
            try:
                return create(completions, *args, **kwargs)
            finally:
                clock.seconds += time.thread_time() - started

        def timed_read(stream: Stream[Any]) -> Iterator[Any]:
            events = read(stream)
            while True:
                started = time.thread_time()
                try:
                    event = next(events)
                except StopIteration:
                    return
                finally:
                    clock.seconds += time.thread_time() - started
                yield event

        with (mock.patch.object(Completions, "create", timed_create),
              mock.patch.object(Stream, "__iter__", timed_read)):
            yield


def beat_overheads(server: FaultLLMServer, words: int = WORDS,
                   stories: int = STORIES) -> dict[str, Any]:
    """Per-beat milliseconds over ``stories`` stories of ``words`` words: our writer, the same
    requests raw, and the difference; and the drafting thread's CPU outside the SDK's calls,
    ours less the raw loop's (module docstring)."""
    character = request(words, 0).premise.character
    server.set_prose(person="first", tense="past", name=character.name)
    writers = registry("fault", {"base_url": server.base_url, "model": "fault-llm-1"})
    client = OpenAI(base_url=server.base_url, api_key="none", max_retries=0)
    ours, raw, overhead, cpu_overhead, own_cpu = [], [], [], [], []
    sdk = SdkClock()
    for seed in range(stories + 1):
        writer = writers.build("fault")
        plan = plan_story(request(words, seed))
        plan.outline = writer.outline(plan)
        for beat in plan.outline.beats:
            before = len(server.requests)
            with sdk.running():
                sdk.seconds = 0.0
                started, cpu = time.perf_counter(), time.thread_time()
                for _ in writer.draft_beat(plan, beat):
                    pass
                ours_ms = (time.perf_counter() - started) * 1000
                ours_cpu_ms = (time.thread_time() - cpu) * 1000
                ours_sdk_ms = sdk.seconds * 1000
                bodies = [record.body for record in server.requests[before:]]
                sdk.seconds = 0.0
                started, cpu = time.perf_counter(), time.thread_time()
                for body in bodies:
                    raw_call(client, body)
                raw_ms = (time.perf_counter() - started) * 1000
                raw_cpu_ms = (time.thread_time() - cpu) * 1000
                raw_sdk_ms = sdk.seconds * 1000
            if seed:  # the first story warms imports, tables and connections
                ours.append(ours_ms)
                raw.append(raw_ms)
                overhead.append(ours_ms - raw_ms)
                cpu_overhead.append(ours_cpu_ms - raw_cpu_ms)
                own_cpu.append((ours_cpu_ms - ours_sdk_ms) - (raw_cpu_ms - raw_sdk_ms))
    ordered = sorted(overhead)
    return {
        "story_words": words,
        "beats": len(overhead),
        "ours_p50_ms": round(statistics.median(ours), 2),
        "raw_sdk_p50_ms": round(statistics.median(raw), 2),
        "overhead_p50_ms": round(statistics.median(overhead), 2),
        "overhead_p90_ms": round(ordered[int(0.9 * (len(ordered) - 1))], 2),
        "overhead_cpu_p50_ms": round(statistics.median(cpu_overhead), 2),
        "own_cpu_p50_ms": round(statistics.median(own_cpu), 2),
        "aim_p50_ms": AIM_P50_MS,
    }


def local_story_times(url: str) -> dict[str, Any]:
    """Seconds for a whole story with the local model, pipeline and one-shot, per length."""
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    provider = provider_settings(port)
    writers = registry(WRITER_NAME, provider)
    client = OpenAI(base_url=url, api_key="none", max_retries=0, timeout=600)
    rows: dict[str, Any] = {}
    for words in LOCAL_LENGTHS:
        started = time.perf_counter()
        result = write_story(request(words, 1), writers.build(WRITER_NAME))
        pipeline_s = time.perf_counter() - started
        started = time.perf_counter()
        answer = client.chat.completions.create(
            model=MODEL_ALIAS, temperature=0.8, max_tokens=int(words * 1.6),
            messages=[{"role": "user", "content": (
                f"Write a {words}-word short story in the first person and the past tense: "
                f"{request(words, 1).premise.idea}")}])
        one_shot_s = time.perf_counter() - started
        rows[str(words)] = {
            "pipeline_s": round(pipeline_s, 1),
            "pipeline_words": result.word_count,
            "pipeline_tokens_in": result.tokens_in,
            "pipeline_tokens_out": result.tokens_out,
            "one_shot_s": round(one_shot_s, 1),
            "one_shot_words": count_words(answer.choices[0].message.content or ""),
        }
    return rows


def side_by_side(baseline: Path, rounds: int, words: int, stories: int) -> dict[str, Any]:
    """This bench's overhead per beat, run by ``baseline``'s code and by this tree's in turns
    (module docstring); medians of the runs' p50s."""
    import os
    import subprocess
    import tempfile

    sides = {"baseline": baseline / "src", "current": Path(__file__).resolve().parents[1] / "src"}
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in sides}
    load = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory() as scratch:
        for round_index in range(rounds):
            order = list(sides) if round_index % 2 == 0 else list(reversed(sides))
            for name in order:
                out = Path(scratch) / f"{name}-{round_index}.json"
                subprocess.run(
                    [sys.executable, __file__, "--no-local", "--words", str(words),
                     "--stories", str(stories), "--results", str(out)],
                    env={**os.environ, "PYTHONPATH": str(sides[name])}, check=True,
                    capture_output=True,
                )
                runs[name].append(json.loads(out.read_text(encoding="utf-8"))["beat_overhead"])
    load.append(os.getloadavg()[0])
    result: dict[str, Any] = {"baseline": str(baseline), "rounds": rounds, "load_average": load}
    for measure in ("overhead_p50_ms", "overhead_cpu_p50_ms", "own_cpu_p50_ms", "ours_p50_ms",
                    "raw_sdk_p50_ms"):
        before = statistics.median(run[measure] for run in runs["baseline"])
        after = statistics.median(run[measure] for run in runs["current"])
        result[measure] = {"baseline": round(before, 2), "current": round(after, 2),
                           "ratio": round(after / before, 3) if before else None,
                           "baseline_runs": [run[measure] for run in runs["baseline"]],
                           "current_runs": [run[measure] for run in runs["current"]]}
    return result


def main() -> None:
    """Measure, print a table and write the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-local", action="store_true",
                        help="skip the local-model stories (their last figures are kept)")
    parser.add_argument("--words", type=int, default=WORDS,
                        help=f"story length for the overhead per beat (default {WORDS})")
    parser.add_argument("--stories", type=int, default=STORIES,
                        help=f"stories measured (default {STORIES})")
    parser.add_argument("--results", type=Path, default=RESULTS,
                        help=f"where the JSON results go (default {RESULTS})")
    parser.add_argument("--baseline", type=Path,
                        help="a checkout whose overhead per beat is timed side by side")
    parser.add_argument("--rounds", type=int, default=4, help="side-by-side runs per side")
    args = parser.parse_args()
    if args.baseline is not None:
        paired = side_by_side(args.baseline.resolve(), args.rounds, args.words, args.stories)
        earlier = (json.loads(args.results.read_text(encoding="utf-8"))
                   if args.results.is_file() else {})
        earlier["paired"] = paired
        args.results.parent.mkdir(parents=True, exist_ok=True)
        args.results.write_text(json.dumps(earlier, indent=2) + "\n", encoding="utf-8")
        print(f"side by side with {args.baseline}, {args.rounds} runs a side, load average "
              f"{paired['load_average'][0]:.1f} before, {paired['load_average'][1]:.1f} after "
              "(medians of the runs' p50 per beat, ms):")
        for measure in ("overhead_cpu_p50_ms", "own_cpu_p50_ms", "overhead_p50_ms",
                        "ours_p50_ms", "raw_sdk_p50_ms"):
            row = paired[measure]
            print(f"  {measure:<22}{row['baseline']:>9.2f} -> {row['current']:>7.2f}"
                  f"  ({row['ratio']})")
        return
    results: dict[str, Any] = {"machine_reference_ms": reference_ms(),
                               "python": platform.python_version(),
                               "machine": platform.machine()}
    with FaultLLMServer() as server:
        results["beat_overhead"] = beat_overheads(server, args.words, args.stories)
    if not args.no_local:
        with start_local_llm() as url:
            results["local_model"] = {"model": MODEL_ALIAS, "stories": local_story_times(url)}
    elif args.results.is_file():  # the local model's figures of the last full run stay
        earlier = json.loads(args.results.read_text(encoding="utf-8"))
        if "local_model" in earlier:
            results["local_model"] = earlier["local_model"]
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    beat = results["beat_overhead"]
    print(f"machine reference (bench/machine_speed.py): {results['machine_reference_ms']} ms")
    print(f"per beat over {beat['beats']} beats of {beat['story_words']}-word stories against "
          f"the fault server: ours "
          f"{beat['ours_p50_ms']} ms, raw SDK {beat['raw_sdk_p50_ms']} ms, overhead p50 "
          f"{beat['overhead_p50_ms']} ms (p90 {beat['overhead_p90_ms']}; aim {AIM_P50_MS}), "
          f"in the drafting thread's CPU {beat['overhead_cpu_p50_ms']} ms (outside the SDK's calls "
          f"{beat['own_cpu_p50_ms']} ms)")
    for words, row in results.get("local_model", {}).get("stories", {}).items():
        print(f"local model, {words} words: pipeline {row['pipeline_s']} s "
              f"({row['pipeline_words']} words, {row['pipeline_tokens_in']} tokens in, "
              f"{row['pipeline_tokens_out']} out); "
              f"one-shot {row['one_shot_s']} s ({row['one_shot_words']} words)")
    print(f"written to {args.results}")


if __name__ == "__main__":
    main()
