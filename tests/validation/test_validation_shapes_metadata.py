"""Every shape explains itself: an IRI, a name, a description, a message, a fix, a deliberate
severity and a section, so that a report reads well whatever fails."""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from tomgraph import bundled
from tomgraph.namespaces import SHAPES_GRAPH, TOMSH
from tomgraph.store import EmbeddedStore

SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SEVERITIES = {SH + "Violation", SH + "Warning", SH + "Info"}
REQUIRED_TEXT = [SH + "name", SH + "description", SH + "message", TOMSH + "fix"]


def sh(local: str) -> ox.NamedNode:
    return ox.NamedNode(SH + local)


@pytest.fixture(scope="module")
def shapes() -> Iterator[ox.Store]:
    store = EmbeddedStore()
    store.load_files(bundled.rdf_files(bundled.shapes_dir()), graph=SHAPES_GRAPH)
    yield store.oxigraph
    store.close()


def objects(store: ox.Store, s: ox.NamedNode | ox.BlankNode, p: ox.NamedNode) -> list:
    return [q.object for q in store.quads_for_pattern(s, p, None)]


def all_shapes(store: ox.Store) -> set:
    """Anything SHACL would treat as a shape: typed as one, used as one, or constrained."""
    found = set()
    for cls in ("NodeShape", "PropertyShape"):
        found |= {q.subject for q in store.quads_for_pattern(None, RDF_TYPE, sh(cls))}
    found |= {q.object for q in store.quads_for_pattern(None, sh("property"), None)}
    for p in ("path", "targetClass", "targetNode", "sparql", "targetSubjectsOf", "targetObjectsOf"):
        found |= {q.subject for q in store.quads_for_pattern(None, sh(p), None)}
    return found



def test_there_are_shapes_in_every_area_file():
    names = {p.stem for p in bundled.rdf_files(bundled.shapes_dir())}
    assert names >= {"capabilities", "processes", "projects", "operating-models", "benefits",
                     "dependencies", "cross-entity", "groups"}


def test_no_shape_is_a_blank_node_and_all_live_in_the_shapes_namespace(shapes):
    for shape in all_shapes(shapes):
        assert isinstance(shape, ox.NamedNode), f"blank-node shape: {shape}"
        assert shape.value.startswith(TOMSH), shape


def test_every_shape_has_name_description_message_and_fix_in_english(shapes):
    problems = []
    for shape in all_shapes(shapes):
        for prop in REQUIRED_TEXT:
            values = objects(shapes, shape, ox.NamedNode(prop))
            english = [v for v in values if isinstance(v, ox.Literal) and v.language == "en"]
            if len(english) != 1 or not english[0].value.strip():
                problems.append(f"{shape.value.removeprefix(TOMSH)} lacks one English {prop}")
    assert problems == []


def test_every_shape_has_a_deliberate_severity(shapes):
    for shape in all_shapes(shapes):
        values = [v.value for v in objects(shapes, shape, sh("severity"))]
        assert len(values) == 1 and values[0] in SEVERITIES, shape


def test_every_shape_is_in_a_declared_labelled_section(shapes):
    for shape in all_shapes(shapes):
        groups = objects(shapes, shape, sh("group"))
        assert len(groups) == 1, shape
        group = groups[0]
        assert list(shapes.quads_for_pattern(group, RDF_TYPE, sh("PropertyGroup"))), group
        assert objects(shapes, group, RDFS_LABEL), group
        assert objects(shapes, group, sh("order")), group


def test_weights_when_given_are_single_positive_numbers(shapes):
    for shape in all_shapes(shapes):
        weights = objects(shapes, shape, ox.NamedNode(TOMSH + "weight"))
        assert len(weights) <= 1, shape
        if weights:
            assert float(weights[0].value) > 0, shape


def test_every_sparql_rule_is_named_and_declares_its_prefixes(shapes):
    for quad in shapes.quads_for_pattern(None, sh("sparql"), None):
        constraint = quad.object
        assert isinstance(constraint, ox.NamedNode), quad
        assert objects(shapes, constraint, sh("select")), constraint
        assert objects(shapes, constraint, sh("message")), constraint
        assert objects(shapes, constraint, sh("prefixes")), constraint


def test_severities_are_a_mix_a_design_authority_would_choose(shapes):
    counts: dict[str, int] = {}
    for shape in all_shapes(shapes):
        if objects(shapes, shape, sh("path")) or objects(shapes, shape, sh("sparql")):
            severity = objects(shapes, shape, sh("severity"))[0].value.removeprefix(SH)
            counts[severity] = counts.get(severity, 0) + 1
    assert set(counts) == {"Violation", "Warning", "Info"}
    assert counts["Violation"] > counts["Info"]


def test_the_documentation_lists_every_check_with_its_severity(shapes):
    doc = (bundled.home() / "docs" / "validation.md").read_text(encoding="utf-8")
    for shape in all_shapes(shapes):
        if objects(shapes, shape, sh("path")) or objects(shapes, shape, sh("sparql")):
            local = shape.value.removeprefix(TOMSH)
            severity = objects(shapes, shape, sh("severity"))[0].value.removeprefix(SH)
            assert f"| `{local}` | {severity} |" in doc, local
