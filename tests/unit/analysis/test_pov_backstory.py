"""How far a backstory marker excuses the past in present-tense narration."""

from __future__ import annotations

from shortstory.analysis.pov import lint_pov_tense


def _tense_slips(text: str) -> list[str]:
    return [i.text for i in lint_pov_tense(text, "close_third", "present", ["Tomas Ruel"])
            if i.kind == "tense"]


def test_a_memory_of_a_few_sentences_stays_in_the_past() -> None:
    text = ("Tomas ties off the line. Years ago he worked the big ferries. He was good at it. "
            "He liked the night crossings best. Now he checks the sky again.")
    assert _tense_slips(text) == []


def test_one_marker_does_not_excuse_a_whole_passage_in_the_past() -> None:
    """A small model's beat: one 'years' early on, then everything in the past."""
    text = ("He had spent years on the water. He walked to the rail. He looked at the "
            "passenger. She smiled at him. He turned away. He took the wheel. He said nothing. "
            "He steered for the far shore.")
    slips = _tense_slips(text)
    assert slips and slips[0] == "took"  # the marker and four sentences after it are excused
    assert "steered" in slips


def test_each_new_marker_renews_the_memory() -> None:
    text = ("Years ago he sailed to the islands. He was young. He was happy. He was foolish. "
            "Last summer he went back. The harbour was gone. He stood there. He wept.")
    assert _tense_slips(text) == []
