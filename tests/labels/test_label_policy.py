"""The label policy: which literal names a resource, in which language, and what stands in
when nothing does. Read from real stores of both backends."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from tomgraph import labels
from tomgraph.changes import Changeset, commit
from tomgraph.namespaces import DCTERMS, MODEL_GRAPH, RDFS, SKOS, TOM
from tomgraph.store import Store

EX = "https://example.org/labels/"


def _write(store: Store, *facts: tuple[str, str, ox.Literal]) -> None:
    graph = ox.NamedNode(MODEL_GRAPH)
    commit(store, Changeset(added=tuple(
        ox.Quad(ox.NamedNode(EX + s), ox.NamedNode(p), o, graph) for s, p, o in facts
    )))


def _en(text: str) -> ox.Literal:
    return ox.Literal(text, language="en")


def test_skos_preflabel_is_preferred_to_rdfs_label_and_rdfs_label_to_dcterms_title(
    backend_store: Store,
) -> None:
    _write(backend_store,
           ("a", DCTERMS + "title", _en("Title")), ("a", RDFS + "label", _en("Label")),
           ("a", SKOS + "prefLabel", _en("Preferred")),
           ("b", DCTERMS + "title", _en("Title")), ("b", RDFS + "label", _en("Label")),
           ("c", DCTERMS + "title", _en("Title")))
    found = labels.lookup(backend_store, [EX + "a", EX + "b", EX + "c"])
    assert found == {EX + "a": "Preferred", EX + "b": "Label", EX + "c": "Title"}


def test_english_wins_then_untagged_then_any_other_language(backend_store: Store) -> None:
    _write(backend_store,
           ("en", SKOS + "prefLabel", ox.Literal("Kommissar", language="de")),
           ("en", RDFS + "label", ox.Literal("Commissioner", language="en-GB")),
           ("plain", RDFS + "label", ox.Literal("Kommissar", language="de")),
           ("plain", DCTERMS + "title", ox.Literal("Commissioner")),
           ("other", RDFS + "label", ox.Literal("Commissaire", language="fr")))
    found = labels.lookup(backend_store, [EX + "en", EX + "plain", EX + "other"])
    assert found == {EX + "en": "Commissioner", EX + "plain": "Commissioner",
                     EX + "other": "Commissaire"}


def test_among_equally_good_labels_the_smallest_text_wins_on_every_backend(
    backend_store: Store,
) -> None:
    _write(backend_store, ("x", RDFS + "label", _en("Zulu")), ("x", RDFS + "label", _en("Alpha")))
    assert labels.lookup(backend_store, [EX + "x"]) == {EX + "x": "Alpha"}


def test_an_iri_without_a_label_reads_as_its_prefixed_name_or_as_itself() -> None:
    assert labels.display(TOM + "Capability", {}) == "tom:Capability"
    assert labels.display(EX + "nameless", {}) == f"<{EX}nameless>"
    assert labels.display(EX + "named", {EX + "named": "Named"}) == "Named"
    assert labels.local_name(EX + "a/b#thing") == "thing"


def test_labels_of_many_iris_are_read_in_batches(backend_store: Store) -> None:
    many = labels.CHUNK + 7
    _write(backend_store, *((f"n{i}", RDFS + "label", _en(f"Node {i}")) for i in range(many)))
    found = labels.lookup(backend_store, [EX + f"n{i}" for i in range(many)] + [EX + "none"])
    assert len(found) == many and found[EX + "n3"] == "Node 3"


def test_a_literal_that_is_not_a_label_predicate_never_names_anything(
    backend_store: Store,
) -> None:
    _write(backend_store, ("d", RDFS + "comment", _en("A comment")))
    assert labels.lookup(backend_store, [EX + "d"]) == {}


@pytest.mark.parametrize("text", ["", None])
def test_a_missing_or_empty_iri_has_no_label(backend_store: Store, text: str | None
                                                    ) -> None:
    assert labels.lookup(backend_store, [text]) == {}
