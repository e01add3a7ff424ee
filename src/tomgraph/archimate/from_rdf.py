"""``am:`` statements → an in-memory :class:`~.model.Model`, the inverse of :mod:`.to_rdf`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from ..namespaces import RDF
from ..terms import unescape_nt
from . import model as exchange
from .vocabulary import AM, ID_BASE, RELATIONSHIP_TYPES

Term = str | exchange.LangString
"""An object: an IRI (``str``) or a literal (its text and language: a ``tuple``)."""
Fact = tuple[str, str, Term]
"""(subject IRI, predicate IRI, object): what the rebuilder reads, plain strings and tuples
rather than an object per statement."""
Facts = dict[str, list[Term]]
_RDF_TYPE = RDF + "type"
def am_facts(ntriples: bytes) -> Iterator[Fact]:
    """The ``rdf:type`` and ``am:`` statements of an N-Triples dump (as Oxigraph writes it:
    ``<s> <p> <o> .`` a line), read with string operations, several times faster than
    parsing into objects. Statements about blank nodes are skipped (the ``am:`` data has
    none)."""
    for line in ntriples.decode().split("\n"):
        if not line.startswith("<"):
            continue
        i = line.index("> <")
        j = line.index("> ", i + 3)
        p = line[i + 3: j]
        if p != _RDF_TYPE and not p.startswith(AM):
            continue
        o = line[j + 2: -2]
        if o.startswith("<"):
            yield line[1:i], p, o[1:-1]
        elif o.startswith('"'):
            end = o.rindex('"')
            value = o[1:end]
            if "\\" in value:
                value = unescape_nt(value)
            rest = o[end + 1:]
            yield line[1:i], p, (value, rest[1:] if rest.startswith("@") else None)
_STRUCTURE = {"Model", "Property", "PropertyDefinition", "OrganizationItem", "View",
              "ViewNode", "Connection", "Element", "Relationship", "Concept"}


def _ls(terms: list[Term]) -> list[exchange.LangString]:
    return [t for t in terms if type(t) is tuple]


def _value(term: Term) -> str:
    return term if type(term) is str else term[0]


def _one(f: Facts, key: str) -> str | None:
    v = f.get(key)
    return _value(v[0]) if v else None


def _pos(f: Facts) -> int:
    return int(_one(f, "position") or 0)


def _point(text: str | None) -> tuple[str, str] | None:
    if not text:
        return None
    x, _, y = text.partition(",")
    return (x, y)


class Rebuilder:
    def __init__(self, triples: Iterable[Fact]) -> None:
        self.facts: dict[str, Facts] = {}
        self.kinds: dict[str, str] = {}
        facts, kinds = self.facts, self.kinds
        n = len(AM)
        locals_: dict[str, str] = {}
        for s, pv, o in triples:
            if pv == _RDF_TYPE:
                if type(o) is str and o.startswith(AM):
                    local = o[n:]
                    if local not in ("Element", "Relationship", "Concept"):
                        kinds[s] = local
            elif pv.startswith(AM):
                key = locals_.get(pv)
                if key is None:
                    key = locals_[pv] = pv[n:]
                f = facts.get(s)
                if f is None:
                    facts[s] = {key: [o]}
                elif key in f:
                    f[key].append(o)
                else:
                    f[key] = [o]
        self.idents = {
            s: _value(f["identifier"][0]) for s, f in facts.items() if "identifier" in f
        }

    def pos(self, s: str) -> int:
        return _pos(self.facts.get(s, {}))

    def ident(self, term: Term | None) -> str:
        if term is None:
            return ""
        iri = _value(term)
        return self.idents.get(iri) or iri.removeprefix(ID_BASE)

    def props(self, f: Facts) -> list[exchange.Property]:
        if "property" not in f:
            return []
        nodes = sorted((self.facts.get(_value(p), {}) for p in f.get("property", [])), key=_pos)
        return [
            exchange.Property(self.ident(n["propertyDefinition"][0]), _ls(n.get("value", [])))
            for n in nodes
        ]

    def has_model(self) -> bool:
        return "Model" in self.kinds.values()

    def model(self) -> exchange.Model:
        by_kind: dict[str, list[str]] = defaultdict(list)
        for s, k in self.kinds.items():
            by_kind[k].append(s)
        m_iri = by_kind["Model"][0]
        mf = self.facts.get(m_iri, {})
        header = exchange.ModelHeader(
            _one(mf, "identifier") or "model", _one(mf, "version"),
            _ls(mf.get("name", [])), _ls(mf.get("documentation", [])), self.props(mf),
            _one(mf, "metadata"),
        )
        model = exchange.Model(header)
        idents, facts = self.idents, self.facts
        empty: Facts = {}
        relationship_types = set(RELATIONSHIP_TYPES)
        rows = sorted(
            (idents.get(s) or s.removeprefix(ID_BASE), s, k)
            for s, k in self.kinds.items() if k not in _STRUCTURE
        )
        for ident, s, k in rows:
            f = facts.get(s, empty)
            names = _ls(f["name"]) if "name" in f else []
            docs = _ls(f["documentation"]) if "documentation" in f else []
            props = self.props(f) if "property" in f else []
            if k in relationship_types:
                model.relationships.append(exchange.Relationship(
                    ident, k, self.ident(f["source"][0]), self.ident(f["target"][0]),
                    names, docs, props, _one(f, "accessType"), _one(f, "modifier"),
                    _one(f, "isDirected"),
                ))
            else:
                model.elements.append(exchange.Element(ident, k, names, docs, props))
        for s in sorted(by_kind["PropertyDefinition"], key=self.pos):
            f = self.facts.get(s, {})
            model.property_definitions.append(exchange.PropertyDefinition(
                self.ident(s), _one(f, "dataType") or "string",
                _ls(f.get("name", [])),
            ))
        children: dict[str | None, list[str]] = defaultdict(list)
        for s in by_kind["OrganizationItem"]:
            parent = _one(self.facts.get(s, {}), "parent")
            children[parent].append(s)

        def items(parent: str | None) -> list[exchange.OrgItem]:
            out = []
            for s in sorted(children.get(parent, []), key=self.pos):
                f = self.facts.get(s, {})
                ref = f.get("ref")
                out.append(exchange.OrgItem(
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

        def node(s: str) -> exchange.Node:
            f = self.facts.get(s, {})
            ref = f.get("ref")
            return exchange.Node(
                self.ident(s), _one(f, "nodeType") or "Element",
                _one(f, "x") or "0", _one(f, "y") or "0", _one(f, "w") or "0",
                _one(f, "h") or "0", self.ident(ref[0]) if ref else None,
                _ls(f.get("label", [])), _ls(f.get("name", [])),
                _ls(f.get("documentation", [])), _one(f, "style"), _one(f, "fillColor"),
                _one(f, "extraXml"),
                [node(c) for c in sorted(node_children.get(s, []),
                                         key=self.pos)],
            )

        def conn(s: str) -> exchange.Connection:
            f = self.facts.get(s, {})
            ref = f.get("ref")
            bends = (_one(f, "bendpoints") or "").split()
            return exchange.Connection(
                self.ident(s), _one(f, "connectionType") or "Relationship",
                self.ident(f["sourceNode"][0]), self.ident(f["targetNode"][0]),
                self.ident(ref[0]) if ref else None, _ls(f.get("label", [])),
                _ls(f.get("name", [])), _ls(f.get("documentation", [])),
                [_point(b) or ("0", "0") for b in bends],
                _point(_one(f, "sourceAttachment")), _point(_one(f, "targetAttachment")),
                _one(f, "style"), _one(f, "extraXml"),
            )

        for s in sorted(by_kind["View"], key=self.pos):
            f = self.facts.get(s, {})
            model.views.append(exchange.View(
                self.ident(s), _one(f, "viewType"),
                _one(f, "viewpoint"), _ls(f.get("name", [])), _ls(f.get("documentation", [])),
                self.props(f),
                [node(n) for n in sorted(view_nodes.get(s, []), key=self.pos)],
                [conn(c) for c in sorted(view_conns.get(s, []), key=self.pos)],
                _one(f, "extraXml"),
            ))
        return model
