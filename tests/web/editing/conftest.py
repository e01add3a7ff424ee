"""Fixtures for the editing tests: the example programme, accounts, an app that edits it."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tomgraph.store import EmbeddedStore, load_bundled
from tomgraph.web import create_app

sys.path.insert(0, str(Path(__file__).parent))
from editing_support import make_users  # noqa: E402


@pytest.fixture
def edit_store() -> Iterator[EmbeddedStore]:
    store = EmbeddedStore()
    load_bundled(store)
    yield store
    store.close()


@pytest.fixture(scope="session")
def _users_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_users(tmp_path_factory.mktemp("users") / "users.json")


@pytest.fixture
def users_path(_users_template: Path, tmp_path: Path) -> Path:
    """The test accounts (hashed once per session: argon2 is slow on purpose)."""
    path = tmp_path / "users.json"
    shutil.copyfile(_users_template, path)
    return path


@pytest.fixture
def audit_path(tmp_path: Path) -> Path:
    return tmp_path / "audit.jsonl"


@pytest.fixture
def edit_app(edit_store: EmbeddedStore, users_path: Path, audit_path: Path) -> Flask:
    return create_app(
        {"TESTING": True, "QUERY_WORKERS": 0, "USERS_FILE": str(users_path),
         "AUDIT_LOG": str(audit_path)},
        store=edit_store,
    )
