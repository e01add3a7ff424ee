"""Editor saves for the load mix: signed-in sessions posting the real edit form.

Each client signs in as its own editor account (a users file made for the run), opens
``/edit?iri=...`` as a browser would (the CSRF token and the entity's version come with
the form), changes the label and posts the form back. Every client edits capabilities of
its own, so a save never meets another's change, except the one capability every client
also edits on purpose now and then: there a 409 (the form was stale) is the right answer.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import requests

PASSWORD = "load test editor password"
SHARED = 0
"""Index (in the capability list) of the capability all clients edit on purpose."""


def make_users(path: Path, clients: int) -> Path:
    """A users file with one editor account per client: ``editor0``, ``editor1``, ..."""
    from tomgraph.users import UsersFile

    users = UsersFile(path)
    for n in range(clients):
        users.add(f"editor{n}", PASSWORD, "editor")
    return path


def sign_in(session: requests.Session, base: str, name: str) -> None:
    page = session.get(base + "/login", timeout=60).text
    token = _csrf(page)
    response = session.post(base + "/login", timeout=60, allow_redirects=False,
                            data={"username": name, "password": PASSWORD, "csrf_token": token})
    if response.status_code not in (302, 303):
        raise RuntimeError(f"sign-in as {name} failed: HTTP {response.status_code}")


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    if not found:
        raise RuntimeError("the page has no CSRF token")
    return found.group(1)


def form_fields(html: str) -> list[tuple[str, str]]:
    """What a browser submits from the entity form: the editing tests' own form reader, so the
    load posts exactly what the tests prove the server accepts."""
    import sys

    support = str(Path(__file__).resolve().parents[1] / "tests/web/editing")
    if support not in sys.path:
        sys.path.insert(0, support)
    from editing_support import form_fields as read

    return read(html)


def edit_target(iris: list[str], client: int, clients: int, rng: random.Random) -> str:
    """A capability only this client edits; one time in ten the one every client edits."""
    if rng.random() < 0.1 or len(iris) <= clients:
        return iris[SHARED]
    own = iris[1 + client::clients]
    return rng.choice(own) if own else iris[SHARED]


def renamed_form(html: str, rename: Callable[[str], str], comment: str) -> list[tuple[str, str]]:
    """What a browser posts from the entity form in ``html`` after a person renames it: its
    first label box changed by ``rename``, and ``comment`` as the save's comment."""
    from tomgraph.namespaces import RDFS
    from tomgraph.web.editing.form_spec import field_key

    label_key = field_key(RDFS + "label")
    fields, done = [], False
    for name, value in form_fields(html):
        if name == label_key and not done:
            value, done = rename(value), True
        elif name == "comment":
            value = comment
        fields.append((name, value))
    if not any(name == "comment" for name, _ in fields):
        fields.append(("comment", comment))
    return fields


def save(session: requests.Session, base: str, iri: str, n: int) -> int:
    """Open the form for ``iri``, change its label and post it; the status of the post (302
    when saved, 409 when another client saved the same entity in between)."""
    page = session.get(f"{base}/edit?iri={quote(iri, safe='')}", timeout=120)
    if page.status_code != 200:
        return page.status_code
    fields = renamed_form(page.text, lambda label: f"{label.split(' (edit')[0]} (edit {n})",
                          "load test edit")
    response = session.post(base + "/edit", data=fields, timeout=120, allow_redirects=False)
    return response.status_code
