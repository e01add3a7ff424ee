"""A compare-and-set write: apply a change only while an entity still reads as expected.

Optimistic editing checks that nobody saved an entity since its form was loaded. Checking
in the web process and then writing leaves a gap in which another web server (sharing a
remote store) can save the same entity, and one of the two saves would be lost. Here the
check is the ``WHERE`` of the very update that writes: the update deletes and inserts only
when the entity's statements in the model graph are exactly the expected ones, and a SPARQL
1.1 update request is atomic, so no other writer can come between the check and the write.
Whether it wrote is read back afterwards (a statement only this change adds).
"""

from __future__ import annotations

from collections.abc import Sequence

from pyoxigraph import BlankNode, DefaultGraph, NamedNode, Quad

from ..errors import StoreError


def _graph(q: Quad) -> str:
    from ..namespaces import MODEL_GRAPH

    return MODEL_GRAPH if isinstance(q.graph_name, DefaultGraph) else q.graph_name.value


def _block(quads: Sequence[Quad]) -> str:
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        by_graph.setdefault(_graph(q), []).append(f"{q.subject} {q.predicate} {q.object} .")
    return "\n".join(f"GRAPH <{g}> {{ {' '.join(lines)} }}" for g, lines in by_graph.items())


def guarded_update_text(
    added: Sequence[Quad], removed: Sequence[Quad], subject: NamedNode,
    expected: Sequence[Quad],
) -> str:
    """``DELETE {removed} INSERT {added} WHERE {subject reads exactly expected}``."""
    from ..namespaces import MODEL_GRAPH

    for q in (*removed, *expected):
        if isinstance(q.subject, BlankNode) or isinstance(q.object, BlankNode):
            raise StoreError(f"cannot guard or remove a triple with a blank node: {q.triple}")
    pairs = sorted({f"{q.predicate} {q.object}" for q in expected})
    if pairs:
        known = " || ".join(
            f"(sameTerm(?p, {p.split(' ', 1)[0]}) && sameTerm(?o, {p.split(' ', 1)[1]}))"
            for p in pairs)
        present = " ".join(f"{subject} {p} ." for p in pairs)
        guard = (f"GRAPH <{MODEL_GRAPH}> {{ {present} }} FILTER NOT EXISTS {{ "
                 f"GRAPH <{MODEL_GRAPH}> {{ {subject} ?p ?o }} FILTER(!({known})) }}")
    else:
        guard = f"FILTER NOT EXISTS {{ GRAPH <{MODEL_GRAPH}> {{ {subject} ?p ?o }} }}"
    return (f"DELETE {{ {_block(removed)} }}\nINSERT {{ {_block(added)} }}\n"
            f"WHERE {{ {guard} }}")


def ask_text(q: Quad) -> str:
    """``ASK`` whether the quad is in the store."""
    return f"ASK {{ GRAPH <{_graph(q)}> {{ {q.subject} {q.predicate} {q.object} }} }}"
