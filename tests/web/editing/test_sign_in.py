"""Sign-in, sessions, CSRF, roles, proxies and the read-only default."""

from __future__ import annotations

import json
from pathlib import Path

from editing_support import CAPABILITY, PASSWORD, csrf_of, sign_in
from flask import Flask

from tomgraph.store import EmbeddedStore
from tomgraph.web import create_app


def test_an_editor_signs_in_with_a_session_cookie_that_scripts_cannot_read(
    edit_app: Flask,
) -> None:
    client = edit_app.test_client()
    token = csrf_of(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"username": "lead", "password": PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert "lead" in client.get("/").get_data(as_text=True)


def test_the_session_cookie_is_secure_over_tls(edit_app: Flask) -> None:
    client = edit_app.test_client()
    page = client.get("/login", base_url="https://localhost")
    response = client.post("/login", base_url="https://localhost", data={
        "username": "lead", "password": PASSWORD, "csrf_token": csrf_of(page.get_data(True))})
    assert "Secure" in response.headers["Set-Cookie"]


def test_a_wrong_password_is_refused_and_audited_without_the_password(
    edit_app: Flask, audit_path: Path
) -> None:
    client = edit_app.test_client()
    assert sign_in(client, "lead", "not-the-password") == 401
    assert sign_in(client, "lead") == 302
    events = [json.loads(line) for line in audit_path.read_text().splitlines()]
    assert [e["event"] for e in events] == ["login-failed", "login"]
    assert "not-the-password" not in audit_path.read_text()


def test_sign_in_is_rate_limited_after_repeated_failures(edit_app: Flask) -> None:
    client = edit_app.test_client()
    for _ in range(5):
        assert sign_in(client, "lead", "wrong-guess") == 401
    assert sign_in(client, "lead") == 429


def test_a_post_without_the_csrf_token_gets_400(edit_app: Flask) -> None:
    client = edit_app.test_client()
    assert client.post("/login", data={"username": "lead", "password": PASSWORD}).status_code \
        == 400
    sign_in(client, "lead")
    assert client.post("/edit", data={"iri": CAPABILITY}).status_code == 400
    assert client.post("/logout").status_code == 400


def test_sign_out_ends_the_session(edit_app: Flask) -> None:
    client = edit_app.test_client()
    sign_in(client, "lead")
    token = csrf_of(client.get("/").get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get(f"/edit?iri={CAPABILITY}").status_code == 401


def test_a_viewer_sees_no_edit_controls_and_gets_403_on_a_forged_post(edit_app: Flask) -> None:
    client = edit_app.test_client()
    sign_in(client, "viewer")
    page = client.get(f"/resource?iri={CAPABILITY}").get_data(as_text=True)
    assert ">Edit<" not in page and "Delete" not in page
    token = csrf_of(page)
    assert client.post("/edit", data={"iri": CAPABILITY, "csrf_token": token}).status_code == 403
    assert client.get(f"/edit?iri={CAPABILITY}").status_code == 403


def test_an_editor_sees_edit_controls_on_a_kind_the_shapes_describe(edit_app: Flask) -> None:
    client = edit_app.test_client()
    sign_in(client, "lead")
    page = client.get(f"/resource?iri={CAPABILITY}").get_data(as_text=True)
    assert ">Edit<" in page and "New Capability" in page and "Delete" in page


def test_without_a_users_file_nobody_edits(edit_store: EmbeddedStore) -> None:
    client = create_app({"TESTING": True}, store=edit_store).test_client()
    assert client.get("/login").status_code == 404
    assert client.get(f"/edit?iri={CAPABILITY}").status_code == 401
    assert "Sign in" not in client.get("/").get_data(as_text=True)


def test_require_login_gates_reading(edit_store: EmbeddedStore, users_path: Path) -> None:
    client = create_app({"TESTING": True, "USERS_FILE": str(users_path),
                         "REQUIRE_LOGIN": True}, store=edit_store).test_client()
    response = client.get("/validation")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get("/sparql?query=ASK{}").status_code == 401
    sign_in(client, "viewer")
    assert client.get("/validation").status_code == 200


def test_a_proxy_header_is_trusted_only_from_the_configured_proxy(
    edit_store: EmbeddedStore,
) -> None:
    app = create_app({"TESTING": True, "AUTH": "proxy", "TRUSTED_PROXIES": ["10.0.0.1"]},
                     store=edit_store)
    client = app.test_client()
    headers = {"X-Remote-User": "sso-lead", "X-Remote-Role": "editor"}
    trusted = client.get(f"/edit?iri={CAPABILITY}", headers=headers,
                         environ_base={"REMOTE_ADDR": "10.0.0.1"})
    assert trusted.status_code == 200
    forged = client.get(f"/edit?iri={CAPABILITY}", headers=headers,
                        environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert forged.status_code == 401


def test_sparql_updates_accept_an_editors_session_with_its_csrf_token(edit_app: Flask) -> None:
    client = edit_app.test_client()
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    assert client.post("/sparql", data={"update": update}).status_code == 403
    sign_in(client, "lead")
    token = csrf_of(client.get("/").get_data(as_text=True))
    assert client.post("/sparql", data={"update": update}).status_code == 403
    ok = client.post("/sparql", data={"update": update}, headers={"X-CSRF-Token": token})
    assert ok.status_code == 204
    sign_in(client, "viewer")
    token = csrf_of(client.get("/").get_data(as_text=True))
    assert client.post("/sparql", data={"update": update},
                       headers={"X-CSRF-Token": token}).status_code == 403
