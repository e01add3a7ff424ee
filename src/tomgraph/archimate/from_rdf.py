"""``am:`` statements → an in-memory :class:`~.model.Model`, the inverse of :mod:`.to_rdf`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from ..namespaces import RDF
from .model import (
    Connection,
    Element,
    LangString,
    Model,
    ModelHeader,
    Node,
    OrgItem,
    Property,
    PropertyDefinition,
    Relationship,
    View,
)
from .vocabulary import AM, ID_BASE, RELATIONSHIP_TYPES, Statement, Value

Facts = dict[str, list[Value]]
_STRUCTURE = {"Model", "Property", "PropertyDefinition", "OrganizationItem", "View",
              "ViewNode", "Connection", "Element", "Relationship", "Concept"}


def _ls(terms: list[Value]) -> list[LangString]:
    return [(t.value, t.language) for t in terms if isinstance(t, ox.Literal)]


def _one(f: Facts, key: str) -> str | None:
    v = f.get(key)
    return v[0].value if v else None


def _pos(f: Facts) -> int:
    return int(_one(f, "position") or 0)


def _point(text: str | None) -> tuple[str, str] | None:
    if not text:
        return None
    x, _, y = text.partition(",")
    return (x, y)


class Rebuilder:
    def __init__(self, triples: Iterable[Statement]) -> None:
        self.facts: dict[str, Facts] = {}
        self.kinds: dict[str, str] = {}
        rdf_type, n = RDF + "type", len(AM)
        for s, p, o in triples:
            pv = p.value
            if pv == rdf_type:
                if o.value.startswith(AM):
                    local = o.value[n:]
                    if local not in ("Element", "Relationship", "Concept"):
                        self.kinds[s.value] = local
            elif pv.startswith(AM):
                self.facts.setdefault(s.value, {}).setdefault(pv[n:], []).append(o)
        self.idents = {s: _one(f, "identifier") for s, f in self.facts.items()}

    def pos(self, s: str) -> int:
        return _pos(self.facts.get(s, {}))

    def ident(self, term: Value | None) -> str:
        if term is None:
            return ""
        return self.idents.get(term.value) or term.value.removeprefix(ID_BASE)

    def props(self, f: Facts) -> list[Property]:
        if "property" not in f:
            return []
        nodes = sorted((self.facts.get(p.value, {}) for p in f.get("property", [])), key=_pos)
        return [
            Property(self.ident(n["propertyDefinition"][0]), _ls(n.get("value", [])))
            for n in nodes
        ]

    def has_model(self) -> bool:
        return "Model" in self.kinds.values()

    def model(self) -> Model:
        by_kind: dict[str, list[str]] = defaultdict(list)
        for s, k in self.kinds.items():
            by_kind[k].append(s)
        m_iri = by_kind["Model"][0]
        mf = self.facts.get(m_iri, {})
        header = ModelHeader(
            _one(mf, "identifier") or "model", _one(mf, "version"),
            _ls(mf.get("name", [])), _ls(mf.get("documentation", [])), self.props(mf),
            _one(mf, "metadata"),
        )
        model = Model(header)
        def key(kv: tuple[str, str]) -> str:
            return self.idents.get(kv[0]) or kv[0].removeprefix(ID_BASE)

        for s, k in sorted(self.kinds.items(), key=key):
            f = self.facts.get(s, {})
            if k in _STRUCTURE:
                continue
            if k in RELATIONSHIP_TYPES:
                model.relationships.append(Relationship(
                    self.ident(ox.NamedNode(s)), k, self.ident(f["source"][0]),
                    self.ident(f["target"][0]), _ls(f.get("name", [])),
                    _ls(f.get("documentation", [])), self.props(f),
                    _one(f, "accessType"), _one(f, "modifier"), _one(f, "isDirected"),
                ))
            else:
                model.elements.append(Element(
                    self.ident(ox.NamedNode(s)), k, _ls(f.get("name", [])),
                    _ls(f.get("documentation", [])), self.props(f),
                ))
        for s in sorted(by_kind["PropertyDefinition"], key=self.pos):
            f = self.facts.get(s, {})
            model.property_definitions.append(PropertyDefinition(
                self.ident(ox.NamedNode(s)), _one(f, "dataType") or "string",
                _ls(f.get("name", [])),
            ))
        children: dict[str | None, list[str]] = defaultdict(list)
        for s in by_kind["OrganizationItem"]:
            parent = _one(self.facts.get(s, {}), "parent")
            children[parent].append(s)

        def items(parent: str | None) -> list[OrgItem]:
            out = []
            for s in sorted(children.get(parent, []), key=self.pos):
                f = self.facts.get(s, {})
                ref = f.get("ref")
                out.append(OrgItem(
                    _one(f, "identifier"), self.ident(ref[0]) if ref else None,
                    _ls(f.get("label", [])), _ls(f.get("documentation", [])), items(s),
                ))
            return out

        model.organizations = items(None)
        node_children: dict[str, list[str]] = defaultdict(list)
        view_nodes: dict[str, list[str]] = defaultdict(list)
        view_conns: dict[str, list[str]] = defaultdict(list)
        for s in by_kind["ViewNode"]:
            f = self.facts.get(s, {})
            parent = _one(f, "parent")
            if parent:
                node_children[parent].append(s)
            else:
                view_nodes[_one(f, "view") or ""].append(s)
        for s in by_kind["Connection"]:
            view_conns[_one(self.facts.get(s, {}), "view") or ""].append(s)

        def node(s: str) -> Node:
            f = self.facts.get(s, {})
            ref = f.get("ref")
            return Node(
                self.ident(ox.NamedNode(s)), _one(f, "nodeType") or "Element",
                _one(f, "x") or "0", _one(f, "y") or "0", _one(f, "w") or "0",
                _one(f, "h") or "0", self.ident(ref[0]) if ref else None,
                _ls(f.get("label", [])), _ls(f.get("name", [])),
                _ls(f.get("documentation", [])), _one(f, "style"), _one(f, "fillColor"),
                _one(f, "extraXml"),
                [node(c) for c in sorted(node_children.get(s, []),
                                         key=self.pos)],
            )

        def conn(s: str) -> Connection:
            f = self.facts.get(s, {})
            ref = f.get("ref")
            bends = (_one(f, "bendpoints") or "").split()
            return Connection(
                self.ident(ox.NamedNode(s)), _one(f, "connectionType") or "Relationship",
                self.ident(f["sourceNode"][0]), self.ident(f["targetNode"][0]),
                self.ident(ref[0]) if ref else None, _ls(f.get("label", [])),
                _ls(f.get("name", [])), _ls(f.get("documentation", [])),
                [_point(b) or ("0", "0") for b in bends],
                _point(_one(f, "sourceAttachment")), _point(_one(f, "targetAttachment")),
                _one(f, "style"), _one(f, "extraXml"),
            )

        for s in sorted(by_kind["View"], key=self.pos):
            f = self.facts.get(s, {})
            model.views.append(View(
                self.ident(ox.NamedNode(s)), _one(f, "viewType"),
                _one(f, "viewpoint"), _ls(f.get("name", [])), _ls(f.get("documentation", [])),
                self.props(f),
                [node(n) for n in sorted(view_nodes.get(s, []), key=self.pos)],
                [conn(c) for c in sorted(view_conns.get(s, []), key=self.pos)],
                _one(f, "extraXml"),
            ))
        return model
