"""The protagonist's full name given in second- and first-person narration, particles and all."""

from __future__ import annotations

import pytest

from shortstory.analysis.pov import lint_pov_tense

CAST = ["Bram de Vries", "Leila Marchetti"]


@pytest.mark.parametrize("sentence", [
    "The letter on the mat was addressed to Bram de Vries, in a hand you did not know.",
    "Leila introduced you to a stranger as Bram de Vries, surname and all.",
    "The name painted on the door was Bram de Vries, though nobody used the surname.",
])
def test_a_name_given_with_its_particle_is_no_slip(sentence: str) -> None:
    assert lint_pov_tense(sentence, "second", "past", CAST) == []


def test_the_name_used_is_still_a_slip_once() -> None:
    issues = lint_pov_tense("Leila handed Bram de Vries the keys.", "second", "past", CAST)
    assert [i.text for i in issues] == ["Bram"]
    issues = lint_pov_tense("Leila gave the keys to Bram.", "first", "past", CAST)
    assert [i.text for i in issues] == ["Bram"]
