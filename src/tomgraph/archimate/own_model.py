"""Our own model (no ``am:`` data) as an ArchiMate model, with generated views.

Each resource whose class has a ``tom:archimateConcept`` becomes an element; each mapped
relation a relationship; mapped properties (maturity, owner, ...) properties. Two views are
generated so the file opens usefully in Archi: a capability map (capabilities nested under
their parents, coloured by maturity gap) and a project roadmap (projects inside the plateau,
i.e. operating model, whose capabilities they deliver).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

import pyoxigraph as ox

from ..namespaces import DCTERMS, RDF, RDFS, TOM
from . import model as exchange
from .mapping import Mapping
from .vocabulary import CLASS_PROPERTY, IRI_PROPERTY, Statement, Value

GAP_COLOURS = {0: (200, 230, 201), 1: (255, 236, 179), 2: (255, 204, 128)}
"""Fill colour by maturity gap (target - current): none, one level, two or more levels."""
NO_GAP_DATA = (224, 224, 224)
LEAF_W, LEAF_H, PAD, HEADER, PER_ROW = 160, 60, 12, 28, 4


def ident(iri: str, prefix: str = "id-") -> str:
    return prefix + hashlib.sha1(iri.encode()).hexdigest()[:24]


def _style(rgb: tuple[int, int, int]) -> str:
    r, g, b = rgb
    return (f'<style xmlns="http://www.opengroup.org/xsd/archimate/3.0/">'
            f'<fillColor r="{r}" g="{g}" b="{b}"/></style>')


def _ls(terms: list[Value]) -> list[exchange.LangString]:
    return [(t.value, t.language) for t in terms if isinstance(t, ox.Literal)]


def gap_colour(mapping: Mapping, facts: dict[str, list[Value]]) -> tuple[int, int, int]:
    cur, tgt = facts.get(TOM + "currentMaturity"), facts.get(TOM + "targetMaturity")
    if not cur or not tgt:
        return NO_GAP_DATA
    gap = mapping.orders.get(tgt[0].value, 0) - mapping.orders.get(cur[0].value, 0)
    return GAP_COLOURS[min(max(gap, 0), 2)]


def own_model(triples: list[Statement], mapping: Mapping, name: str) -> exchange.Model:
    """Our model's mapped part as an ArchiMate model, with the two generated views."""
    facts: dict[str, dict[str, list[Value]]] = defaultdict(lambda: defaultdict(list))
    for subj, pred_, obj in triples:
        if isinstance(subj, ox.NamedNode):
            facts[subj.value][pred_.value].append(obj)
    classes: dict[str, str] = {}
    all_classes: dict[str, list[str]] = {}
    for s, f in facts.items():
        mine = [t.value for t in f.get(RDF + "type", []) if t.value in mapping.export_type]
        specific = [c for c in mine if not any(c in mapping.supers.get(k, ()) for k in mine)]
        if specific:
            classes[s] = sorted(specific)[0]
            # Every mapped class the entity has, the chosen one first, space-separated in
            # one property: a project that is also a priority project stays both.
            all_classes[s] = [classes[s], *sorted(c for c in mine if c != classes[s])]
    ids = {s: ident(s) for s in classes}
    prop_names = mapping.property_names()
    defs = [exchange.PropertyDefinition(IRI_PROPERTY, "string", [("tomgraph IRI", None)]),
            exchange.PropertyDefinition(CLASS_PROPERTY, "string", [("tomgraph class", None)])]
    def_ids = {}
    for pred, pname in sorted(prop_names.items(), key=lambda kv: kv[1]):
        def_ids[pred] = ident(pred, "propid-")
        defs.append(exchange.PropertyDefinition(def_ids[pred], "string", [(pname, None)]))
    model = exchange.Model(exchange.ModelHeader(ident(name, "id-model-"), None, [(name, "en")]))
    for s, cls in sorted(classes.items(), key=lambda kv: ids[kv[0]]):
        f = facts[s]
        props = [exchange.Property(IRI_PROPERTY, [(s, None)]),
                 exchange.Property(CLASS_PROPERTY, [(" ".join(all_classes[s]), None)])]
        for pred, pid in def_ids.items():
            for o in f.get(pred, []):
                target = mapping.properties[prop_names[pred]]
                if target.kind == "concept":
                    value = str(mapping.orders.get(o.value, o.value.rsplit("#", 1)[-1]))
                elif target.kind == "element":
                    labels = facts.get(o.value, {}).get(RDFS + "label", [])
                    if not labels:
                        continue
                    value = labels[0].value
                else:
                    value = o.value
                props.append(exchange.Property(pid, [(value, None)]))
        model.elements.append(exchange.Element(
            ids[s], mapping.export_type[cls], _ls(f.get(RDFS + "label", [])) or [(s, None)],
            _ls(f.get(DCTERMS + "description", [])), props,
        ))
    rules = mapping.export_rules()
    rel_ids: dict[tuple[str, str, str], str] = {}
    for s in classes:
        for pred, (kind, reverse) in rules.items():
            for o in facts[s].get(pred, []):
                if o.value not in classes:
                    continue
                src, tgt = (o.value, s) if reverse else (s, o.value)
                rid = ident(f"{s} {pred} {o.value}")
                rel_ids[(src, tgt, kind)] = rid
                model.relationships.append(exchange.Relationship(rid, kind, ids[src], ids[tgt]))
    model.relationships.sort(key=lambda r: r.identifier)
    model.property_definitions = defs
    by_type: dict[str, list[str]] = defaultdict(list)
    for e in model.elements:
        by_type[e.type].append(e.identifier)
    model.organizations = [
        exchange.OrgItem(None, None, [(t, "en")], [], [exchange.OrgItem(ref=i) for i in members])
        for t, members in sorted(by_type.items())
    ]
    model.views = [v for v in (capability_map(facts, classes, ids, mapping),
                               roadmap(facts, classes, ids, rel_ids)) if v.nodes]
    return model


