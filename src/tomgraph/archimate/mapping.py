"""How ArchiMate concepts map onto the ontology, read from the ontology's own annotations.

Classes map through ``tom:archimateConcept`` (tom.ttl); relations through
``am:relationship`` / ``am:reverseRelationship`` and ambiguous element types through
``am:importAs`` / ``am:mapsOnImport`` (ontology/archimate.ttl). Properties (maturity, owner,
...) map by name through :data:`DEFAULT_PROPERTY_MAP`, which ``--map FILE`` (JSON or YAML)
extends or overrides.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from .. import bundled
from ..errors import InputError
from ..namespaces import OWL, PREFIXES, RDF, RDFS, SKOS, TOM, XSD
from .vocabulary import AM, RELATIONSHIP_TYPES

DEFAULT_PROPERTY_MAP: dict[str, str] = {
    "maturity": "tom:currentMaturity",
    "current maturity": "tom:currentMaturity",
    "target maturity": "tom:targetMaturity",
    "owner": "tom:owner",
    "level": "tom:level",
    "release": "tom:release",
    "version": "tom:version",
    "measure": "tom:measure",
    "unit": "tom:unit",
    "baseline": "tom:baseline",
    "target": "tom:target",
    "cashable value": "tom:cashableValue",
}
"""ArchiMate property name (case-insensitive) → ontology property. The first name listed for a
property is the one an export writes."""


@dataclass(frozen=True)
class RelationRule:
    """ArchiMate ``kind`` from a ``domain`` thing to a ``range`` thing means ``predicate``
    (asserted the other way round when ``reverse``)."""

    predicate: str
    kind: str
    reverse: bool
    domain: str | None
    range: str | None


@dataclass
class PropertyTarget:
    predicate: str
    kind: str  # "concept" (code list), "element" (by name), or a datatype IRI
    range: str | None = None


@dataclass
class Mapping:
    import_class: dict[str, str] = field(default_factory=dict)
    export_type: dict[str, str] = field(default_factory=dict)
    supers: dict[str, set[str]] = field(default_factory=dict)
    rules: list[RelationRule] = field(default_factory=list)
    concepts: dict[str, dict[str, str]] = field(default_factory=dict)
    orders: dict[str, int] = field(default_factory=dict)
    properties: dict[str, PropertyTarget] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    inferred: dict[str, list[str]] = field(default_factory=dict)
    """ArchiMate type → the defined (inferred) classes annotated with it: a reasoner derives
    their members, so an imported element of the type never becomes one directly."""

    def is_a(self, cls: str, other: str | None) -> bool:
        return other is None or other == cls or other in self.supers.get(cls, set())

    def relation_for(self, kind: str, source_cls: str, target_cls: str) -> tuple[str, bool] | None:
        """The ontology property (and whether it runs target → source) for a relationship."""
        for r in self.rules:
            if r.kind != kind:
                continue
            subj, obj = (target_cls, source_cls) if r.reverse else (source_cls, target_cls)
            if self.is_a(subj, r.domain) and self.is_a(obj, r.range):
                return r.predicate, r.reverse
        return None

    def export_rules(self) -> dict[str, tuple[str, bool]]:
        """Ontology property → the ArchiMate relationship type (first alphabetically) and
        direction an export writes it as."""
        out: dict[str, tuple[str, bool]] = {}
        for r in sorted(self.rules, key=lambda r: (r.predicate, r.kind)):
            out.setdefault(r.predicate, (r.kind, r.reverse))
        return out

    def property_names(self) -> dict[str, str]:
        """Ontology property → the ArchiMate property name an export writes."""
        out: dict[str, str] = {}
        for name, t in self.properties.items():
            out.setdefault(t.predicate, name)
        return out


def _expand(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    if prefix in PREFIXES and not curie.startswith("http"):
        return PREFIXES[prefix] + local
    return curie


def _ontology() -> list[ox.Triple]:
    triples: list[ox.Triple] = []
    for path in bundled.ontology_files():
        triples.extend(q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    return triples


@cache
def default_mapping() -> Mapping:
    return build_mapping(None)


def build_mapping(property_map: dict[str, str] | None) -> Mapping:
    """The mapping from the bundled ontology, with ``property_map`` over the default names."""
    triples = _ontology()
    by_p: dict[str, list[tuple[str, ox.NamedNode | ox.BlankNode | ox.Literal]]] = defaultdict(list)
    for t in triples:
        if isinstance(t.subject, ox.NamedNode) and not isinstance(t.object, ox.Triple):
            by_p[t.predicate.value].append((t.subject.value, t.object))
    m = Mapping()
    direct: dict[str, set[str]] = defaultdict(set)
    for s, o in by_p[RDFS + "subClassOf"]:
        if isinstance(o, ox.NamedNode):
            direct[s].add(o.value)
    for cls in list(direct):
        seen: set[str] = set()
        todo = list(direct[cls])
        while todo:
            c = todo.pop()
            if c not in seen:
                seen.add(c)
                todo.extend(direct.get(c, ()))
        m.supers[cls] = seen
    defined = {s for s, _ in by_p[OWL + "equivalentClass"]}
    concept_of = {s: o.value for s, o in by_p[TOM + "archimateConcept"]}
    for cls, concept in concept_of.items():
        if concept not in RELATIONSHIP_TYPES and cls not in defined:
            m.export_type[cls] = concept
        elif concept not in RELATIONSHIP_TYPES:
            m.inferred.setdefault(concept, []).append(cls)
    candidates: dict[str, list[str]] = defaultdict(list)
    for cls, concept in m.export_type.items():
        if not any(concept_of.get(sup) == concept for sup in m.supers.get(cls, ())):
            candidates[concept].append(cls)
    for concept, classes in candidates.items():
        if len(classes) == 1:
            m.import_class[concept] = classes[0]
    for s, o in by_p[AM + "importAs"]:
        m.import_class[s.removeprefix(AM)] = o.value
    for s, o in by_p[AM + "mapsOnImport"]:
        if o.value == "false":
            m.import_class.pop(s.removeprefix(AM), None)
    domains = {s: o.value for s, o in by_p[RDFS + "domain"]}
    ranges = {s: o.value for s, o in by_p[RDFS + "range"]}
    for key, reverse in (("relationship", False), ("reverseRelationship", True)):
        for s, o in by_p[AM + key]:
            m.rules.append(RelationRule(s, o.value, reverse, domains.get(s), ranges.get(s)))
    m.rules.sort(key=lambda r: (r.kind, r.predicate))
    schemes: dict[str, dict[str, str]] = defaultdict(dict)
    types = [(s, o.value) for s, o in by_p[RDF + "type"]]
    labels = {s: o.value for s, o in by_p[RDFS + "label"]}
    m.labels = labels
    for s, o in by_p[TOM + "order"]:
        m.orders[s] = int(o.value)
    for s, cls in types:
        if SKOS + "Concept" in m.supers.get(cls, set()):
            local = s.rsplit("#", 1)[-1]
            for key in (local, labels.get(s, ""), str(m.orders.get(s, ""))):
                if key:
                    schemes[cls][key.lower()] = s
    m.concepts = dict(schemes)
    names = dict(DEFAULT_PROPERTY_MAP)
    names.update(property_map or {})
    for name, curie in names.items():
        pred = _expand(curie)
        rng = ranges.get(pred)
        if rng in schemes:
            kind = "concept"
        elif rng and rng.startswith(XSD):
            kind = rng
        elif pred in {s for s, o in types if o == OWL + "ObjectProperty"}:
            kind = "element"
        else:
            kind = XSD + "string"
        m.properties[name.lower()] = PropertyTarget(pred, kind, rng)
    return m


def load_property_map(path: Path) -> dict[str, str]:
    """A ``--map`` file: JSON or YAML, ``{"properties": {"Name": "tom:predicate", ...}}``."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=path) from exc
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            import yaml

            data = yaml.safe_load(text)
        else:
            data = json.loads(text)
    except Exception as exc:  # noqa: BLE001 - any parse failure is the user's file
        raise InputError(f"not valid JSON/YAML: {exc}", source=path) from exc
    props = data.get("properties") if isinstance(data, dict) else None
    if not isinstance(props, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in props.items()
    ):
        raise InputError(
            'expected {"properties": {"ArchiMate property name": "tom:property", ...}}',
            source=path,
        )
    for name, curie in props.items():
        if not _expand(curie).startswith("http"):
            raise InputError(
                f"property {name!r}: {curie!r} is not an IRI or a known prefix:name", source=path
            )
    return props
