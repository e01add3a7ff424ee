"""The IRIs of tomgraph's ArchiMate vocabulary (``ontology/archimate.ttl``, prefix ``am:``)."""

from __future__ import annotations

import pyoxigraph as ox

from ..namespaces import AM

ID_BASE = "https://w3id.org/tomgraph/archimate/id/"
"""Imported models, concepts, views and nodes are named ID_BASE + their exchange identifier."""

NS = "http://www.opengroup.org/xsd/archimate/3.0/"
"""The exchange format's XML namespace (the same for 3.0 and 3.1)."""

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XSI_TYPE = f"{{{XSI}}}type"
XML_LANG = f"{{{XML_NS}}}lang"

IRI_PROPERTY = "propid-tomgraph-iri"
"""Property definition our exports give each element: the resource's IRI in tomgraph, so an
export imported again gets the same IRIs (export → import is the identity on our model)."""
CLASS_PROPERTY = "propid-tomgraph-class"
"""Property definition our exports give each element: its tom: class."""

RELATIONSHIP_TYPES = (
    "Composition", "Aggregation", "Assignment", "Realization", "Serving", "Access",
    "Influence", "Triggering", "Flow", "Specialization", "Association",
)


def am(local: str) -> ox.NamedNode:
    """The ``am:`` term ``local``."""
    return ox.NamedNode(AM + local)


def concept_iri(identifier: str) -> ox.NamedNode:
    """The IRI an imported thing with exchange identifier ``identifier`` gets."""
    return ox.NamedNode(ID_BASE + identifier)


Value = ox.NamedNode | ox.BlankNode | ox.Literal
"""An RDF term an exported statement can hold (RDF-star triples never occur)."""
Statement = tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, Value]
