"""The IRIs tomgraph relies on, in one place so that no module spells them twice."""

from __future__ import annotations

import re

TOM = "https://w3id.org/tomgraph/ontology#"
"""The ontology's namespace (prefix ``tom:``)."""

TOMSH = "https://w3id.org/tomgraph/shapes#"
"""The namespace of tomgraph's SHACL shapes (prefix ``tomsh:``)."""

MET = "https://w3id.org/tomgraph/example/met/"
"""The namespace of the bundled example programme (prefix ``met:``)."""

GEN = "https://w3id.org/tomgraph/generated/"
"""The namespace of synthetic models made by ``tomgraph generate`` (prefix ``gen:``)."""

AM = "https://w3id.org/tomgraph/archimate#"
"""tomgraph's ArchiMate vocabulary (``ontology/archimate.ttl``, prefix ``am:``)."""

GRAPH_BASE = "https://w3id.org/tomgraph/graph/"
ONTOLOGY_GRAPH = GRAPH_BASE + "ontology"
SHAPES_GRAPH = GRAPH_BASE + "shapes"
MODEL_GRAPH = GRAPH_BASE + "model"
INFERRED_GRAPH = GRAPH_BASE + "inferred"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
SH = "http://www.w3.org/ns/shacl#"
SCHEMA = "https://schema.org/"

PREFIXES: dict[str, str] = {
    "tom": TOM,
    "tomsh": TOMSH,
    "met": MET,
    "gen": GEN,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "org": ORG,
    "foaf": FOAF,
    "sh": SH,
    "schema": SCHEMA,
}
"""Prefixes used when printing IRIs and offered to SPARQL editors."""


def sparql_prologue(prefixes: dict[str, str] | None = None) -> str:
    """PREFIX lines for ``prefixes`` (default: :data:`PREFIXES`), for queries built in code."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in (prefixes or PREFIXES).items())


_LOCAL_NAME = re.compile(r"[\w.-]*[\w-]")
r"""A local name ``prefix:local`` can spell: letters, digits (``\w`` is exactly ``str.isalnum``
plus ``_``), ``-`` and ``.``, not ending with ``.``."""


def shorten(iri: str, prefixes: dict[str, str] | None = None) -> str:
    """``prefix:local`` for ``iri`` when a known namespace covers it, else ``<iri>``."""
    for prefix, ns in (prefixes or PREFIXES).items():
        if iri.startswith(ns) and iri != ns:
            local = iri[len(ns):]
            if _LOCAL_NAME.fullmatch(local):
                return f"{prefix}:{local}"
    return f"<{iri}>"
