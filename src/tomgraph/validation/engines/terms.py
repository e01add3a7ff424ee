"""One spelling for RDF terms in validation results, whichever library produced them.

Engines built on rdflib and engines built on Oxigraph must produce byte-identical strings for
the same term, or their results could never be compared. Both are rendered through
Oxigraph's N-Triples writer (RDF 1.1: ``xsd:string`` literals carry no datatype), and blank
nodes collapse to ``_:`` because their labels mean nothing outside one engine's run.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, URIRef
from rdflib import Literal as RLiteral
from rdflib.term import Node

from ...store import Term
from ..results import ValidationResult

BLANK = "_:"
"""How every blank node is written in a :class:`ValidationResult`."""


def ox_nt(term: Term | None) -> str | None:
    """The N-Triples text of a pyoxigraph term (blank nodes as ``_:``)."""
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return BLANK
    return str(term)


def rdflib_to_ox(node: Node) -> Term:
    """The pyoxigraph term equal to an rdflib one (lexical forms kept as they are)."""
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, RLiteral):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype is not None:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    raise TypeError(f"not an RDF term: {node!r}")


def rdflib_nt(node: Node | None) -> str | None:
    """The N-Triples text of an rdflib term, identical to :func:`ox_nt` of the same term."""
    if node is None:
        return None
    if isinstance(node, BNode):
        return BLANK
    return str(rdflib_to_ox(node))


def ox_to_rdflib(term: Term) -> Node:
    """The rdflib term equal to a pyoxigraph one, without normalising literal lexical forms.

    rdflib rewrites ``"01"^^xsd:integer`` to ``"1"`` by default; SHACL compares terms
    (``sh:in``, ``sh:hasValue``) and reports values as they are in the data, so the reference
    engine must see the data exactly as written.
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return RLiteral(term.value, lang=term.language, normalize=False)
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return RLiteral(term.value, normalize=False)
        return RLiteral(term.value, datatype=URIRef(datatype), normalize=False)
    raise TypeError(f"RDF-star triple terms are not supported in validation: {term}")


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def result_order(result: ValidationResult) -> tuple[str, ...]:
    """A total order on results (``None`` sorts first), for stable listings and comparisons."""
    return tuple("" if v is None else str(v) for v in result.key())
