"""Genre-true scene texture: each genre's own scene pools, drawn before the shared ones.

Every genre file is valid and realises cleanly in every POV and tense; a 1,500-word story takes
at least half its scene units from its genre; one premise told in all nine genres shares few
sentences between any two of them; close third attributes dialogue mostly without "said".
"""

from __future__ import annotations

import itertools
import json
import re
from functools import lru_cache
from random import Random
from unittest.mock import patch

import pytest
from support.story_inputs import LIGHTHOUSE, MAREN, POV_TENSE, STRANGERS

from shortstory.analysis.cliches import find_cliches
from shortstory.analysis.pov import lint_pov_tense
from shortstory.analysis.sentences import split_sentences
from shortstory.analysis.words import iter_words
from shortstory.pipeline import catalog
from shortstory.pipeline.models import StoryRequest
from shortstory.pipeline.plan import StoryPlan
from shortstory.pipeline.planning import plan_story
from shortstory.writers.procedural import ProceduralWriter
from shortstory.writers.procedural.composer import GENRE_SCENES, Composer
from shortstory.writers.procedural.guards import Guards, specific_words
from shortstory.writers.procedural.layout import Unit
from shortstory.writers.procedural.realiser import Realiser, SlotUnavailable
from shortstory.writers.procedural.writer import JUDGE_ROUNDS, genre_lexicon, lexicon

GENRES = [g.id for g in catalog.genres()]
KINDS = ("locate", "sense", "act", "think", "memory", "world")
MIN_TEMPLATES = 12
CHARACTER = MAREN
IDEA = LIGHTHOUSE
THEME = STRANGERS
SPEECH_TAG = re.compile(
    r"\b(said|says|asked|asks|answered|answers|replied|replies|told|tells|offered|offers|"
    r"added|adds|admitted|admits|wanted to know|wants to know)\b"
)
WRITER = ProceduralWriter()


def _request(genre: str, pov: str = "close_third", tense: str = "past", words: int = 1500,
             seed: int = 7, character: dict | None = None, idea: str = IDEA) -> StoryRequest:
    return StoryRequest.model_validate({
        "premise": {"idea": idea, "character": character or CHARACTER, "theme": THEME},
        "genre": genre, "structure": "freytag",
        "scaffold": {"pov": pov, "tense": tense, "style": "plain"},
        "target_words": words, "seed": seed,
    })


@lru_cache(maxsize=16)
def _pools(genre: str) -> dict[str, list[str]]:
    data = json.loads((GENRE_SCENES / f"{genre}.json").read_text(encoding="utf-8"))
    assert isinstance(data.get("_doc"), str) and data["_doc"], f"{genre}: no _doc"
    return data["pools"]


def _units(plan: StoryPlan) -> list[Unit]:
    """The story's units as the writer keeps them (composed, fitted, judged and repaired)."""
    genre = catalog.genre(plan.outline.genre)
    composer = Composer(plan, genre, genre_lexicon(genre.id), Random(plan.seed))
    beats = [composer.compose_beat(beat) for beat in plan.outline.beats]
    composer.fit(beats, plan.target_words)
    for _ in range(JUDGE_ROUNDS):
        flagged = composer.judge(beats)
        if not flagged:
            break
        composer.repair(beats, flagged)
        composer.fit(beats, plan.target_words)
    return [unit for units in beats for unit in units]


def _sentence_keys(text: str) -> set[str]:
    keys = set()
    for sentence in split_sentences(text):
        words = [w.lower for w in iter_words(sentence.text)]
        if len(words) >= 3:
            keys.add(" ".join(words))
    return keys


def said_share(text: str) -> tuple[int, int]:
    """("said"/"says" tags, all attributions): a speech tag or an action beat beside the line.

    A line alone in its paragraph, in an exchange of two, is attributed by alternation and
    counts as neither.
    """
    said = attributions = 0
    for paragraph in text.split("\n\n"):
        quotes = list(re.finditer(r"“[^”]*”", paragraph))
        narration = re.sub(r"“[^”]*”", "", paragraph).strip(" ,.")
        for quote in quotes:
            after = paragraph[quote.end() : quote.end() + 40]
            before = paragraph[max(0, quote.start() - 40) : quote.start()]
            tag = (re.match(r"\s+(?:\w+\s+){0,2}?" + SPEECH_TAG.pattern, after)
                   or re.search(SPEECH_TAG.pattern + r"[,:]?\s*$", before))
            if tag:
                attributions += 1
                said += tag.group(1) in {"said", "says"}
            elif narration and len(quotes) == 1:
                attributions += 1
    return said, attributions


@pytest.mark.parametrize("genre", GENRES)
def test_genre_file_has_every_scene_kind_with_enough_templates(genre: str) -> None:
    pools = _pools(genre)
    shared = lexicon()["pools"]
    assert set(pools) <= set(shared), f"{genre}: kinds the composer never asks for"
    for kind in KINDS:
        assert len(pools.get(kind, [])) >= MIN_TEMPLATES, (genre, kind)
    templates = [t for pool in pools.values() for t in pool]
    assert len(templates) == len(set(templates)), f"{genre}: a template twice"
    assert not set(templates) & {t for pool in shared.values() for t in pool}, (
        f"{genre}: a template also in the shared pools"
    )


