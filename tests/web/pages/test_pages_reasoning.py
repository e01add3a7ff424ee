"""Reasoning on the pages: inferred facts are badged; home says whether the model is consistent."""

from __future__ import annotations

from pathlib import Path

import pytest

from tomgraph.namespaces import TOM
from tomgraph.reasoning import reason
from tomgraph.store import EmbeddedStore, load_bundled
from tomgraph.web import create_app

FIXTURES = Path(__file__).resolve().parents[2] / "reasoning" / "fixtures"
TRIAGE = "https://example.org/small/triage"


@pytest.fixture(scope="module")
def reasoned_store() -> EmbeddedStore:
    store = EmbeddedStore()
    load_bundled(store, model=False)
    store.load_files([FIXTURES / "small-consistent.ttl"])
    reason(store)
    return store


def test_home_says_the_model_has_not_been_reasoned_yet(example_store):
    client = create_app({"TESTING": True}, store=example_store).test_client()
    html = client.get("/").get_data(as_text=True)
    assert "OWL consistency" in html and "Not reasoned yet" in html


def test_home_shows_the_model_is_consistent_after_reasoning(reasoned_store):
    client = create_app({"TESTING": True}, store=reasoned_store).test_client()
    html = client.get("/").get_data(as_text=True)
    assert "Consistent: the reasoner found no contradictions" in html
    assert "Z UTC" not in html and "+00:00" not in html  # one way of saying the time zone


def test_inferred_types_carry_an_inferred_badge_on_resource_pages(reasoned_store):
    client = create_app({"TESTING": True}, store=reasoned_store).test_client()
    html = client.get("/resource", query_string={"iri": TRIAGE}).get_data(as_text=True)
    assert "Orphan" in html or "orphan" in html
    assert html.count('class="badge-inferred"') >= 2  # maturity gap and orphan capability


def test_the_switch_leaves_inferred_facts_out_of_resource_pages(reasoned_store):
    app = create_app({"TESTING": True, "INCLUDE_INFERRED": False}, store=reasoned_store)
    html = app.test_client().get("/resource", query_string={"iri": TRIAGE}).get_data(as_text=True)
    assert 'class="badge-inferred"' not in html
    assert TOM + "OrphanCapability" not in html


def test_home_explains_an_inconsistent_model():
    store = EmbeddedStore()
    load_bundled(store, model=False)
    store.load_files([FIXTURES / "small-inconsistent.ttl"])
    reason(store)
    html = create_app({"TESTING": True}, store=store).test_client().get("/").get_data(as_text=True)
    assert "Inconsistent" in html and "which are disjoint" in html


def test_an_app_asked_to_reason_on_start_shows_inferred_facts():
    store = EmbeddedStore()
    load_bundled(store, model=False)
    store.load_files([FIXTURES / "small-consistent.ttl"])
    app = create_app({"TESTING": True, "REASON_ON_START": True}, store=store)
    html = app.test_client().get("/").get_data(as_text=True)
    assert "Consistent: the reasoner found no contradictions" in html
