"""The service keeps no cookie session: callers are identified by their API key alone."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask, session
from flask.sessions import NullSession


def test_no_request_opens_a_cookie_session(make_app: Callable[..., Flask]) -> None:
    app = make_app()
    with app.test_request_context("/api/v1/me"):
        app.preprocess_request()
        assert isinstance(session._get_current_object(), NullSession)  # type: ignore[attr-defined]
        with pytest.raises(RuntimeError):
            session["user"] = 1
    response = app.test_client().get("/api/v1/me", headers={"Cookie": "session=forged"})
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
