"""The outline stage: beats shaped by structure and genre, scaled to the target length.

A structure gives an ordered list of beats with weights; the outline keeps its shape but scales
the *number* of beats to the length (about one beat per 220 words, never fewer than three) and
shares the word budget by weight so that the budgets sum exactly to the target.
"""

from __future__ import annotations

from random import Random
from typing import Any

from shortstory.pipeline.catalog import Genre, Structure
from shortstory.pipeline.models import Premise
from shortstory.pipeline.plan import Beat, Outline, World

WORDS_PER_BEAT = 220
MIN_BEATS = 3
MAX_BEATS = 34

FUNCTIONS = ("opening", "disturbance", "pursuit", "complication", "turn", "crisis", "resolution")
"""The engine's beat functions, in the order a story meets them."""


def beat_count(target_words: int, shape_length: int) -> int:
    """How many beats a story of ``target_words`` gets (``shape_length`` is the structure's)."""
    wanted = round(target_words / WORDS_PER_BEAT)
    if target_words >= 600:
        # Long enough to show the whole shape of the structure.
        wanted = max(wanted, shape_length)
    return max(MIN_BEATS, min(MAX_BEATS, wanted))


def _choose_slots(slots: list[dict[str, Any]], count: int, genre: Genre, rng: Random) -> list[dict]:
    turn = next(i for i, slot in enumerate(slots) if slot["role"] == "turn")
    if count <= len(slots):
        keep = {0, turn, len(slots) - 1}
        by_weight = sorted(
            (i for i in range(len(slots)) if i not in keep),
            key=lambda i: (-slots[i]["weight"], i),
        )
        keep.update(by_weight[: max(0, count - len(keep))])
        return [slots[i] for i in sorted(keep)]
    middles = [s for s in slots[:turn] if s["part"] == "middle"] or [
        {"role": "development", "part": "middle", "weight": 1.0, "purpose": "the pursuit deepens"}
    ]
    shapes = list(genre.beat_shapes.middle)
    rng.shuffle(shapes)
    extras = []
    for n in range(count - len(slots)):
        base = middles[n % len(middles)]
        extras.append({**base, "purpose": shapes[n % len(shapes)]})
    # Extra beats go before the turn so the turn keeps its surprise late in the story.
    return slots[:turn] + extras + slots[turn:]


def _function_of(position: int, slots: list[dict[str, Any]]) -> str:
    slot = slots[position]
    last = len(slots) - 1
    turn = next(i for i, s in enumerate(slots) if s["role"] == "turn")
    if position == turn:
        return "turn"
    if position == 0:
        return "opening"
    if position == last:
        return "resolution"
    if position > turn:
        return "crisis"
    if slot["part"] == "beginning":
        return "disturbance"
    return "pursuit" if position % 2 else "complication"


def share_budget(weights: list[float], total: int) -> list[int]:
    """Split ``total`` in proportion to ``weights`` into integers that sum exactly to ``total``."""
    whole = sum(weights)
    raw = [total * w / whole for w in weights]
    shares = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (shares[i] - raw[i], i))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares


def summarise(function: str, world: World, premise: Premise) -> str:
    """One line saying what happens in a beat of this function, for a reader of the outline."""
    name = premise.character.name
    want = premise.character.want or "what they came for"
    ally = world.member("ally").name if world.cast else "a stranger"
    rival = world.member("obstacle").name if world.cast else "a stranger"
    place = world.places[0] if world.places else world.setting
    theme = premise.theme or "the cost of wanting"
    lines = {
        "opening": f"{name} at {place}, {world.time}; the want ({want}) stated.",
        "disturbance": f"The idea breaks in: {premise.idea[:120]}; {ally} brings word.",
        "pursuit": f"{name} goes after it; the obstacle shows: {world.obstacle}.",
        "complication": f"{rival} stands in the way; what is at stake: {world.stakes}.",
        "turn": f"The unforeseen turn: {world.turn}.",
        "crisis": f"{name} must choose, knowing now what the turn revealed.",
        "resolution": f"The want is {world.resolution}; the theme ({theme}) lands.",
    }
    return lines[function]


def build_outline(
    structure: Structure,
    genre: Genre,
    target_words: int,
    world: World,
    premise: Premise,
    rng: Random,
) -> Outline:
    """Shape the beats of a story of ``target_words`` from ``structure`` and ``genre``."""
    slots = [beat.model_dump() for beat in structure.beats]
    if slots[-1]["role"] == "turn":
        slots.append(
            {"role": "resolution", "part": "end", "weight": 1.0, "purpose": "the aftermath"}
        )
    count = beat_count(target_words, len(slots))
    chosen = _choose_slots(slots, count, genre, rng)
    budgets = share_budget([slot["weight"] for slot in chosen], target_words)
    beats = []
    for index, (slot, budget) in enumerate(zip(chosen, budgets, strict=True)):
        function = _function_of(index, chosen)
        beats.append(
            Beat(
                index=index,
                role=slot["role"],
                part=slot["part"],
                purpose=slot["purpose"],
                summary=summarise(function, world, premise),
                target_words=budget,
                function=function,
            )
        )
    return Outline(beats=beats, structure=structure.id, genre=genre.id)
