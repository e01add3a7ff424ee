"""Exchange-file records → quads: everything in ``am:`` terms, mapped parts also in ``tom:``.

Nothing of the file is dropped: elements, relationships (with access type, modifier and
direction), names and documentation in every language, property definitions and values,
folders, views (nodes, nesting, connections, bendpoints, styles) and metadata all become
``am:`` statements that the exporter writes back. Where the ontology has a counterpart
(see :mod:`.mapping`), the element also gets its ``tom:`` class, label and description, and
relationships and properties their ``tom:`` relations.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache

import pyoxigraph as ox

from ..changes import NQuads
from ..errors import InputError
from ..namespaces import DCTERMS, RDF, RDFS, TOM, XSD
from . import model as exchange
from .allowed import allowed
from .mapping import Mapping
from .vocabulary import AM, CLASS_PROPERTY, ID_BASE, IRI_PROPERTY

Term = str
"""An RDF term in N-Triples syntax (``<iri>``, ``"text"@en``): the converter writes N-Quads
text directly, since building an object per quad was most of an import's time."""


_allowed = cache(allowed)
"""Whether ArchiMate allows a relationship of a type between two element types: a few
hundred combinations asked about thousands of times."""


@cache
def am(local: str) -> Term:
    return f"<{AM}{local}>"


def named(value: str) -> Term:
    """An IRI from the file (checked: ``iri`` of our own identifiers need no check)."""
    try:
        return str(ox.NamedNode(value))
    except ValueError as exc:
        raise InputError(f"not a valid IRI: {value!r}") from exc


TYPE = f"<{RDF}type>"
LABEL = f"<{RDFS}label>"
DESCRIPTION = f"<{DCTERMS}description>"
_AM_SOURCE = f"<{AM}source>"
_AM_TARGET = f"<{AM}target>"
_CHUNK = 65536
"""Quads a chunk of N-Quads text holds."""
_INT = f"^^<{XSD}integer>"
_BOOL = f"^^<{XSD}boolean>"
_CURRENT = re.compile(r"baseline|current|as[- ]is", re.IGNORECASE)
_TARGET = re.compile(r"target|to[- ]be", re.IGNORECASE)
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_SPECIAL = re.compile(r'[\\"\n\r]')


def _text(text: str) -> str:
    return f'"{text.translate(_ESCAPES)}"' if _SPECIAL.search(text) else f'"{text}"'


@cache
def _language(lang: str) -> str:
    try:
        ox.Literal("", language=lang)
    except ValueError as exc:
        raise InputError(f"not a valid language tag: xml:lang={lang!r}") from exc
    return "@" + lang


def lit(value: exchange.LangString) -> Term:
    text, lang = value
    return _text(text) + _language(lang) if lang else _text(text)


def plain(text: str) -> Term:
    return _text(text)


def integer(value: str | int) -> Term:
    return _text(str(value)) + _INT


