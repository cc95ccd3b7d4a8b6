"""Memorability: six dimensions with reasons, a documented weighted sum, and stability."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from shortstory.analysis.memorability import WEIGHTS, score_memorability

VIVID = (
    "The lamp was lit again when Maren reached the top, all two hundred and twelve stairs "
    "behind her. Tom was already there, wiping tar from his knuckles with a rag that smelled "
    "of diesel.\n\n"
    "“You’re late,” Tom said.\n\n"
    "“I counted the stairs twice,” said Maren. “Two hundred and twelve. Always two hundred "
    "and twelve.”\n\n"
    "“Reckon the lamp don’t care how many stairs there are,” he said. “Reckon it just burns.”\n\n"
    "Salt crusted the brass rail. Below, the Kerrow rocks hissed under green water, and a "
    "gull screamed once, like a rusted hinge. She looked at his hands. The tar was still wet "
    "— but he had said he arrived at noon. Nobody arrived at noon on the ferry from Pell; it "
    "ran at four. She understood, then, who had been lighting the lamp."
)

FLAT = (
    "It was a dark and stormy night. She was very scared and her heart pounded in her chest. "
    "Something was really wrong. She felt bad. She walked to the door. She opened the door. "
    "She looked outside. It was very dark. Her blood ran cold. She was scared. She went back "
    "to bed. She was very tired. She felt something was not right. She was scared of things. "
    "At the end of the day she was just very scared."
)


def test_vivid_prose_outscores_flat_cliched_prose() -> None:
    vivid, flat = score_memorability(VIVID), score_memorability(FLAT)
    assert vivid.score > flat.score + 15
    assert vivid.dimension("specificity").score > flat.dimension("specificity").score
    assert vivid.dimension("cliche_density").score > flat.dimension("cliche_density").score
    assert flat.dimension("cliche_density").score < 50
    assert vivid.dimension("sentence_variety").score > flat.dimension("sentence_variety").score


def test_every_dimension_has_a_score_a_weight_and_a_reason() -> None:
    result = score_memorability(VIVID)
    assert [d.name for d in result.dimensions] == list(WEIGHTS)
    assert abs(sum(WEIGHTS.values()) - 1.0) < 1e-9
    for dimension in result.dimensions:
        assert 0 <= dimension.score <= 100
        assert dimension.reason and "\n" not in dimension.reason
        assert dimension.weight == WEIGHTS[dimension.name]
    assert result.score == round(sum(d.score * d.weight for d in result.dimensions))


def test_reasons_name_what_was_measured() -> None:
    flat = score_memorability(FLAT)
    assert "vague" in flat.dimension("specificity").reason
    assert "clichés" in flat.dimension("cliche_density").reason
    assert "“she”" in flat.dimension("sentence_variety").reason
    vivid = score_memorability(VIVID)
    assert "smell" in vivid.dimension("sensory_detail").reason
    assert "speakers" in vivid.dimension("voice").reason
    assert "simile" in vivid.dimension("voice").reason


def test_cliches_and_voice_can_be_passed_in() -> None:
    assert score_memorability(FLAT, cliches=[]).dimension("cliche_density").score == 100


def test_short_text_is_not_confident() -> None:
    assert score_memorability("A gull screamed.").confident is False
    assert score_memorability(VIVID).confident is True


def test_json_ready() -> None:
    data = score_memorability(VIVID).to_dict()
    assert json.loads(json.dumps(data)) == data


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from([
    "The sea was grey.", "Maren counted the stairs.", "A gull screamed like a hinge!",
    "Her heart pounded in her chest.", "Nothing moved.", "But the lamp was lit.",
    "Salt and diesel hung in the cold air.", "“Who lit it?” she asked.",
]), min_size=1, max_size=30))
def test_same_text_same_scores_within_bounds(sentences: list[str]) -> None:
    text = " ".join(sentences)
    first = score_memorability(text)
    assert first == score_memorability(text)
    assert 0 <= first.score <= 100
