"""The validation cache follows the store's version, not its size."""

from __future__ import annotations

from flask import Flask

from tomgraph.web.pages.validation_view import CACHE_KEY, ValidationState, validation_state
from tomgraph.web.store_version import store_version

NO_OP = "DELETE DATA { GRAPH <urn:g> { <urn:x> <urn:y> <urn:z> } }"
"""An update that removes nothing: a write that keeps the count."""


def test_a_write_through_tomgraph_changes_the_version_even_when_the_count_stays(
    edit_app: Flask,
) -> None:
    store = edit_app.extensions["tomgraph"]
    before = store_version(store)
    store.update(NO_OP)
    after = store_version(store)
    assert after != before and after[1] == before[1]


def test_the_cached_validation_is_recomputed_after_a_write_that_keeps_the_count(
    edit_app: Flask,
) -> None:
    store = edit_app.extensions["tomgraph"]
    stale = ValidationState(None, "stale")
    with edit_app.app_context():
        edit_app.extensions[CACHE_KEY] = (store_version(store), stale)
        assert validation_state(store) is stale
        store.update(NO_OP)
        assert validation_state(store) is not stale


def test_a_foreign_write_changes_the_version_through_the_count(edit_app: Flask) -> None:
    store = edit_app.extensions["tomgraph"]
    before = store_version(store)
    store.update("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }")
    assert store_version(store) != before
