"""The export's text shortcuts read and write exactly what the objects would."""

from __future__ import annotations

import io

import pyoxigraph as ox
from lxml import etree

from tomgraph.archimate.from_rdf import am_facts
from tomgraph.archimate.model import Element, Property, Relationship
from tomgraph.archimate.vocabulary import AM, NS, XML_LANG, XSI
from tomgraph.archimate.writer import element_xml, relationship_xml

TRICKY = 'a "quoted" <tag> & \\ back\nline\r\ttab \u2028 sep é \U0001f600'


def test_n_triples_are_read_back_to_the_same_texts_languages_and_iris():
    g = ox.NamedNode("urn:g")
    s = ox.NamedNode("urn:s")
    store = ox.Store()
    store.add(ox.Quad(s, ox.NamedNode(AM + "name"), ox.Literal(TRICKY, language="en-GB"), g))
    store.add(ox.Quad(s, ox.NamedNode(AM + "x"), ox.Literal("3", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer")), g))
    store.add(ox.Quad(s, ox.NamedNode(AM + "ref"), ox.NamedNode("urn:o"), g))
    store.add(ox.Quad(s, ox.NamedNode("urn:other"), ox.Literal("skipped"), g))
    out = io.BytesIO()
    store.dump(out, ox.RdfFormat.N_TRIPLES, from_graph=g)
    assert sorted(am_facts(out.getvalue())) == sorted([
        ("urn:s", AM + "name", (TRICKY, "en-gb")),  # Oxigraph keeps tags in lower case
        ("urn:s", AM + "x", ("3", None)),
        ("urn:s", AM + "ref", "urn:o"),
    ])


def test_elements_and_relationships_written_as_text_parse_back_unchanged():
    e = Element("e-1", "Goal", [(TRICKY, "en")], [("doc", None)],
                [Property("pd-1", [("v <1>", "en")])])
    r = Relationship("r-1", "Access", "e-1", "e-1", [], [], [], "Read", None, None)
    text = (f'<w xmlns="{NS}" xmlns:xsi="{XSI}">{element_xml(e)}{relationship_xml(r)}</w>')
    root = etree.fromstring(text.encode())
    el, rel = root
    assert el.get(f"{{{XSI}}}type") == "Goal"
    name = el.find(f"{{{NS}}}name")
    assert (name.text, name.get(XML_LANG)) == (TRICKY, "en")
    value = el.find(f"{{{NS}}}properties/{{{NS}}}property/{{{NS}}}value")
    assert value.text == "v <1>"
    assert (rel.get("source"), rel.get("accessType"), len(rel)) == ("e-1", "Read", 0)
