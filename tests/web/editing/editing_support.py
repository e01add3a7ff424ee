"""Helpers the editing tests share: accounts, signing in, and reading forms like a browser."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from flask.testing import FlaskClient

from tomgraph.users import UsersFile

MET = "https://w3id.org/tomgraph/example/met/"
CAPABILITY = MET + "cap-forensics-scene-attendance"
PASSWORD = "correct horse battery"
ACCOUNTS = {"lead": "editor", "viewer": "viewer", "admin": "admin", "other": "editor"}


def make_users(path: Path) -> Path:
    users = UsersFile(path)
    for name, role in ACCOUNTS.items():
        users.add(name, PASSWORD, role)
    return path


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no CSRF token"
    return found.group(1)


def sign_in(client: FlaskClient, name: str, password: str = PASSWORD) -> int:
    token = csrf_of(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"username": name, "password": password,
                                           "csrf_token": token})
    return response.status_code


class _FormReader(HTMLParser):
    """The values a browser would submit for the entity form: every named control except
    buttons and unticked boxes (the load benchmark posts through this reader too)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._in_form = False
        self._select: str | None = None
        self._selected: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and "entity-form" in a.get("class", ""):
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select, self._selected = a.get("name"), ""
        elif tag == "option" and self._select is not None and "selected" in a:
            self._selected = a.get("value", "")
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "select" and self._select is not None:
            self.fields.append((self._select, self._selected or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, self._text))
            self._textarea = None


def form_fields(html: str) -> list[tuple[str, str]]:
    reader = _FormReader()
    reader.feed(html)
    return reader.fields


def with_value(fields: list[tuple[str, str]], key: str, value: str) -> list[tuple[str, str]]:
    """The form with the first input of ``key`` set to ``value``."""
    out, done = [], False
    for name, old in fields:
        if name == key and not done:
            out.append((name, value))
            done = True
        else:
            out.append((name, old))
    return out
