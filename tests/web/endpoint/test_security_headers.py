"""Security headers on every response, CORS on /sparql, and the CSRF helper forms rely on."""

from __future__ import annotations

import re

import pytest
from flask import Flask, render_template_string
from flask.testing import FlaskClient

from tomgraph.store import EmbeddedStore
from tomgraph.web import create_app
from tomgraph.web.security import bearer_token_matches, require_csrf


class TestHeaders:
    def test_every_response_carries_the_security_headers(self, client: FlaskClient) -> None:
        for response in (
            client.get("/sparql", query_string={"query": "ASK {}"}),
            client.get("/sparql", query_string={"query": "ASK {"}),  # an error, too
            client.get("/no-such-page"),
        ):
            csp = response.headers["Content-Security-Policy"]
            assert "script-src 'self'" in csp and "unsafe-inline" not in csp
            assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            assert response.headers["Referrer-Policy"] == "same-origin"

    def test_cors_lets_browser_clients_on_other_origins_query(self, client: FlaskClient) -> None:
        response = client.get("/sparql", query_string={"query": "ASK {}"},
                              headers={"Origin": "https://yasgui.example"})
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "Tomgraph-Results-Truncated" in response.headers["Access-Control-Expose-Headers"]

    def test_cors_preflight(self, client: FlaskClient) -> None:
        response = client.options("/sparql", headers={
            "Origin": "https://yasgui.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        })
        assert response.status_code == 204
        assert "POST" in response.headers["Access-Control-Allow-Methods"]
        assert "Content-Type" in response.headers["Access-Control-Allow-Headers"]


@pytest.mark.parametrize(
    ("header", "ok"),
    [
        ("Bearer right-token-0123456789", True),
        ("bearer right-token-0123456789", True),
        ("Bearer wrong-token-0123456789", False),
        ("Bearer right-token", False),
        ("Basic right-token-0123456789", False),
        ("", False),
        (None, False),
    ],
)
def test_bearer_token_check(header: str | None, ok: bool) -> None:
    assert bearer_token_matches("right-token-0123456789", header) is ok


def test_no_token_configured_never_matches() -> None:
    assert bearer_token_matches(None, "Bearer ") is False
    assert bearer_token_matches("", "Bearer ") is False


@pytest.fixture
def form_app() -> Flask:
    """An app with a state-changing form, as the pages use the CSRF helper."""
    app = create_app({"TESTING": True, "SECRET_KEY": "test"}, store=EmbeddedStore())

    @app.get("/form")
    def form() -> str:
        return render_template_string(
            '<form method="post"><input name="csrf_token" value="{{ csrf_token() }}"></form>'
        )

    @app.post("/form")
    @require_csrf
    def change() -> str:
        return "changed"

    return app


class TestCsrf:
    def test_a_form_post_with_the_session_token_is_accepted(self, form_app: Flask) -> None:
        client = form_app.test_client()
        token = re.search(r'value="([^"]+)"', client.get("/form").text)
        assert token is not None
        assert client.post("/form", data={"csrf_token": token.group(1)}).text == "changed"

    def test_the_token_may_come_in_a_header(self, form_app: Flask) -> None:
        client = form_app.test_client()
        token = re.search(r'value="([^"]+)"', client.get("/form").text)
        assert token is not None
        response = client.post("/form", headers={"X-CSRF-Token": token.group(1)})
        assert response.status_code == 200

    @pytest.mark.parametrize("sent", [None, "forged"])
    def test_a_post_without_the_right_token_is_400(self, form_app: Flask,
                                                   sent: str | None) -> None:
        client = form_app.test_client()
        client.get("/form")
        data = {"csrf_token": sent} if sent else {}
        assert client.post("/form", data=data).status_code == 400

    def test_a_token_from_another_session_is_refused(self, form_app: Flask) -> None:
        other = form_app.test_client()
        token = re.search(r'value="([^"]+)"', other.get("/form").text)
        assert token is not None
        victim = form_app.test_client()
        victim.get("/form")
        assert victim.post("/form", data={"csrf_token": token.group(1)}).status_code == 400
