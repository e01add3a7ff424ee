"""Stream an exchange file into records, refusing what is unsafe or malformed.

The file is read with ``lxml.etree.iterparse`` and each top-level record (element,
relationship, view, ...) is cleared once handed on, so memory stays bounded by the largest
record, not the file. A DTD is refused outright before parsing: no entity is ever expanded and
nothing is ever fetched (billion laughs, external entities). Identifiers must be unique and
every reference must name something in the file; both are checked with line numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from ..errors import InputError
from . import model as exchange
from .vocabulary import NS, XML_LANG, XSI_TYPE

_PARSE_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "huge_tree": False,
    "load_dtd": False,
    "dtd_validation": False,
}
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def q(local: str) -> str:
    return f"{{{NS}}}{local}"


def check_prolog(path: Path) -> None:
    """Refuse files that are not XML, carry a DTD, or are not ArchiMate exchange models."""
    try:
        head = path.read_bytes()[:65536] if path.stat().st_size < 65536 else _head(path)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=path) from exc
    match = _DOCTYPE.search(head.split(b"<model", 1)[0] if b"<model" in head else head)
    if match:
        line = head[: match.start()].count(b"\n") + 1
        raise InputError(
            "a DTD or entity declaration is not allowed in an exchange file (it could expand "
            "entities or fetch files); remove the <!DOCTYPE ...> block",
            source=path, line=line,
        )
    try:
        with path.open("rb") as fh:
            _check_root(path, fh)
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(exc, path) from exc


def _check_root(path: Path, fh: BinaryIO) -> None:
    for _event, root in etree.iterparse(fh, events=("start",), **_PARSE_OPTIONS):
            if root.getroottree().docinfo.doctype:
                raise InputError("a DTD is not allowed in an exchange file", source=path)
            if root.tag != q("model"):
                found = etree.QName(root.tag)
                raise InputError(
                    f"not an ArchiMate exchange model: the root element is "
                    f"<{found.localname}> in namespace {found.namespace or '(none)'}; expected "
                    f"<model> in {NS}",
                    source=path, line=root.sourceline,
                )
            return
    raise InputError("not XML: the file is empty", source=path)


def _head(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(65536)


def _syntax_error(exc: etree.XMLSyntaxError, path: Path) -> InputError:
    line = exc.position[0] if exc.position else None
    return InputError(f"not well-formed XML: {exc.msg}", source=path, line=line)


_ELEMENT, _RELATIONSHIP, _NAME, _DOCUMENTATION, _PROPERTIES = (
    f"{{{NS}}}{n}" for n in ("element", "relationship", "name", "documentation", "properties")
)


def _parts(
    el: etree._Element,
) -> tuple[list[exchange.LangString], list[exchange.LangString], etree._Element | None]:
    """An element's or relationship's names, documentation and properties, in one pass."""
    names: list[exchange.LangString] = []
    docs: list[exchange.LangString] = []
    props = None
    for c in el:
        t = c.tag
        if t == _NAME:
            names.append((c.text or "", c.get(XML_LANG)))
        elif t == _DOCUMENTATION:
            docs.append((c.text or "", c.get(XML_LANG)))
        elif t == _PROPERTIES:
            props = c
    return names, docs, props


def _child(el: etree._Element, local: str) -> etree._Element | None:
    return next(el.iterchildren(q(local)), None)


def _lang(el: etree._Element) -> exchange.LangString:
    return (el.text or "", el.get(XML_LANG))


def _props(el: etree._Element | None) -> list[exchange.Property]:
    if el is None:
        return []
    return [
        exchange.Property(p.get("propertyDefinitionRef", ""),
                          [_lang(v) for v in p.iterchildren(q("value"))])
        for p in el.iterchildren(q("property"))
    ]


def _fragment(el: etree._Element) -> str:
    return etree.tostring(el, encoding="unicode", with_tail=False)


def _point(el: etree._Element | None) -> tuple[str, str] | None:
    return None if el is None else (el.get("x", "0"), el.get("y", "0"))


def _colour(style: etree._Element | None) -> str | None:
    fill = None if style is None else _child(style, "fillColor")
    if fill is None:
        return None
    return "#{:02x}{:02x}{:02x}".format(*(int(fill.get(c, "0")) for c in ("r", "g", "b")))


_NODE_KNOWN = {q(n) for n in ("label", "name", "documentation", "node", "style")}
_CONN_KNOWN = {
    q(n) for n in (
        "label", "name", "documentation", "style", "bendpoint", "sourceAttachment",
        "targetAttachment",
    )
}


def _extra(el: etree._Element, known: set[str]) -> str | None:
    parts = [_fragment(c) for c in el if isinstance(c.tag, str) and c.tag not in known]
    return "".join(parts) or None


def _node(el: etree._Element) -> exchange.Node:
    style = _child(el, "style")
    return exchange.Node(
        identifier=el.get("identifier", ""), type=el.get(XSI_TYPE, "Element"),
        x=el.get("x", "0"), y=el.get("y", "0"), w=el.get("w", "0"), h=el.get("h", "0"),
        ref=el.get("elementRef"),
        labels=[_lang(c) for c in el.iterchildren(q("label"))],
        names=[_lang(c) for c in el.iterchildren(q("name"))],
        docs=[_lang(c) for c in el.iterchildren(q("documentation"))],
        style=None if style is None else _fragment(style), fill=_colour(style),
        extra=_extra(el, _NODE_KNOWN),
        children=[_node(c) for c in el.iterchildren(q("node"))],
        line=el.sourceline or 0,
    )


def _connection(el: etree._Element) -> exchange.Connection:
    style = _child(el, "style")
    return exchange.Connection(
        identifier=el.get("identifier", ""), type=el.get(XSI_TYPE, "Relationship"),
        source=el.get("source", ""), target=el.get("target", ""),
        ref=el.get("relationshipRef"),
        labels=[_lang(c) for c in el.iterchildren(q("label"))],
        names=[_lang(c) for c in el.iterchildren(q("name"))],
        docs=[_lang(c) for c in el.iterchildren(q("documentation"))],
        bendpoints=[(b.get("x", "0"), b.get("y", "0")) for b in el.iterchildren(q("bendpoint"))],
        source_attachment=_point(_child(el, "sourceAttachment")),
        target_attachment=_point(_child(el, "targetAttachment")),
        style=None if style is None else _fragment(style),
        extra=_extra(el, _CONN_KNOWN),
        line=el.sourceline or 0,
    )


_VIEW_KNOWN = {q(n) for n in ("name", "documentation", "properties", "node", "connection")}


def _view(el: etree._Element) -> exchange.View:
    return exchange.View(
        identifier=el.get("identifier", ""), type=el.get(XSI_TYPE),
        viewpoint=el.get("viewpoint"),
        names=[_lang(c) for c in el.iterchildren(q("name"))],
        docs=[_lang(c) for c in el.iterchildren(q("documentation"))],
        properties=_props(_child(el, "properties")),
        nodes=[_node(c) for c in el.iterchildren(q("node"))],
        connections=[_connection(c) for c in el.iterchildren(q("connection"))],
        extra=_extra(el, _VIEW_KNOWN),
        line=el.sourceline or 0,
    )


def _item(el: etree._Element) -> exchange.OrgItem:
    return exchange.OrgItem(
        identifier=el.get("identifier"), ref=el.get("identifierRef"),
        labels=[_lang(c) for c in el.iterchildren(q("label"))],
        docs=[_lang(c) for c in el.iterchildren(q("documentation"))],
        children=[_item(c) for c in el.iterchildren(q("item"))],
        line=el.sourceline or 0,
    )


PlainRelationship = Callable[[str, str, str, str, int], None]
"""Takes a relationship's identifier, type, source, target and line."""