def _grid(children: list[exchange.Node]) -> tuple[int, int]:
    """Place ``children`` in rows inside a parent; returns the parent's size."""
    x = y = PAD
    row_h = width = 0
    for i, c in enumerate(children):
        if i and i % PER_ROW == 0:
            x, y = PAD, y + row_h + PAD
            row_h = 0
        c.x, c.y = str(x), str(y + HEADER)
        x += int(c.w) + PAD
        row_h = max(row_h, int(c.h))
        width = max(width, x)
    return max(width, LEAF_W), (y + row_h + PAD + HEADER if children else LEAF_H)


def _absolute(nodes: list[exchange.Node], dx: int, dy: int) -> None:
    """Exchange files place nested nodes in view coordinates, not relative to the parent."""
    for n in nodes:
        n.x, n.y = str(int(n.x) + dx), str(int(n.y) + dy)
        _absolute(n.children, int(n.x), int(n.y))


def capability_map(facts, classes, ids, mapping: Mapping) -> exchange.View:  # type: ignore[no-untyped-def]
    caps = sorted((s for s, c in classes.items() if c == TOM + "Capability"), key=ids.get)
    kids: dict[str | None, list[str]] = defaultdict(list)
    for c in caps:
        parent = facts[c].get(TOM + "parentCapability")
        kids[parent[0].value if parent and parent[0].value in classes else None].append(c)

    def build(c: str) -> exchange.Node:
        children = [build(k) for k in kids.get(c, [])]
        w, h = _grid(children) if children else (LEAF_W, LEAF_H)
        return exchange.Node(ident(c, "node-cap-"), "Element", "0", "0", str(w), str(h), ids[c],
                             style=_style(gap_colour(mapping, facts[c])), children=children)

    top = [build(c) for c in kids[None]]
    _grid(top)
    _absolute(top, 0, 0)
    return exchange.View("view-capability-map",
                         names=[("Capability map (colour: maturity gap)", "en")], nodes=top)


def roadmap(facts, classes, ids, rel_ids) -> exchange.View:  # type: ignore[no-untyped-def]
    plateaus = sorted((s for s, c in classes.items() if c.endswith("OperatingModel")),
                      key=lambda s: (facts[s].get(TOM + "state", [ox.Literal("")])[0].value,
                                     ids[s]))
    projects = [s for s, c in classes.items() if c == TOM + "Project"]
    nodes = []
    y = 0
    placed: dict[str, str] = {}
    for p in plateaus:
        caps = {o.value for o in facts[p].get(TOM + "includesCapability", [])}
        inside = [j for j in sorted(projects, key=ids.get)
                  if caps & {o.value for o in facts[j].get(TOM + "delivers", [])}]
        children = [exchange.Node(ident(p + j, "node-wp-"), "Element", "0", "0", str(LEAF_W),
                                  str(LEAF_H), ids[j]) for j in inside]
        w, h = _grid(children) if children else (LEAF_W * 2, LEAF_H)
        node = exchange.Node(ident(p, "node-pl-"), "Element", "0", str(y), str(w), str(h),
                             ids[p], children=children)
        placed[p] = node.identifier
        nodes.append(node)
        y += h + 40
    _absolute(nodes, 0, 0)
    conns = [
        exchange.Connection(ident(rid, "conn-"), "Relationship", placed[a], placed[b], rid)
        for (a, b, kind), rid in sorted(rel_ids.items(), key=lambda kv: kv[1])
        if kind == "Triggering" and a in placed and b in placed
    ]
    return exchange.View("view-project-roadmap", names=[("Project roadmap by plateau", "en")],
                         nodes=nodes, connections=conns)
