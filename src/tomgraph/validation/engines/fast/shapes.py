"""The shapes graph, read once into memory and asked the questions a compiler needs.

Shapes graphs are small (hundreds of shapes) even when the data is millions of triples, so
the compiler reads them whole through the store's query interface and works on Python
objects; only the data stays in the store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

import pyoxigraph as ox

from ....namespaces import OWL, RDF, RDFS
from ....store import Dataset, SelectResult, Store, Term
from ...results import SH

TRUE = ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
RDF_TYPE = ox.NamedNode(RDF + "type")
RDF_FIRST = ox.NamedNode(RDF + "first")
RDF_REST = ox.NamedNode(RDF + "rest")
RDF_NIL = ox.NamedNode(RDF + "nil")


def sh(local: str) -> ox.NamedNode:
    """The SHACL term ``sh:local``."""
    return ox.NamedNode(SH + local)


TARGET_PREDICATES = ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf")
SHAPE_REFERENCES = ("node", "property", "not", "qualifiedValueShape")
SHAPE_LIST_REFERENCES = ("and", "or", "xone")


class ShapesGraph:
    """Triples of the shapes graphs, indexed by subject and by object."""

    def __init__(self, triples: Iterable[tuple[Term, Term, Term]]) -> None:
        self._out: dict[Term, dict[Term, list[Term]]] = defaultdict(lambda: defaultdict(list))
        self._in: dict[tuple[Term, Term], list[Term]] = defaultdict(list)
        for s, p, o in triples:
            if o not in self._out[s][p]:
                self._out[s][p].append(o)
                self._in[(p, o)].append(s)

    @classmethod
    def from_store(cls, store: Store, graphs: Sequence[str]) -> ShapesGraph:
        result = store.query(
            "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", dataset=Dataset(default_graphs=tuple(graphs))
        )
        assert isinstance(result, SelectResult)
        return cls((s, p, o) for s, p, o in result)  # type: ignore[misc]

    # -- reading ----------------------------------------------------------------------------
    def objects(self, subject: Term, predicate: ox.NamedNode) -> list[Term]:
        """Values of ``predicate`` on ``subject``, in a stable order."""
        if subject not in self._out:
            return []
        return sorted(self._out[subject].get(predicate, []), key=str)

    def value(self, subject: Term, predicate: ox.NamedNode) -> Term | None:
        values = self.objects(subject, predicate)
        return values[0] if values else None

    def subjects(self, predicate: ox.NamedNode, obj: Term) -> list[Term]:
        return sorted(self._in.get((predicate, obj), []), key=str)

    def by_object(self) -> list[tuple[tuple[Term, Term], list[Term]]]:
        """Every (predicate, object) pair with its subjects."""
        return list(self._in.items())

    def predicates(self, subject: Term) -> list[Term]:
        return sorted(self._out.get(subject, {}), key=str)

    def has(self, subject: Term, predicate: ox.NamedNode) -> bool:
        return bool(self._out.get(subject, {}).get(predicate))

    def is_true(self, subject: Term, predicate: ox.NamedNode) -> bool:
        """SHACL switches a flag on only with the literal ``true``."""
        return TRUE in self._out.get(subject, {}).get(predicate, [])

    def items(self, head: Term) -> list[Term]:
        """The members of the RDF list starting at ``head``."""
        members: list[Term] = []
        seen: set[Term] = set()
        while head != RDF_NIL and head not in seen:
            seen.add(head)
            first = self.value(head, RDF_FIRST)
            if first is None:
                break
            members.append(first)
            rest = self.value(head, RDF_REST)
            if rest is None:
                break
            head = rest
        return members

    def types(self, node: Term) -> set[Term]:
        return set(self.objects(node, RDF_TYPE))

    # -- shapes -----------------------------------------------------------------------------
    def is_property_shape(self, shape: Term) -> bool:
        return self.has(shape, sh("path"))

    def is_class(self, node: Term) -> bool:
        """An implicit class target applies to shapes that are also classes (SHACL 2.1.3.3)."""
        return bool(self.types(node) & {ox.NamedNode(RDFS + "Class"), ox.NamedNode(OWL + "Class")})

    def shapes(self) -> list[Term]:
        """Every node that is a shape by SHACL 2.1's rules (types, targets, references)."""
        found: set[Term] = set()
        for kind in ("NodeShape", "PropertyShape"):
            found.update(self.subjects(RDF_TYPE, sh(kind)))
        for subject, predicates in self._out.items():
            if any(sh(t) in predicates for t in (*TARGET_PREDICATES, "path", "target")):
                found.add(subject)
            for ref in SHAPE_REFERENCES:
                found.update(predicates.get(sh(ref), []))
            for ref in SHAPE_LIST_REFERENCES:
                for head in predicates.get(sh(ref), []):
                    found.update(self.items(head))
        return sorted(found, key=str)

    def targeted_shapes(self) -> list[Term]:
        """Shapes that have targets of their own: the starting points of validation."""
        return [s for s in self.shapes() if self.has_targets(s)]

    def has_targets(self, shape: Term) -> bool:
        return (
            any(self.has(shape, sh(t)) for t in TARGET_PREDICATES)
            or self.has(shape, sh("target"))
            or (self.is_class(shape) and isinstance(shape, ox.NamedNode))
        )
