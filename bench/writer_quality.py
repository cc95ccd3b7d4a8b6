"""Stories for a blind reading: a model writer's pipeline against one prompt to the same model.

Run as ``.venv/bin/python bench/writer_quality.py PREMISES.json OUT_DIR`` with a server already
listening (``make local-llm`` serves the local model on 127.0.0.1:8081; ``--base-url`` and
``--model`` name another OpenAI-compatible server). ``PREMISES.json`` is a list of story request
bodies (the API's ``POST /stories`` body); invent new ones for every reading, never tune to a
fixed list. For each premise it writes:

- ``NN-pipeline.txt``: our writer (outline → streamed beats → judge → repair → length contract);
- ``NN-oneshot.txt`` (unless ``--no-oneshot``): one prompt asking the same model, with the same
  sampling settings, for the whole story at that length, POV and tense;
- ``summary.json``: per story the words, time, requests, tokens, and what the judge found in the
  raw draft and after repair (POV slips, tense slips, clichés).

A reader who has not seen the code then reads the pairs (``--shuffle`` writes them as ``NN-A`` /
``NN-B`` with the key in ``key.json``, to be opened only after the scores are in).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

from openai import OpenAI

from shortstory.analysis.words import count_words
from shortstory.config import load_settings
from shortstory.local_llm import DEFAULT_PORT, MODEL_ALIAS, provider_settings
from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.run import write_story
from shortstory.writers.judge import clean_prose
from shortstory.writers.prompts import describe_character
from shortstory.writers.registry import WriterRegistry

NAME = "reading"
POV_WORDS = {"first": "the first person (I)", "close_third": "the third person",
             "second": "the second person (you)"}


def one_shot_prompt(request: StoryRequest) -> str:
    """The plainest fair request for the whole story: everything the pipeline is told."""
    character = describe_character(request.premise.character.model_dump(mode="json"))
    theme = f" Theme: {request.premise.theme}." if request.premise.theme else ""
    return (f"Write a {request.genre.replace('-', ' ')} short story of about "
            f"{request.target_words} words in {POV_WORDS[request.scaffold.pov]} and the "
            f"{request.scaffold.tense} tense, about this: {request.premise.idea}. The main "
            f"character is {character}.{theme} Answer with the story only.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("premises", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--base-url", default=f"http://127.0.0.1:{DEFAULT_PORT}/v1")
    parser.add_argument("--model", default=MODEL_ALIAS)
    parser.add_argument("--no-oneshot", action="store_true")
    parser.add_argument("--shuffle", action="store_true", help="write pairs as A/B, key aside")
    args = parser.parse_args()
    port = int(args.base_url.rsplit(":", 1)[1].split("/")[0])
    provider = {**provider_settings(port), "base_url": args.base_url, "model": args.model}
    settings = load_settings({"environment": "test", "WRITERS": json.dumps({NAME: provider}),
                              "WRITER_CHAIN": NAME}, environ={}, dotenv_path=None)
    writers = WriterRegistry(settings.writer_setup())
    client = OpenAI(base_url=args.base_url, api_key="none", max_retries=0, timeout=600)
    args.out.mkdir(parents=True, exist_ok=True)
    bodies = json.loads(args.premises.read_text(encoding="utf-8"))
    summary, key = [], {}
    shuffler = random.Random(len(bodies))
    for number, body in enumerate(bodies, 1):
        request = StoryRequest.model_validate({**body, "writer": None})
        started = time.perf_counter()
        result = write_story(request, writers.build(NAME), seed=number)
        pipeline_s = time.perf_counter() - started
        row: dict[str, Any] = {
            "n": number, "idea": request.premise.idea, "pov": request.scaffold.pov,
            "tense": request.scaffold.tense, "target": request.target_words,
            "pipeline": {"words": result.word_count, "seconds": round(pipeline_s, 1),
                         "title": result.title, "judge": result.provenance.get("judge"),
                         "bible": result.plan.outline.bible},
        }
        # A blind reading shows no titles: only the pipeline's would have one.
        title = "" if args.shuffle else f"{result.title}\n\n"
        texts = {"pipeline": f"{title}{result.text}\n"}
        if not args.no_oneshot:
            started = time.perf_counter()
            answer = client.chat.completions.create(
                model=args.model, temperature=provider.get("temperature", 0.8),
                frequency_penalty=provider.get("frequency_penalty", 0.0),
                max_tokens=min(int(request.target_words * 1.6) + 40, 1900),
                messages=[{"role": "user", "content": one_shot_prompt(request)}])
            text = clean_prose(answer.choices[0].message.content or "")
            row["oneshot"] = {"words": count_words(text),
                              "seconds": round(time.perf_counter() - started, 1)}
            texts["oneshot"] = f"{text}\n"
        if args.shuffle and "oneshot" in texts:
            order = ["pipeline", "oneshot"]
            shuffler.shuffle(order)
            key[f"{number:02d}"] = {"A": order[0], "B": order[1]}
            for label, kind in zip("AB", order, strict=True):
                (args.out / f"{number:02d}-{label}.txt").write_text(texts[kind], encoding="utf-8")
        else:
            for kind, text in texts.items():
                (args.out / f"{number:02d}-{kind}.txt").write_text(text, encoding="utf-8")
        summary.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
    (args.out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    if key:
        (args.out / "key.json").write_text(json.dumps(key, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
