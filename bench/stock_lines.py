"""The stock lines of the engine (issue #15): sentence frames shared across premises, traced back.

Run as ``PYTHONPATH=src .venv/bin/python bench/stock_lines.py [--top N] [--mystery] [--quick]``.
Renders the 240 held-out premises of ``tests/fixtures/engine_premises.json`` and prints the
issue's figures (frames in more than 1 % of stories, the most shared frame's story count, the
forty most shared frames' story-counts), then the most shared frames, each with one rendered
sentence and the template line it came from. ``--mystery`` adds the fifty mysteries of
``tests/unit/pipeline/test_corpus.py``: the worst pair, the pairs over 5 %, and the sentences
most of those pairs share, with their templates.

A rendered sentence is traced by recording every template the realiser fills while a story is
composed: the sentence is found inside the text one fill produced.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path[:0] = [str(ROOT / "tests" / "unit" / "writers"), str(ROOT / "tests" / "unit" / "pipeline"),
                str(ROOT / "tests")]

from test_engine_premises import (  # noqa: E402
    FIXTURE,
    read_idea_world,
)
from test_engine_premises import (  # noqa: E402
    frames as frames_of,
)

from shortstory.analysis.sentences import split_sentences  # noqa: E402
from shortstory.pipeline import catalog  # noqa: E402
from shortstory.pipeline.models import StoryRequest  # noqa: E402
from shortstory.pipeline.planning import plan_story  # noqa: E402
from shortstory.writers import procedural  # noqa: E402
from shortstory.writers.procedural import ProceduralWriter  # noqa: E402
from shortstory.writers.procedural.realiser import Realiser  # noqa: E402

DATA = Path(procedural.__file__).parent / "data"
"""The data of the engine imported (run against another checkout with its own PYTHONPATH)."""


def _where_templates_live() -> dict[str, str]:
    """Every template string of the data files, with its file and key path."""
    import json
    found: dict[str, str] = {}

    def walk(node: object, where: str) -> None:
        if isinstance(node, str):
            found.setdefault(node, where)
            found.setdefault(node.lstrip("¶?").lstrip("¶?"), where)
        elif isinstance(node, list):
            for n, child in enumerate(node):
                walk(child, f"{where}[{n}]" if not isinstance(child, str) else where)
        elif isinstance(node, dict):
            for key, child in node.items():
                if not key.startswith("_"):
                    walk(child, f"{where}.{key}")

    for path in sorted(DATA.rglob("*.json")):
        walk(json.loads(path.read_text(encoding="utf-8")), str(path.relative_to(DATA)))
    return found


WHERE = _where_templates_live()
FILLS: list[tuple[str, str]] = []
"""(template, rendered text) of every fill of the story being rendered."""
_fill = Realiser.fill


def _recording_fill(self: Realiser, template: str, dialogue: bool = False) -> str:
    text = _fill(self, template, dialogue)
    FILLS.append((template, text))
    return text


Realiser.fill = _recording_fill  # type: ignore[method-assign]


def source_of(sentence: str, fills: list[tuple[str, str]]) -> str:
    """The template whose rendering holds ``sentence`` (the last such fill), or '?'."""
    probe = sentence.strip()[:-1] if len(sentence) > 12 else sentence
    for template, text in reversed(fills):
        if probe in text:
            return f"{WHERE.get(template, '(code)')}: {template}"
    for template, text in reversed(fills):
        if probe[:40] in text:
            return f"~{WHERE.get(template, '(code)')}: {template}"
    return "?"


def render(request: StoryRequest) -> tuple[str, list[str], list[str], list[tuple[str, str]]]:
    """The story, its names and places, and the fills made while composing it."""
    FILLS.clear()
    plan = plan_story(request)
    text = ProceduralWriter().render(plan)
    names = [request.premise.character.name, *(m.name for m in plan.world.cast)]
    places = [plan.world.setting, *plan.world.places]
    return text, names, places, list(FILLS)


def corpus_report(top: int) -> None:
    import json
    started = time.perf_counter()
    counts: Counter[str] = Counter()
    example: dict[str, tuple[str, str]] = {}
    genres: dict[str, set[str]] = defaultdict(set)
    bodies = json.loads(FIXTURE.read_text(encoding="utf-8"))
    for body in bodies:
        request = StoryRequest.model_validate(body)
        text, names, places, fills = render(request)
        world = read_idea_world(request.premise.idea)
        for sentence in split_sentences(text):
            for frame in frames_of(sentence.text, names, world, places):
                if frame not in example:
                    example[frame] = (sentence.text, source_of(sentence.text, fills))
        story_frames = frames_of(text, names, world, places)
        counts.update(story_frames)
        for frame in story_frames:
            genres[frame].add(request.genre)
    limit = max(1, int(len(bodies) * 0.01))
    shared = [(f, n) for f, n in counts.most_common() if n > limit]
    print(f"{len(bodies)} stories in {time.perf_counter() - started:.0f} s")
    print(f"frames over 1 %: {len(shared)}; most shared: {shared[0][1] if shared else 0}; "
          f"forty most shared: {sum(n for _, n in shared[:40])} story-counts; "
          f"all frames over 1 %: {sum(n for _, n in shared)} story-counts")
    by_template: Counter[str] = Counter()
    for frame, n in shared:
        by_template[example[frame][1]] += n
    by_file: Counter[str] = Counter()
    for frame, _ in shared:
        by_file[example[frame][1].lstrip("~").split(":")[0].split(".json")[0]] += 1
    print("frames over 1 % by source: " + ", ".join(f"{k} {n}" for k, n in by_file.most_common()))
    print("\n== templates by story-counts of their shared frames ==")
    for template, n in by_template.most_common(top):
        print(f"{n:5d}  {template}")
    print("\n== most shared frames ==")
    for frame, n in shared[:top]:
        sentence, template = example[frame]
        print(f"{n:3d} [{','.join(sorted(genres[frame]))[:40]}] {sentence}\n      <- {template}")


def mystery_report(top: int) -> None:
    from test_corpus import fifty_premises, sentence_keys
    started = time.perf_counter()
    stories: list[set[str]] = []
    sources: dict[str, str] = {}
    for n, premise in enumerate(fifty_premises()):
        request = StoryRequest.model_validate({
            "premise": premise, "genre": "mystery", "structure": catalog.structures()[n % 5].id,
            "scaffold": {"pov": "first", "tense": "past"}, "target_words": 1000, "seed": n,
        })
        text, _, _, fills = render(request)
        stories.append(sentence_keys(text))
        for sentence in split_sentences(text):
            for k in sentence_keys(sentence.text):
                sources.setdefault(k, f"{sentence.text}  <- {source_of(sentence.text, fills)}")
    pairs = [(len(a & b) / min(len(a), len(b)), a & b)
             for a, b in itertools.combinations(stories, 2)]
    shares = sorted(share for share, _ in pairs)
    print(f"\n50 mysteries in {time.perf_counter() - started:.0f} s: worst pair {shares[-1]:.1%}, "
          f"{sum(s > 0.05 for s in shares)} of {len(shares)} pairs over 5 %")
    common: Counter[str] = Counter()
    for share, both in pairs:
        if share > 0.05:
            common.update(both)
    in_stories = Counter(k for story in stories for k in story)
    print("== sentences shared by most pairs over 5 % (pairs, stories) ==")
    for key, n in common.most_common(top):
        print(f"{n:4d} {in_stories[key]:3d}  {sources.get(key, key)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--top", type=int, default=60)
    parser.add_argument("--mystery", action="store_true")
    parser.add_argument("--no-corpus", action="store_true")
    args = parser.parse_args()
    if not args.no_corpus:
        corpus_report(args.top)
    if args.mystery:
        mystery_report(args.top)


if __name__ == "__main__":
    main()
