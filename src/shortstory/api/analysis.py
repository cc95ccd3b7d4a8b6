"""``POST /analysis``: everything the analysis library says about a text; ``POST
/analysis/premise``: how generic a premise looks, before a story is made from it."""

from __future__ import annotations

from flask import Blueprint, Response

from shortstory.api.openapi import documented
from shortstory.api.request_bodies import parse_body
from shortstory.api.responses import json_response
from shortstory.api.schemas.analysis import (
    AnalysisRequest,
    AnalysisResponse,
    PremiseCheckRequest,
    PremiseCheckResponse,
)
from shortstory.web.auth import require_user

blueprint = Blueprint("analysis", __name__)


@blueprint.post("/analysis")
@documented(summary="Analyse a text (<= 7,500 words): cliches, memorability, voice, "
            "readability, word count", tag="analysis", body=AnalysisRequest,
            response=AnalysisResponse, errors=(422,))
def analyse() -> Response:
    """Run the full analysis on the body's text (and its character, when given)."""
    from shortstory.analysis import analyze

    require_user()
    body = parse_body(AnalysisRequest)
    characters = [body.character] if body.character is not None else None
    report = analyze(body.text, scaffold=body.scaffold, characters=characters)
    return json_response(AnalysisResponse.model_validate(report.to_dict()))


@blueprint.post("/analysis/premise")
@documented(summary="Premise flags: generic ideas, stock characters and cliched themes, each "
            "with the field, the words and a suggestion (advice, never a refusal)",
            tag="analysis", body=PremiseCheckRequest, response=PremiseCheckResponse,
            errors=(422,))
def check_premise() -> Response:
    """What the pipeline's premise stage would flag in the body's premise."""
    from shortstory.analysis import check_premise as premise_flags

    require_user()
    body = parse_body(PremiseCheckRequest)
    flags = premise_flags(body.idea, body.character, body.theme or None)
    return json_response(PremiseCheckResponse.model_validate(
        {"flags": [flag.to_dict() for flag in flags]}))
