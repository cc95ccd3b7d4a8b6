"""The procedural writer: the offline, deterministic default behind the ``Writer`` protocol."""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from random import Random
from typing import Any, cast

from shortstory.pipeline import catalog
from shortstory.pipeline.plan import Beat, Outline, StoryPlan
from shortstory.pipeline.revise import Mode, revise_text
from shortstory.writers.procedural.composer import Composer
from shortstory.writers.procedural.layout import paragraphs
from shortstory.writers.protocol import TokenUsage, WriterResult

JUDGE_ROUNDS = 4
"""How many times the story is judged by the analysis library and repaired."""
DATA_DIR = Path(__file__).parent / "data"
CACHE_SIZE = 8


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """The writer's sentence plans and word lists (read once, on first use)."""
    with (DATA_DIR / "lexicon.json").open(encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=1)
def _genre_spines() -> dict[str, Any]:
    with (DATA_DIR / "genre_spines.json").open(encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=16)
def genre_lexicon(genre_id: str) -> dict[str, Any]:
    """The lexicon with ``genre_id``'s own spine in place of the mystery spine.

    ``genre_spines.json`` replaces a beat function's spine groups whole, a core function's
    units kind by kind, and dialogue line lists whole; a genre it does not name keeps the lexicon
    as it is. The result is shared: callers must not change it.
    """
    base = lexicon()
    shape = _genre_spines().get(genre_id)
    if not shape or genre_id.startswith("_"):
        return base
    merged = dict(base)
    for section, entries in shape.items():
        replaced = dict(base[section])
        for key, value in entries.items():
            replaced[key] = {**base[section].get(key, {}), **value} if section == "core" else value
        merged[section] = replaced
    # A genre without a suspect has no use for the scene units that weigh one.
    dropped = set(_genre_spines().get("_mystery_scenes", []))
    merged["pools"] = {kind: [t for t in pool if t not in dropped]
                       for kind, pool in merged["pools"].items()}
    return merged


def _fingerprint(plan: StoryPlan) -> str:
    body = json.dumps(plan.to_dict(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


class ProceduralWriter:
    """Plans nothing remote, needs no model: renders a :class:`StoryPlan` into prose.

    The whole story is composed at once (length fitting and repetition guards need the whole),
    cached by the plan's fingerprint, and handed out beat by beat.
    """

    name = "procedural"
    model = "procedural-1"

    def __init__(self) -> None:
        self._cache: OrderedDict[str, list[list[str]]] = OrderedDict()

    @property
    def usage(self) -> TokenUsage:
        """No model, no tokens."""
        return TokenUsage()

    def provenance(self) -> dict[str, Any]:
        """The engine has no prompts and spends no tokens."""
        return {"prompt_version": None}

    def outline(self, plan: StoryPlan) -> Outline:
        """The procedural writer drafts from the planned outline as it is."""
        return plan.outline

    def beats(self, plan: StoryPlan) -> list[list[str]]:
        """The paragraphs of every beat of ``plan``."""
        key = _fingerprint(plan)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        genre = catalog.genre(plan.outline.genre)
        rng = Random(plan.seed)
        composer = Composer(plan, genre, genre_lexicon(genre.id), rng)
        units = [composer.compose_beat(beat) for beat in plan.outline.beats]
        composer.fit(units, plan.target_words)
        for _ in range(JUDGE_ROUNDS):
            flagged = composer.judge(units)
            if not flagged:
                break
            composer.repair(units, flagged)
            composer.fit(units, plan.target_words)
        composer.introduce_cast(units)
        layout = Random(plan.seed + 1)
        rendered = [[" ".join(text for _, text in paragraph)
                     for paragraph in paragraphs(beat_units, layout)] for beat_units in units]
        self._cache[key] = rendered
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return rendered

    def render(self, plan: StoryPlan) -> str:
        """The whole story as text: paragraphs separated by blank lines."""
        return "\n\n".join(p for beat in self.beats(plan) for p in beat)

    def draft_beat(self, plan: StoryPlan, beat: Beat) -> Iterator[str]:
        """Yield the beat's paragraphs one by one (with the blank line between them)."""
        paragraphs_ = self.beats(plan)[beat.index]
        for n, paragraph in enumerate(paragraphs_):
            yield paragraph if n == 0 else "\n\n" + paragraph

    def revise(self, text: str, mode: str, instruction: str | None = None,
               plan: StoryPlan | None = None) -> WriterResult:
        """Revise by the pipeline's modes; an instruction changes the plan, rendered here again.

        The result carries the revision's record: every change, and the changed plan.

        :raises AnalysisInputError: ``text`` cannot be revised (empty, too long…).
        :raises ValueError: an unknown ``mode``.
        :raises InstructionError: an instruction outside the grammar, invalid, or without a plan.
        """
        # revise_text refuses a mode outside Mode itself.
        revision = revise_text(text, cast(Mode, mode), instruction=instruction, plan=plan,
                               render=self.render)
        return WriterResult(text=revision.text, writer=self.name, model=self.model,
                            revision=revision)