ELEMENT, RELATIONSHIP, DEFINITION = "element", "relationship", "property definition"
CONCEPTS = (ELEMENT, RELATIONSHIP)


class References:
    """Identifiers seen (with their kind) and references made, checked once the whole file
    is read: the schema's identity constraints (keys and typed key references), which the
    import checks here rather than through the schema (see :mod:`.validate`)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.ids: dict[str, str] = {}
        self.pending: list[tuple[str, int, str, tuple[str, ...]]] = []

    def define(self, identifier: str | None, line: int, kind: str = "") -> None:
        if not identifier:
            return
        if identifier in self.ids:
            raise InputError(
                f"duplicate identifier {identifier!r}: every element, relationship, view, "
                "node, connection and property definition needs its own",
                source=self.path, line=line,
            )
        self.ids[identifier] = kind

    def use(self, ref: str | None, line: int, what: str, kinds: tuple[str, ...] = ()) -> None:
        """``ref`` must name something of one of ``kinds`` (anything when empty)."""
        if ref:
            self.pending.append((ref, line, what, kinds))

    def use_ends(self, identifier: str, source: str, target: str, line: int) -> None:
        """A relationship's ends: checked now when already defined (the usual order),
        else once the file is read."""
        ids = self.ids
        if ids.get(source) not in CONCEPTS or ids.get(target) not in CONCEPTS:
            self.use(source, line, f"relationship {identifier!r} (source)", CONCEPTS)
            self.use(target, line, f"relationship {identifier!r} (target)", CONCEPTS)

    def check(self) -> None:
        ids = self.ids
        for ref, line, what, kinds in self.pending:
            kind = ids.get(ref)
            if kind is None:
                raise InputError(
                    f"{what} refers to {ref!r}, which is not in the file",
                    source=self.path, line=line,
                )
            if kinds and kind not in kinds:
                raise InputError(
                    f"{what} refers to {ref!r}, which is {_a(kind or 'model')}; it must "
                    f"name {' or '.join(_a(k) for k in kinds)}",
                    source=self.path, line=line,
                )


def _a(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def _register_view(refs: References, view: exchange.View) -> None:
    refs.define(view.identifier, view.line, "view")
    local: set[str] = set()

    def nodes(ns: list[exchange.Node]) -> None:
        for n in ns:
            refs.define(n.identifier, n.line, "view node")
            local.add(n.identifier)
            refs.use(n.ref, n.line, f"view node {n.identifier!r}", (ELEMENT,))
            nodes(n.children)

    nodes(view.nodes)
    for c in view.connections:
        refs.define(c.identifier, c.line, "connection")
        local.add(c.identifier)
    for c in view.connections:
        refs.use(c.ref, c.line, f"connection {c.identifier!r}", (RELATIONSHIP,))
        for end, ref in (("source", c.source), ("target", c.target)):
            if ref and ref not in local:
                raise InputError(
                    f"connection {c.identifier!r} ({end}) refers to {ref!r}, which is not a "
                    f"node or connection of view {view.identifier!r}",
                    source=refs.path, line=c.line,
                )


def _register_items(refs: References, items: list[exchange.OrgItem]) -> None:
    for it in items:
        refs.define(it.identifier, it.line, "organisation item")
        refs.use(it.ref, it.line, "organisation item")
        _register_items(refs, it.children)


def _register_props(refs: References, props: list[exchange.Property], line: int) -> None:
    for p in props:
        refs.use(p.definition, line, "property", (DEFINITION,))


def _read_header(root: etree._Element, header: exchange.ModelHeader, refs: References) -> None:
    """The model's own attributes and the children that are not records."""
    header.identifier = root.get("identifier", "")
    header.version = root.get("version")
    refs.define(header.identifier, root.sourceline or 0, "model")
    header.names = [_lang(c) for c in root.iterchildren(q("name"))]
    header.docs = [_lang(c) for c in root.iterchildren(q("documentation"))]
    header.properties = _props(_child(root, "properties"))
    _register_props(refs, header.properties, root.sourceline or 0)
    metadata = _child(root, "metadata")
    header.metadata = None if metadata is None else _fragment(metadata)


