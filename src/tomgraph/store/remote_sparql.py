"""Pre-bound variables for a server that has no such feature, and what the remote store asks
of a query's text; both answered by the one SPARQL layer (:mod:`tomgraph.sparql`).

The embedded store pre-binds natively where it can (pyoxigraph ``substitutions``). The SPARQL
1.1 Protocol has no equivalent, so the remote store always writes the bindings into the
query as ``VALUES`` blocks (:func:`tomgraph.sparql.values.bind`), with the same meaning:

    SELECT ?c ?label WHERE { ?c rdfs:label ?label }      with  c = <https://…/cap1>
    SELECT ?c ?label WHERE { VALUES ?c { <https://…/cap1> } ?c rdfs:label ?label }

Terms are written in N-Triples syntax; blank nodes cannot be bound (a server's blank nodes
have no name a client may use) and neither can RDF-star triples.
"""

from __future__ import annotations

from ..sparql.structure import parse
from ..sparql.values import Bindings, bind


def with_bindings(sparql: str, bindings: Bindings) -> str:
    """``sparql`` with ``bindings`` written in as VALUES blocks."""
    if not bindings:
        return sparql
    return bind(sparql, bindings, triples=False)


def query_form(sparql: str) -> str | None:
    """``SELECT``, ``CONSTRUCT``, ``ASK``, ``DESCRIBE`` or ``UPDATE``; ``None`` if none."""
    return parse(sparql).form


def mentions_graph_keyword(sparql: str) -> bool:
    """Whether the query uses ``GRAPH`` (so it needs the named graphs in its dataset)."""
    return parse(sparql).has_keyword("GRAPH")
