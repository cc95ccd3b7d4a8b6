"""Benchmark of the exports: a 7,500-word story written in each format.

Run as ``.venv/bin/python bench/exports.py``. The story is the procedural engine's 7,500-word
lighthouse story (seed 1). For each format: the median wall time of :data:`RUNS` renders (warm:
each format rendered once first, so imports and the PDF font registration are not counted) and
the file's size. Also measured once: the first PDF of a process (font files read and registered)
and cutting the static Noto Serif faces into an empty font cache (what a new machine pays once).
Writes ``bench/results/exports.json``.
"""

from __future__ import annotations

import json
import platform
import statistics
import tempfile
import time
from pathlib import Path

from machine_speed import reference_ms

from shortstory.analysis.words import count_words
from shortstory.exports import FORMATS, ExportDocument, export
from shortstory.exports.pdf_fonts import static_faces
from shortstory.pipeline import catalog
from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.planning import plan_story
from shortstory.writers.procedural import ProceduralWriter

RUNS = 9
WORDS = 7500
RESULTS = Path(__file__).parent / "results" / "exports.json"


def story_document() -> ExportDocument:
    """The 7,500-word story as an export document."""
    body = catalog.template("lamp-lit-by-another").request.model_dump(mode="json")
    body.update(target_words=WORDS, seed=1)
    plan = plan_story(StoryRequest.model_validate(body))
    text = ProceduralWriter().render(plan)
    return ExportDocument.from_text(title=plan.title or "The Lamp",
                                    author="Bench Reader", writer="procedural", text=text)


def _ms(fmt: str, document: ExportDocument) -> tuple[float, int]:
    started = time.perf_counter()
    size = len(export(document, fmt).content)
    return (time.perf_counter() - started) * 1000, size


def main() -> None:
    """Measure, print a table and write the JSON results."""
    reference = reference_ms()
    document = story_document()
    first_pdf_ms, _ = _ms("pdf", document)
    with tempfile.TemporaryDirectory() as empty_cache:
        started = time.perf_counter()
        static_faces(Path(empty_cache))
        cut_fonts_ms = (time.perf_counter() - started) * 1000
    results: dict[str, object] = {
        "machine_reference_ms": reference,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "words": count_words(document.text),
        "paragraphs": len(document.paragraphs),
        "runs": RUNS,
        "first_pdf_in_process_ms": round(first_pdf_ms, 1),
        "cut_static_fonts_once_ms": round(cut_fonts_ms, 1),
        "formats": {},
    }
    for fmt in FORMATS:
        _ms(fmt, document)  # warm: imports, caches
        timings, sizes = zip(*(_ms(fmt, document) for _ in range(RUNS)), strict=True)
        results["formats"][fmt] = {  # type: ignore[index]
            "median_ms": round(statistics.median(timings), 2),
            "min_ms": round(min(timings), 2),
            "max_ms": round(max(timings), 2),
            "bytes": sizes[0],
        }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"machine reference (bench/machine_speed.py): {reference} ms")
    print(f"story: {results['words']} words, {results['paragraphs']} paragraphs")
    print(f"first PDF in a process (fonts read, registered): "
          f"{results['first_pdf_in_process_ms']} ms; cutting the static fonts into an empty "
          f"cache: {results['cut_static_fonts_once_ms']} ms")
    print(f"{'format':>6} {'median ms':>10} {'min':>8} {'max':>8} {'bytes':>10}")
    for fmt, row in results["formats"].items():  # type: ignore[union-attr]
        print(f"{fmt:>6} {row['median_ms']:>10} {row['min_ms']:>8} {row['max_ms']:>8} "
              f"{row['bytes']:>10}")
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
