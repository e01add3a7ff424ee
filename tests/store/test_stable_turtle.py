"""Stable Turtle: the same model gives the same bytes whatever order it was loaded in, and
reads back as the same graph."""

from __future__ import annotations

import io
import random

import pyoxigraph as ox

from tomgraph.store import example_store
from tomgraph.store.stable_turtle import canonical_triples, write_stable_turtle


def stable(triples: list[ox.Triple]) -> bytes:
    out = io.BytesIO()
    write_stable_turtle(triples, out)
    return out.getvalue()


def example_triples() -> list[ox.Triple]:
    store = example_store()
    try:
        return list(store.query("CONSTRUCT WHERE { ?s ?p ?o }"))  # type: ignore[arg-type]
    finally:
        store.close()


def test_the_same_model_in_any_order_gives_byte_identical_turtle() -> None:
    triples = example_triples()
    shuffled = triples[:]
    random.Random(7).shuffle(shuffled)
    assert stable(triples) == stable(shuffled)


def test_stable_turtle_reads_back_as_the_same_graph() -> None:
    triples = example_triples()
    text = stable(triples)
    again = list(ox.parse(text, ox.RdfFormat.TURTLE))
    assert set(canonical_triples(again)) == set(canonical_triples(triples))


def test_blank_nodes_are_labelled_by_structure_not_by_input() -> None:
    first = b'@prefix ex: <https://example.org/> . ex:a ex:p [ ex:q "1" ; ex:r [ ex:s 2 ] ] .'
    second = (b'@prefix ex: <https://example.org/> . _:n2 ex:s 2 . _:n1 ex:r _:n2 ; ex:q "1" .'
              b' ex:a ex:p _:n1 .')
    one = stable(list(ox.parse(first, ox.RdfFormat.TURTLE)))
    two = stable(list(ox.parse(second, ox.RdfFormat.TURTLE)))
    assert one == two


def test_types_come_first_prefixes_are_only_those_used_and_literals_are_compact() -> None:
    text = stable(list(ox.parse(
        b'@prefix tom: <https://w3id.org/tomgraph/ontology#> .'
        b'<https://w3id.org/tomgraph/example/met/x> tom:level 3 ; a tom:Capability ;'
        b' tom:cashableValue 1.5 ; <http://www.w3.org/2000/01/rdf-schema#label> "X"@en .',
        ox.RdfFormat.TURTLE))).decode()
    assert text.splitlines()[:3] == [
        "@prefix met: <https://w3id.org/tomgraph/example/met/> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix tom: <https://w3id.org/tomgraph/ontology#> .",
    ]
    body = text.split("\n\n", 1)[1]
    assert body == ("met:x\n    a tom:Capability ;\n    rdfs:label \"X\"@en ;\n"
                    "    tom:cashableValue 1.5 ;\n    tom:level 3 .\n")
