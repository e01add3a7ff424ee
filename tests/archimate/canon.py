"""A comparable form of an exchange file: what a lossless round trip must keep."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

NS = "{http://www.opengroup.org/xsd/archimate/3.0/}"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _texts(el, tag):
    return sorted((c.text or "", c.get(LANG)) for c in el.findall(NS + tag))


def _props(el):
    holder = el.find(NS + "properties")
    if holder is None:
        return []
    return [(p.get("propertyDefinitionRef"), _texts(p, "value")) for p in holder]


def _tree(el):
    """Attributes, texts and children in order, for views and folders."""
    attrs = tuple(sorted(el.attrib.items()))
    text = (el.text or "").strip()
    return (etree.QName(el).localname, attrs, text, [_tree(c) for c in el
                                                       if isinstance(c.tag, str)])


def canonical(path: Path) -> dict:
    root = etree.parse(str(path)).getroot()
    out = {"model": (root.get("identifier"), _texts(root, "name"), _texts(root, "documentation"),
                     _props(root))}
    out["elements"] = {
        e.get("identifier"): (e.get(XSI_TYPE), _texts(e, "name"), _texts(e, "documentation"),
                              _props(e))
        for e in root.iter(NS + "element")
    }
    out["relationships"] = {
        r.get("identifier"): (r.get(XSI_TYPE), r.get("source"), r.get("target"),
                              r.get("accessType"), r.get("modifier"), r.get("isDirected"),
                              _texts(r, "name"), _texts(r, "documentation"), _props(r))
        for r in root.iter(NS + "relationship")
    }
    out["propertyDefinitions"] = {
        d.get("identifier"): (d.get("type"), _texts(d, "name"))
        for d in root.iter(NS + "propertyDefinition")
    }
    out["organizations"] = [_tree(o) for o in root.findall(NS + "organizations")]
    out["views"] = [_tree(v) for v in root.iter(NS + "view")]
    metadata = root.find(NS + "metadata")
    out["metadata"] = _tree(metadata) if metadata is not None else None
    return out
