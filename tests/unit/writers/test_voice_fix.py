"""Slips the judge fixes word by word when a model does not rewrite them."""

from __future__ import annotations

import pytest

from shortstory.analysis.pov import lint_pov_tense
from shortstory.writers.voice_fix import fix_voice, pronoun_set


def test_first_person_takes_back_the_name_and_its_pronouns_and_verbs_agree() -> None:
    text = ('Lena walked in. She looks at her laptop and pushes it away from herself. '
            'The summit was loud. "I was there," she said.')
    fixed, changed = fix_voice(text, "first", "present", ["Lena Varga"], "she/her")
    assert fixed == ('I walk in. I look at my laptop and push it away from myself. '
                     'The summit is loud. "I was there," she says.')
    assert changed == 9
    assert not lint_pov_tense(fixed, "first", "present", ["Lena Varga"])


def test_the_whole_name_goes_and_speech_is_never_touched() -> None:
    text = 'Maud Tillery was a cook at the lighthouse. "Maud Tillery was here," said the sign.'
    fixed, _ = fix_voice(text, "first", "past", ["Maud Tillery"], "she/her")
    assert fixed.startswith("I was a cook at the lighthouse.")
    assert '"Maud Tillery was here,"' in fixed


def test_second_person_gives_the_protagonist_back_to_you() -> None:
    text = "Priya was at the desk. She checks her watch and writes the time down."
    fixed, _ = fix_voice(text, "second", "present", ["Priya Nair"], "she/her")
    assert fixed == "You are at the desk. You check your watch and write the time down."


def test_close_third_narration_loses_its_i_and_keeps_case_mid_sentence() -> None:
    text = "I walk to the pier. I looked at the boat and I had a knife."
    fixed, _ = fix_voice(text, "close_third", "present", ["Dev Anand"], "he/him")
    assert fixed.startswith("He walks to the pier. He looks at the boat and he ")


def test_past_auxiliaries_take_their_present_after_i() -> None:
    fixed, _ = fix_voice("I was tired. The ferry was late.", "first", "present", ["Ines"],
                         "she/her")
    assert fixed == "I am tired. The ferry is late."


def test_clean_prose_is_left_as_it_is() -> None:
    text = "I lifted the lid. The frames were empty. Mairead had gone years before; she wrote."
    assert fix_voice(text, "first", "past", ["Oona", "Mairead"], "she/her") == (text, 0)


@pytest.mark.parametrize(("pronouns", "expected"), [
    ("she/her", ("she", "her", "her", "herself")), ("he/him", ("he", "him", "his", "himself")),
    ("they/them", ("they", "them", "their", "themselves")), ("ze/zir", ("they", "them", "their",
                                                                         "themselves"))])
def test_pronoun_sets(pronouns: str, expected: tuple[str, ...]) -> None:
    assert pronoun_set(pronouns) == expected
