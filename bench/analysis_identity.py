"""Whether this tree's analysis says exactly what another checkout's says, over many texts.

``.venv/bin/python bench/analysis_identity.py --baseline DIR [--stories 200] [--random 300]``

The texts: every fixture of ``tests/fixtures/public_domain`` and ``tests/fixtures/pov_tense``,
the sample stories of ``docs/samples``, ``--stories`` stories of the procedural engine (the
catalogue's premises by turns, every point of view and tense, lengths from 150 to 3,000 words)
and ``--random`` random texts made of pieces that stress the word, sentence and clause rules.
Each is given to :func:`~shortstory.analysis.analyze` under one scaffold (by turns), to
:func:`~shortstory.analysis.lint_pov_tense` under all six (three points of view, two tenses)
and to :func:`~shortstory.analysis.find_cliches` alone (without a reading).
Both sides run in their own process (``PYTHONPATH`` set to each checkout's ``src``) and write
their results as JSON; the script prints how many differ (0 is the aim) and the first few.
The texts are made once and kept in ``--cases`` (made again only when it is missing).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from random import Random

ROOT = Path(__file__).resolve().parent.parent
SCAFFOLDS = [(pov, tense) for pov in ("first", "close_third", "second")
             for tense in ("past", "present")]  # fmt: skip
_PIECES = [
    "She", "he", "I", "you", "we", "they", "Della", "Jim", "Maren", "said", "says", "walked",
    "walks", "was", "is", "had", "has", "the", "a", "kitchen", "lamp", "burns", "burned", "and",
    "but", "when", "because", "her", "his", "my", "our", "your", "mine", "don't", "she's",
    "U.S.", "3.14", "1,500", "10:30", "Zoë", "Zoe\u0301", "well-known", "—", "…", "“Go,”",
    "“Stop.”", "(", ")", ":", ";", ".", "!", "?", ",", " ", "\n", "\n\n", "*", "_", "*I can't*",
    "read:", "thought", "Then", "Years", "ago", "now", "there", "Somewhere", "In", "man",
    "ferryman", "Mr.", "woman", "Part", "how", "What", "'", "’", "-", "there's", "were",
]


def _fixture_texts() -> list[tuple[str, str, list[str]]]:
    cases = []
    for folder in ("tests/fixtures/public_domain", "tests/fixtures/pov_tense"):
        for path in sorted((ROOT / folder).glob("*.txt")):
            cases.append((str(path.relative_to(ROOT)), path.read_text(encoding="utf-8"),
                          ["Della", "Jim", "Maren"]))  # fmt: skip
    for path in sorted((ROOT / "docs" / "samples").glob("*.md")):
        cases.append((str(path.relative_to(ROOT)), path.read_text(encoding="utf-8"), []))
    return cases


def _story_texts(count: int) -> list[tuple[str, str, list[str]]]:
    from shortstory.pipeline import catalog
    from shortstory.pipeline.models import StoryRequest
    from shortstory.pipeline.run import write_story
    from shortstory.writers.procedural import ProceduralWriter

    templates = catalog.templates()
    lengths = (150, 400, 900, 1500, 3000)
    cases = []
    for index in range(count):
        template = templates[index % len(templates)]
        pov, tense = SCAFFOLDS[index % len(SCAFFOLDS)]
        body = template.request.model_dump(mode="json")
        body.update(target_words=lengths[index % len(lengths)], seed=index,
                    scaffold={**body["scaffold"], "pov": pov, "tense": tense})  # fmt: skip
        request = StoryRequest.model_validate(body)
        result = write_story(request, ProceduralWriter(), seed=index)
        names = [request.premise.character.name]
        cases.append((f"story {index} {template.id} {pov} {tense}", result.text, names))
    return cases


def _random_texts(count: int) -> list[tuple[str, str, list[str]]]:
    random = Random(12)
    cases = []
    for index in range(count):
        pieces = [random.choice(_PIECES) for _ in range(random.randint(1, 120))]
        joiner = random.choice([" ", "", " "])
        names = random.sample(["Della", "Jim", "Maren", "the ferryman", "Anna"], 2)
        cases.append((f"random {index}", joiner.join(pieces), names))
    return cases


def results(cases_path: Path, output: Path) -> None:
    """Every case's analysis and six lints, as JSON, written to ``output`` (run in a worker)."""
    from dataclasses import asdict

    from shortstory.analysis import AnalysisInputError, analyze, find_cliches, lint_pov_tense

    cases = json.loads(cases_path.read_text(encoding="utf-8"))
    out = []
    for index, (name, text, names) in enumerate(cases):
        pov, tense = SCAFFOLDS[index % len(SCAFFOLDS)]
        try:
            report: object = analyze(text, {"pov": pov, "tense": tense}, names).to_dict()
        except AnalysisInputError as error:
            report = f"error: {error}"
        lints = [[[issue.start, issue.end, issue.text, issue.kind, issue.message]
                  for issue in lint_pov_tense(text, pov_, tense_, names)]
                 for pov_, tense_ in SCAFFOLDS]  # fmt: skip
        cliches = [asdict(match) for match in find_cliches(text)]  # without a reading
        out.append({"name": name, "analysis": report, "lints": lints, "cliches": cliches})
    output.write_text(json.dumps(out, sort_keys=True), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="the checkout to compare with")
    parser.add_argument("--stories", type=int, default=200)
    parser.add_argument("--random", type=int, default=300)
    parser.add_argument("--cases", type=Path, default=Path("/tmp/analysis_identity_cases.json"))
    parser.add_argument("--worker", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        results(*args.worker)
        return 0
    if args.baseline is None:
        parser.error("--baseline is needed")
    if not args.cases.exists():
        cases = _fixture_texts() + _story_texts(args.stories) + _random_texts(args.random)
        args.cases.write_text(json.dumps(cases), encoding="utf-8")
    cases = json.loads(args.cases.read_text(encoding="utf-8"))
    outputs = {}
    for side, tree in (("baseline", args.baseline.resolve()), ("this tree", ROOT)):
        output = args.cases.with_suffix(f".{side.replace(' ', '_')}.json")
        env = {**os.environ, "PYTHONPATH": str(tree / "src")}
        subprocess.run([sys.executable, __file__, "--worker", str(args.cases), str(output)],
                       env=env, check=True)  # fmt: skip
        outputs[side] = json.loads(output.read_text(encoding="utf-8"))
    differing = [(before["name"], before, after)
                 for before, after in zip(outputs["baseline"], outputs["this tree"], strict=True)
                 if before != after]  # fmt: skip
    kinds = {"fixtures": 0, "stories": 0, "random": 0}
    for name, _, _ in cases:
        kinds["stories" if name.startswith("story") else
              "random" if name.startswith("random") else "fixtures"] += 1  # fmt: skip
    print(f"{len(cases)} texts ({kinds}), each analysed once, linted under 6 scaffolds, "
          f"its clichés found alone: "
          f"{len(differing)} differ")  # fmt: skip
    for name, before, after in differing[:5]:
        print("DIFFERS:", name)
        for key in ("analysis", "lints", "cliches"):
            if before[key] != after[key]:
                print(f"  {key}: baseline {str(before[key])[:300]}")
                print(f"  {key}: this tree {str(after[key])[:300]}")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