@pytest.mark.parametrize("genre", GENRES)
def test_genre_templates_realise_in_every_pov_and_tense_without_flaw(genre: str) -> None:
    """Every template renders (or fails only for want of material), keeps POV and tense, holds
    no cliché, and (in first person, where no name helps) names something of the story in each
    sentence, as the repetition guards demand of a scene unit."""
    problems = []
    for pov, tense in POV_TENSE:
        plan = plan_story(_request(genre, pov, tense, character={**CHARACTER, "name": "Tomasz Ilić",
                                                               "pronouns": "he/him"},
                                   idea="A surveyor mapping a flooded valley keeps finding the "
                                        "same drowned bell tower."))
        names = [plan.character.name, *(m.name for m in plan.world.cast)]
        guards = Guards({w.lower for n in names for w in iter_words(n)},
                        specific_words(plan, set(names)),
                        tuple(frozenset(w.lower for w in iter_words(m.name))
                              for m in plan.world.cast))
        for kind, pool in _pools(genre).items():
            for template in pool:
                realiser = Realiser(plan, catalog.genre(genre), genre_lexicon(genre), Random(5))
                realiser.clue_index = 0  # a clue in hand, so that {thing} and {obj} render
                try:
                    text = realiser.fill(template)
                except SlotUnavailable:
                    continue
                issues = lint_pov_tense(text, pov, tense, names)
                if issues or find_cliches(text):
                    problems.append(f"{pov}/{tense} {kind}: {text} {issues}")
                if pov == "first" and "{q" not in template:
                    sentences, _ = guards._read(text)
                    if any(guards._own(s) is False for s in sentences):
                        problems.append(f"{kind}: a sentence naming nothing of the story: {text}")
    assert problems == []


@pytest.mark.parametrize("genre", GENRES)
def test_most_scene_units_of_a_story_come_from_its_genre(genre: str) -> None:
    for pov, tense, seed in (("first", "past", 3), ("close_third", "present", 4)):
        units = _units(plan_story(_request(genre, pov, tense, seed=seed)))
        scene = [u for u in units if not u.core]
        own = sum(u.own for u in scene)
        assert own >= 0.5 * len(scene), f"{genre}: {own} of {len(scene)} scene units its own"


@lru_cache(maxsize=1)
def _one_premise_in_every_genre() -> dict[str, str]:
    # The genres' own texture, told without the idea's action scenes: those are common to
    # every genre by design (test_action_families holds their variety).
    with patch("shortstory.writers.procedural.action_staging.read_action", return_value=None):
        writer = ProceduralWriter()  # no render cache from stories told with their action
        return {genre: writer.render(plan_story(_request(genre))) for genre in GENRES}


def test_one_premise_told_in_every_genre_shares_few_sentences() -> None:
    """Measured: worst pair 19.7 % before genre pools (historical and literary shared the same
    texture and the same core choices); 2.8 % with them. Other seeds of this premise measure
    1.9-3.7 %: the bar holds for this one, not for every premise."""
    stories = {g: _sentence_keys(text) for g, text in _one_premise_in_every_genre().items()}
    worst = max(
        (len(stories[a] & stories[b]) / min(len(stories[a]), len(stories[b])), a, b)
        for a, b in itertools.combinations(GENRES, 2)
    )
    assert worst[0] <= 0.03, f"{worst[1]} and {worst[2]} share {worst[0]:.1%} of sentences"


def test_close_third_attributes_dialogue_mostly_without_said() -> None:
    """Measured on these stories: 56 % before (38 of 68, most exchanges tagged "said"), 9 % after
    (10 of 111)."""
    said = attributions = 0
    for text in _one_premise_in_every_genre().values():
        s, a = said_share(text)
        said += s
        attributions += a
    assert attributions >= 50, "too little dialogue to judge"
    assert said <= 0.35 * attributions, f"{said} of {attributions} attributions are said/says"


def test_said_share_counts_tags_and_beats_but_not_alternation() -> None:
    text = ("“Come in,” Ada said.\n\n“Thanks.”\n\nAda shut the door. “Tea?”\n\n"
            "“Please,” Tom answered.")
    assert said_share(text) == (1, 3)


def test_the_want_is_said_only_where_the_story_opens_and_ends() -> None:
    """A want of six words or more may be said twice (the repetition cap): the opening says it
    and the ending answers it; a third use elsewhere left a 7,500-word story without its end."""
    from shortstory.writers.procedural.scenes import scene_library

    for genre in GENRES:
        own, shared = scene_library(genre)
        for pools in (own, shared):
            for pool, scenes in pools.items():
                if pool in {"opening", "end_resolved", "end_refused"}:
                    continue
                for scene in scenes:
                    assert not any("{want" in line for line in scene.lines), scene.key