def read_records(
    path: Path, *, schema: etree.XMLSchema | None = None, plain: PlainRelationship | None = None,
) -> Iterator[exchange.Record]:
    """The file's records in document order; the :class:`ModelHeader` comes last.

    With ``plain``, a relationship with nothing but its identifier, type and ends (the
    commonest thing in a big model) is checked and handed to ``plain`` as it is read, in
    document order among the records, instead of being made into a record.

    Raises :class:`~tomgraph.errors.InputError` (with the line) on unsafe or malformed input.
    With ``schema``, the same parse also validates the file against it (a schema error is
    raised as a syntax error, at the point the parse reaches it).
    """
    check_prolog(path)
    refs = References(path)
    header = exchange.ModelHeader(identifier="")
    wanted = [
        q(n) for n in (
            "element", "relationship", "organizations", "propertyDefinition", "view", "model",
        )
    ]
    fh = path.open("rb")
    try:
        context = etree.iterparse(fh, events=("end",), tag=wanted, schema=schema,
                                  **_PARSE_OPTIONS)
        organizations, definition, view, model = (
            q(n) for n in ("organizations", "propertyDefinition", "view", "model"))
        for _event, el in context:
            parent = el.getparent()
            tag = el.tag
            line = el.sourceline or 0
            if tag == _ELEMENT:
                names, docs, props = _parts(el)
                e = exchange.Element(el.get("identifier", ""), el.get(XSI_TYPE, ""), names, docs,
                                     _props(props) if props is not None else [], line)
                refs.define(e.identifier, line, ELEMENT)
                if e.properties:
                    _register_props(refs, e.properties, line)
                yield e
            elif tag == _RELATIONSHIP:
                get = el.get
                ident, source, target = get("identifier", ""), get("source", ""), get("target", "")
                access, modifier, directed = get("accessType"), get("modifier"), get("isDirected")
                refs.define(ident, line, RELATIONSHIP)
                refs.use_ends(ident, source, target, line)
                if (len(el) or plain is None or access is not None or modifier is not None
                        or directed is not None):
                    if len(el):
                        names, docs, props = _parts(el)
                        properties = _props(props) if props is not None else []
                    else:  # no name, documentation or properties
                        names, docs, properties = [], [], []
                    if properties:
                        _register_props(refs, properties, line)
                    yield exchange.Relationship(
                        ident, get(XSI_TYPE, ""), source, target, names, docs, properties,
                        access, modifier, directed, line,
                    )
                else:  # the usual relationship: its identifier, type and ends only
                    plain(ident, get(XSI_TYPE, ""), source, target, line)
            elif tag == organizations:
                if parent is None or parent.tag != model:
                    continue
                items = [_item(c) for c in el.iterchildren(q("item"))]
                _register_items(refs, items)
                yield from items
            elif tag == definition:
                d = exchange.PropertyDefinition(
                    el.get("identifier", ""), el.get("type", "string"),
                    [_lang(c) for c in el.iterchildren(q("name"))],
                )
                refs.define(d.identifier, line, DEFINITION)
                yield d
            elif tag == view:
                if parent is None or parent.tag != q("diagrams"):
                    continue
                v = _view(el)
                _register_view(refs, v)
                _register_props(refs, v.properties, line)
                yield v
            elif tag == model:
                _read_header(el, header, refs)
                continue
            el.clear(keep_tail=False)
            if parent is not None and tag != organizations:  # keep the model's own children
                while el.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(exc, path) from exc
    finally:
        fh.close()
    refs.check()
    yield header
