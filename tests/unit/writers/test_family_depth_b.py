"""Families with real middles (fam13b): a family of only one or two middle scenes filled its
story's middle with scenes that fit any story (a stray dog, a borrowed handcart), so a story
about delivering a baby drifted into generic events, and the same events recurred across
unrelated stories. Each family here carries at least five middle steps of its own and a crisis,
and two ways to begin trying and to end either way."""

from __future__ import annotations

import pytest

from shortstory.writers.procedural.actions import families

DEEPENED = ("deliver", "meet", "steal", "compete", "grow", "perform", "sell", "rescue", "escape",
            "protect", "lose", "inherit", "hide", "search")


@pytest.mark.parametrize("family", DEEPENED)
def test_the_family_has_five_middle_steps_and_a_crisis(family: str) -> None:
    pools = families()[family]
    assert len(pools["middle"]) >= 5, family
    assert len(pools.get("crisis", [])) >= 1, family


@pytest.mark.parametrize("family", DEEPENED)
def test_the_family_has_two_attempts_and_two_endings_each_way(family: str) -> None:
    pools = families()[family]
    for pool in ("attempt", "end_resolved", "end_refused"):
        assert len(pools[pool]) >= 2, (family, pool)