class Converter:
    """Turns the reader's records into N-Quads lines for ``graph``, collecting warnings."""

    def __init__(self, mapping: Mapping, graph: ox.NamedNode,
                 sink: Callable[[bytes, int], None] | None = None) -> None:
        self.mapping = mapping
        self.sink = sink
        """Where each chunk of N-Quads goes as soon as it is made (with its count), rather
        than being kept: a store loading them while the rest is converted."""
        self.graph = graph
        self.suffix = f" {graph} .\n"
        self.lines: list[str] = []
        self.pending = 0
        """Quads in ``lines`` (an entry may hold several)."""
        self.chunks: list[bytes] = []
        self.count = 0
        self.warnings: list[str] = []
        self.model: Term | None = None
        self.iris: dict[str, Term] = {}
        self.types: dict[str, str] = {}
        self.classes: dict[str, str] = {}
        self.by_name: dict[str, Term] = {}
        self.definitions: dict[str, str] = {}
        self.deferred: list[tuple[Term, str, list[exchange.LangString]]] = []
        self.counts = {"elements": 0, "relationships": 0, "views": 0, "mapped": 0}
        self._org_position = 0
        self._view_position = 0
        self._def_position = 0
        self._items = 0
        self._class_terms: dict[str, Term] = {}
        self._relations: dict[tuple[str, str, str], tuple[str, bool] | None] = {}

    def nquads(self) -> NQuads:
        """What was converted, for a :class:`~tomgraph.changes.Changeset`."""
        self._flush()
        return NQuads(tuple(self.chunks), self.count)

    # -- helpers -------------------------------------------------------------------------------
    def add(self, s: Term, p: Term, o: Term) -> None:
        self.lines.append(f"{s} {p} {o}{self.suffix}")
        self.pending += 1
        if self.pending >= _CHUNK:
            self._flush()

    def add_text(self, text: str, quads: int) -> None:
        """``quads`` lines already written out (the hot paths write several at once)."""
        self.lines.append(text)
        self.pending += quads
        if self.pending >= _CHUNK:
            self._flush()

    def _flush(self) -> None:
        """Encode the lines so far into one chunk: the text is never held twice."""
        if self.lines:
            chunk = "".join(self.lines).encode()
            if self.sink is not None:
                self.sink(chunk, self.pending)
            else:
                self.chunks.append(chunk)
            self.count += self.pending
            self.pending = 0
            self.lines.clear()

    def iri(self, identifier: str) -> Term:
        return self.iris.get(identifier) or f"<{ID_BASE}{identifier}>"

    def model_node(self) -> Term:
        if self.model is None:
            self.model = f"<{ID_BASE}model>"
        return self.model

    def texts(self, s: Term, p: str, values: Iterable[exchange.LangString]) -> None:
        for v in values:
            self.add(s, am(p), lit(v))

    def properties(self, s: Term, props: list[exchange.Property]) -> None:
        # The owner's statements first, then each property's: a subject's statements stay
        # together, which lets an export stream them (see stream_export).
        nodes = [f"{s[:-1]}/property/{i}>" for i in range(len(props))]
        for node in nodes:
            self.add(s, am("property"), node)
        for i, (node, prop) in enumerate(zip(nodes, props, strict=True)):
            self.add(node, TYPE, am("Property"))
            self.add(node, am("propertyDefinition"), self.iri(prop.definition))
            self.add(node, am("position"), integer(i))
            self.texts(node, "value", prop.values)

    def class_term(self, cls: str) -> Term:
        term = self._class_terms.get(cls)
        if term is None:
            term = self._class_terms[cls] = named(cls)
        return term

    # -- records -------------------------------------------------------------------------------
    def convert(self, records: Iterable[exchange.Record]) -> None:
        for rec in records:
            if isinstance(rec, exchange.Element):
                self.element(rec)
            elif isinstance(rec, exchange.Relationship):
                self.relationship(rec)
            elif isinstance(rec, exchange.OrgItem):
                self.item(rec, None, self._org_position)
                self._org_position += 1
            elif isinstance(rec, exchange.PropertyDefinition):
                self.definition(rec)
            elif isinstance(rec, exchange.View):
                self.view(rec)
            elif isinstance(rec, exchange.ModelHeader):
                self.header(rec)
        self.resolve_properties()

    def header(self, h: exchange.ModelHeader) -> None:
        m = self.model_node()
        self.add(m, TYPE, am("Model"))
        self.add(m, am("identifier"), plain(h.identifier))
        if h.version is not None:
            self.add(m, am("version"), plain(h.version))
        self.texts(m, "name", h.names)
        self.texts(m, "documentation", h.docs)
        if h.metadata:
            self.add(m, am("metadata"), plain(h.metadata))
        self.properties(m, h.properties)

    def element(self, e: exchange.Element) -> None:
        ident = e.identifier
        own = f"<{ID_BASE}{ident}>"
        override = {p.definition: p.values for p in e.properties} if e.properties else {}
        if override.get(IRI_PROPERTY):
            self.iris[ident] = named(override[IRI_PROPERTY][0][0])
            s = self.iris[ident]
        else:
            s = self.iris.get(ident) or own
        self.counts["elements"] += 1
        self.types[ident] = e.type
        self.add(s, TYPE, am(e.type))
        if s != own:
            self.add(s, am("identifier"), plain(ident))
        if e.names:
            self.texts(s, "name", e.names)
            for name, _ in e.names:
                self.by_name.setdefault(name.strip().lower(), s)
        if e.docs:
            self.texts(s, "documentation", e.docs)
        if e.properties:
            self.properties(s, e.properties)
        cls = self.mapping.import_class.get(e.type)
        extra: list[str] = []
        if override.get(CLASS_PROPERTY):
            cls, *extra = override[CLASS_PROPERTY][0][0].split()
        if cls is None:
            return
        self.counts["mapped"] += 1
        self.classes[e.identifier] = cls
        self.add(s, TYPE, self.class_term(cls))
        for other in extra:
            self.add(s, TYPE, self.class_term(other))
        for v in e.names:
            self.add(s, LABEL, lit(v))
        for v in e.docs:
            self.add(s, DESCRIPTION, lit(v))
        if e.type == "Plateau" and cls == TOM + "OperatingModel" and e.names:
            name = e.names[0][0]
            state = "CurrentState" if _CURRENT.search(name) else (
                "TargetState" if _TARGET.search(name) else None)
            if state:
                self.add(s, f"<{TOM}state>", f"<{TOM}{state}>")
        for prop in e.properties:
            if prop.definition not in (IRI_PROPERTY, CLASS_PROPERTY):
                self.deferred.append((s, prop.definition, prop.values))

    def relationship(self, r: exchange.Relationship) -> None:
        self.plain_relationship(r.identifier, r.type, r.source, r.target, r.line, r)

    def plain_relationship(self, ident: str, kind: str, source: str, target: str, line: int,
                           details: exchange.Relationship | None = None) -> None:
        """A relationship given by its identifier, type and ends: what the reader hands over
        for the usual relationship, with nothing else, without making a record of it (three
        of them to an element in a big model). ``details``: the record of one that has
        more (access type, modifier, direction, names, documentation, properties)."""
        iris = self.iris
        if iris:
            s = iris.get(ident) or f"<{ID_BASE}{ident}>"
            src = iris.get(source) or f"<{ID_BASE}{source}>"
            tgt = iris.get(target) or f"<{ID_BASE}{target}>"
        else:  # no element has an IRI of its own (the usual case): no lookups
            s, src, tgt = f"<{ID_BASE}{ident}>", f"<{ID_BASE}{source}>", f"<{ID_BASE}{target}>"
        self.counts["relationships"] += 1
        types = self.types
        types[ident] = kind
        suffix = self.suffix
        self.add_text(f"{s} {TYPE} {am(kind)}{suffix}{s} {_AM_SOURCE} {src}{suffix}"
                      f"{s} {_AM_TARGET} {tgt}{suffix}", 3)
        if details is not None:  # the subject's statements stay together (see properties)
            self._relationship_details(s, details)
        st, tt = types.get(source), types.get(target)
        if st and tt and _allowed(kind, st, tt) is False:
            self.warnings.append(
                f"line {line}: ArchiMate does not allow {kind} from {st} to {tt} "
                f"(relationship {ident}); kept"
            )
        classes = self.classes
        sc = classes.get(source)
        tc = classes.get(target) if sc else None
        if sc and tc:
            key = (kind, sc, tc)
            relations = self._relations
            if key not in relations:  # a handful of combinations, thousands of uses
                relations[key] = self.mapping.relation_for(kind, sc, tc)
            found = relations[key]
            if found:
                pred, reverse = found
                a, b = (tgt, src) if reverse else (src, tgt)
                self.add(a, self.class_term(pred), b)

    def _relationship_details(self, s: Term, r: exchange.Relationship) -> None:
        if r.access_type is not None:
            self.add(s, am("accessType"), plain(r.access_type))
        if r.modifier is not None:
            self.add(s, am("modifier"), plain(r.modifier))
        if r.is_directed is not None:
            self.add(s, am("isDirected"), plain(r.is_directed) + _BOOL)
        if r.names:
            self.texts(s, "name", r.names)
        if r.docs:
            self.texts(s, "documentation", r.docs)
        if r.properties:
            self.properties(s, r.properties)

    def definition(self, d: exchange.PropertyDefinition) -> None:
        s = self.iri(d.identifier)
        self.add(s, TYPE, am("PropertyDefinition"))
        self.add(s, am("identifier"), plain(d.identifier))
        self.add(s, am("inModel"), self.model_node())
        self.add(s, am("dataType"), plain(d.data_type))
        self.add(s, am("position"), integer(self._def_position))
        self._def_position += 1
        self.texts(s, "name", d.names)
        if d.names:
            self.definitions[d.identifier] = d.names[0][0].strip().lower()

    def item(self, it: exchange.OrgItem, parent: Term | None, position: int) -> None:
        if it.identifier:
            s = self.iri(it.identifier)
        else:
            self._items += 1
            s = f"<{ID_BASE}model/organization/{self._items}>"
        self.add(s, TYPE, am("OrganizationItem"))
        self.add(s, am("inModel"), self.model_node())
        self.add(s, am("position"), integer(position))
        if it.identifier:
            self.add(s, am("identifier"), plain(it.identifier))
        if parent is not None:
            self.add(s, am("parent"), parent)
        if it.ref:
            self.add(s, am("ref"), self.iri(it.ref))
        self.texts(s, "label", it.labels)
        self.texts(s, "documentation", it.docs)
        for i, child in enumerate(it.children):
            self.item(child, s, i)

    def view(self, v: exchange.View) -> None:
        s = self.iri(v.identifier)
        self.counts["views"] += 1
        self.add(s, TYPE, am("View"))
        self.add(s, am("identifier"), plain(v.identifier))
        self.add(s, am("inModel"), self.model_node())
        if v.type:
            self.add(s, am("viewType"), plain(v.type))
        self.add(s, am("position"), integer(self._view_position))
        self._view_position += 1
        if v.viewpoint:
            self.add(s, am("viewpoint"), plain(v.viewpoint))
        if v.extra:
            self.add(s, am("extraXml"), plain(v.extra))
        self.texts(s, "name", v.names)
        self.texts(s, "documentation", v.docs)
        self.properties(s, v.properties)
        for i, n in enumerate(v.nodes):
            self.node(n, s, None, i)
        for i, c in enumerate(v.connections):
            self.connection(c, s, i)

    def _drawn(self, s: Term, view: Term, thing: exchange.Node | exchange.Connection,
               position: int) -> None:
        self.add(s, am("identifier"), plain(thing.identifier))
        self.add(s, am("view"), view)
        self.add(s, am("position"), integer(position))
        if thing.ref:
            self.add(s, am("ref"), self.iri(thing.ref))
        self.texts(s, "label", thing.labels)
        self.texts(s, "name", thing.names)
        self.texts(s, "documentation", thing.docs)
        if thing.style:
            self.add(s, am("style"), plain(thing.style))
        if thing.extra:
            self.add(s, am("extraXml"), plain(thing.extra))

    def node(self, n: exchange.Node, view: Term, parent: Term | None,
             position: int) -> None:
        s = self.iri(n.identifier)
        self.add(s, TYPE, am("ViewNode"))
        self._drawn(s, view, n, position)
        self.add(s, am("nodeType"), plain(n.type))
        for key in ("x", "y", "w", "h"):
            self.add(s, am(key), integer(getattr(n, key)))
        if parent is not None:
            self.add(s, am("parent"), parent)
        if n.fill:
            self.add(s, am("fillColor"), plain(n.fill))
        for i, child in enumerate(n.children):
            self.node(child, view, s, i)

    def connection(self, c: exchange.Connection, view: Term, position: int) -> None:
        s = self.iri(c.identifier)
        self.add(s, TYPE, am("Connection"))
        self._drawn(s, view, c, position)
        self.add(s, am("connectionType"), plain(c.type))
        self.add(s, am("sourceNode"), self.iri(c.source))
        self.add(s, am("targetNode"), self.iri(c.target))
        if c.bendpoints:
            text = " ".join(f"{x},{y}" for x, y in c.bendpoints)
            self.add(s, am("bendpoints"), plain(text))
        if c.source_attachment:
            self.add(s, am("sourceAttachment"), plain(",".join(c.source_attachment)))
        if c.target_attachment:
            self.add(s, am("targetAttachment"), plain(",".join(c.target_attachment)))

    def resolve_properties(self) -> None:
        """Map element properties by name once the property definitions are known."""
        for s, ref, values in self.deferred:
            name = self.definitions.get(ref)
            target = self.mapping.properties.get(name or "")
            if target is None or not values:
                continue
            text = values[0][0].strip()
            obj: Term | None
            if target.kind == "concept":
                obj_iri = self.mapping.concepts.get(target.range or "", {}).get(text.lower())
                obj = named(obj_iri) if obj_iri else None
            elif target.kind == "element":
                obj = self.by_name.get(text.lower())
            else:
                obj = f"{plain(text)}^^{self.class_term(target.kind)}"
            if obj is None:
                self.warnings.append(
                    f"property {name!r} = {text!r} on {s[1:-1]}: no matching "
                    f"{'concept' if target.kind == 'concept' else 'element'}; kept in am: only"
                )
                continue
            self.add(s, self.class_term(target.predicate), obj)
