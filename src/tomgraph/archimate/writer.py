"""Write a :class:`~.model.Model` as an exchange file (format 3.1), streaming element by element."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable
from typing import IO

from lxml import etree

from .model import (
    Connection,
    Element,
    LangString,
    Model,
    Node,
    OrgItem,
    Property,
    Relationship,
    View,
)
from .vocabulary import NS, XML_LANG, XSI, XSI_TYPE

SCHEMA_LOCATION = f"{NS} http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd"
NSMAP = {None: NS, "xsi": XSI}


def q(local: str) -> str:
    return f"{{{NS}}}{local}"


def _texts(parent: etree._Element, tag: str, values: list[LangString]) -> None:
    for text, lang in values:
        el = etree.SubElement(parent, q(tag))
        el.text = text
        if lang:
            el.set(XML_LANG, lang)


def _props(parent: etree._Element, props: list[Property]) -> None:
    if not props:
        return
    holder = etree.SubElement(parent, q("properties"))
    for p in props:
        el = etree.SubElement(holder, q("property"), propertyDefinitionRef=p.definition)
        _texts(el, "value", p.values)


def _fragments(parent: etree._Element, xml: str | None) -> None:
    if xml:
        wrapper = etree.fromstring(f'<w xmlns="{NS}" xmlns:xsi="{XSI}">{xml}</w>')
        for child in list(wrapper):
            parent.append(child)


def _node(parent: etree._Element, n: Node) -> None:
    el = etree.SubElement(parent, q("node"), identifier=n.identifier)
    if n.ref:
        el.set("elementRef", n.ref)
    el.set(XSI_TYPE, n.type)
    for key in ("x", "y", "w", "h"):
        el.set(key, getattr(n, key))
    _texts(el, "label", n.labels)
    _texts(el, "name", n.names)
    _texts(el, "documentation", n.docs)
    _fragments(el, n.style)
    _fragments(el, n.extra)
    for child in n.children:
        _node(el, child)


def _connection(parent: etree._Element, c: Connection) -> None:
    el = etree.SubElement(parent, q("connection"), identifier=c.identifier)
    if c.ref:
        el.set("relationshipRef", c.ref)
    el.set(XSI_TYPE, c.type)
    el.set("source", c.source)
    el.set("target", c.target)
    _texts(el, "label", c.labels)
    _texts(el, "name", c.names)
    _texts(el, "documentation", c.docs)
    _fragments(el, c.style)
    _fragments(el, c.extra)
    if c.source_attachment:
        etree.SubElement(el, q("sourceAttachment"), x=c.source_attachment[0],
                         y=c.source_attachment[1])
    for x, y in c.bendpoints:
        etree.SubElement(el, q("bendpoint"), x=x, y=y)
    if c.target_attachment:
        etree.SubElement(el, q("targetAttachment"), x=c.target_attachment[0],
                         y=c.target_attachment[1])


def view_element(v: View) -> etree._Element:
    el = etree.Element(q("view"), nsmap=NSMAP, identifier=v.identifier)  # type: ignore[arg-type]
    if v.type:
        el.set(XSI_TYPE, v.type)
    if v.viewpoint:
        el.set("viewpoint", v.viewpoint)
    _texts(el, "name", v.names)
    _texts(el, "documentation", v.docs)
    _props(el, v.properties)
    _fragments(el, v.extra)
    for n in v.nodes:
        _node(el, n)
    for c in v.connections:
        _connection(el, c)
    return el


def _item(parent: etree._Element, it: OrgItem) -> None:
    el = etree.SubElement(parent, q("item"))
    if it.identifier:
        el.set("identifier", it.identifier)
    if it.ref:
        el.set("identifierRef", it.ref)
    _texts(el, "label", it.labels)
    _texts(el, "documentation", it.docs)
    for child in it.children:
        _item(el, child)


_TEXT_SPECIAL = re.compile(r"[&<>\r]")
_ATTR_SPECIAL = re.compile(r'[&<>"\r\n\t]')
_TEXT_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_ATTR_ESCAPES = {**_TEXT_ESCAPES, '"': "&quot;", "\n": "&#10;", "\t": "&#9;"}


def _t(text: str) -> str:
    """``text`` escaped as element content."""
    if _TEXT_SPECIAL.search(text) is None:
        return text
    return _TEXT_SPECIAL.sub(lambda m: _TEXT_ESCAPES[m[0]], text)


def _a(text: str) -> str:
    """``text`` escaped as an attribute value (between double quotes)."""
    if _ATTR_SPECIAL.search(text) is None:
        return text
    return _ATTR_SPECIAL.sub(lambda m: _ATTR_ESCAPES[m[0]], text)


escape_text, escape_attribute = _t, _a


def _texts_xml(out: list[str], tag: str, values: list[LangString]) -> None:
    for text, lang in values:
        if lang:
            out.append(f'<{tag} xml:lang="{_a(lang)}">{_t(text)}</{tag}>')
        else:
            out.append(f"<{tag}>{_t(text)}</{tag}>")


def _props_xml(out: list[str], props: list[Property]) -> None:
    if props:
        out.append("<properties>")
        for p in props:
            out.append(f'<property propertyDefinitionRef="{_a(p.definition)}">')
            _texts_xml(out, "value", p.values)
            out.append("</property>")
        out.append("</properties>")


def element_xml(e: Element) -> str:
    """One ``<element>`` as text: the model's elements are written as text, not as trees,
    which made an export several times faster (the root declares both namespaces)."""
    out = [f'<element identifier="{_a(e.identifier)}" xsi:type="{_a(e.type)}">']
    _texts_xml(out, "name", e.names)
    _texts_xml(out, "documentation", e.docs)
    _props_xml(out, e.properties)
    out.append("</element>")
    return "".join(out)


def relationship_xml(r: Relationship) -> str:
    """One ``<relationship>`` as text (see :func:`element_xml`)."""
    out = [f'<relationship identifier="{_a(r.identifier)}" xsi:type="{_a(r.type)}" '
           f'source="{_a(r.source)}" target="{_a(r.target)}"']
    for key, value in (("accessType", r.access_type), ("modifier", r.modifier),
                       ("isDirected", r.is_directed)):
        if value is not None:
            out.append(f' {key}="{_a(value)}"')
    if not (r.names or r.docs or r.properties):
        out.append("/>")
        return "".join(out)
    out.append(">")
    _texts_xml(out, "name", r.names)
    _texts_xml(out, "documentation", r.docs)
    _props_xml(out, r.properties)
    out.append("</relationship>")
    return "".join(out)


def _write_text(xf: etree.xmlfile, out: IO[bytes], parts: Iterable[str]) -> None:
    """Write ``parts`` as markup, in batches, after what ``xf`` has written so far."""
    xf.flush()
    batch: list[str] = []
    for part in parts:
        batch.append(part)
        if len(batch) >= 5000:
            out.write("".join(batch).encode())
            batch.clear()
    out.write("".join(batch).encode())


def _new(tag: str, **attrib: str) -> etree._Element:
    return etree.Element(q(tag), nsmap=NSMAP, **attrib)  # type: ignore[arg-type]


Spooled = tuple[IO[bytes], int]
"""Records already written as XML text (a file to copy) and how many there are."""


def _write_section(xf: etree.xmlfile, out: IO[bytes], tag: str, parts: Iterable[str],
                   spooled: Spooled | None) -> None:
    with xf.element(q(tag)):
        if spooled is not None and spooled[1]:
            xf.flush()
            shutil.copyfileobj(spooled[0], out, 1 << 20)
        _write_text(xf, out, parts)


def write_model(model: Model, out: IO[bytes], *, elements: Spooled | None = None,
                relationships: Spooled | None = None) -> None:
    """Write ``model`` to ``out``; elements and relationships are written one at a time,
    after those already written as text into ``elements`` / ``relationships`` (see
    :mod:`.stream_export`)."""
    h = model.header
    attrib = {"identifier": h.identifier, f"{{{XSI}}}schemaLocation": SCHEMA_LOCATION}
    if h.version:
        attrib["version"] = h.version
    with etree.xmlfile(out, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element(q("model"), attrib, nsmap=NSMAP):  # type: ignore[arg-type]
            head = _new("head")
            _texts(head, "name", h.names or [("", None)])
            _texts(head, "documentation", h.docs)
            _props(head, h.properties)
            _fragments(head, h.metadata)
            for child in head:
                xf.write(child)
            if model.elements or (elements and elements[1]):
                _write_section(xf, out, "elements", map(element_xml, model.elements), elements)
            if model.relationships or (relationships and relationships[1]):
                _write_section(xf, out, "relationships",
                               map(relationship_xml, model.relationships), relationships)
            if model.organizations:
                orgs = _new("organizations")
                for it in model.organizations:
                    _item(orgs, it)
                xf.write(orgs)
            if model.property_definitions:
                defs = _new("propertyDefinitions")
                for d in model.property_definitions:
                    el = etree.SubElement(defs, q("propertyDefinition"), identifier=d.identifier,
                                          type=d.data_type)
                    _texts(el, "name", d.names)
                xf.write(defs)
            if model.views:
                with xf.element(q("views")), xf.element(q("diagrams")):
                    for v in model.views:
                        xf.write(view_element(v))
