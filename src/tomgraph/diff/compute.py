"""The difference between two models: triples first, then entities and their changed values.

Triples are compared after canonical blank-node labelling, so an unchanged blank-node
structure is no change. Entity changes say, per subject, whether it was added, removed or
changed, and per property whether one value replaced another (a property that takes one
value: ``owl:FunctionalProperty`` or a shape's ``sh:maxCount 1``) or values were added and
removed. Labels, kinds and the project each entity belongs to come from the models
themselves (the new one first, the old one for what was removed).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from ..namespaces import MODEL_GRAPH, ONTOLOGY_GRAPH, RDF, RDFS, SCHEMA, SKOS, TOM, shorten
from ..sparql import internal_query
from ..store import Dataset, GraphResult, SelectResult, Store
from ..store.stable_turtle import canonical_triples
from ..validation.labels import load_memberships

RDF_TYPE = RDF + "type"
LABELS = (RDFS + "label", SKOS + "prefLabel")
MONEY = {TOM + "cashableValue", SCHEMA + "value"}
"""Properties whose values are pounds: shown as £1.2m rather than 1200000."""
PLACEMENT = {
    TOM + "parentCapability": "under",
    TOM + "partOfProgramme": "in",
    TOM + "dependent": "for",
    TOM + "featureOf": "in",
    TOM + "optionOf": "in",
    TOM + "resolutionOf": "in",
    TOM + "principleOf": "in",
}
"""The relation that places a new entity, and the word that says where it went."""


@dataclass(frozen=True)
class ValueChange:
    """One property of one entity: a value replaced, or values added and removed."""

    property: str
    property_label: str
    change: str  # "changed", "added" or "removed"
    old: tuple[str, ...] = ()
    new: tuple[str, ...] = ()

    def sentence(self) -> str:
        if self.change == "changed":
            return f"{self.property_label} {_join(self.old)} → {_join(self.new)}"
        values = self.new if self.change == "added" else self.old
        return f"{self.property_label} {self.change}: {_join(values)}"


@dataclass
class EntityChange:
    """An entity added, removed or changed, with its label, kind and projects."""

    iri: str
    label: str
    kind: str | None
    kind_label: str
    status: str  # "added", "removed" or "changed"
    changes: list[ValueChange] = field(default_factory=list)
    placed: str | None = None  # "under Detainee Reception"
    projects: list[tuple[str, str]] = field(default_factory=list)

    def sentence(self) -> str:
        """The change in one line: 'capability *Digital Booking In* added under *X*'."""
        head = f"{self.kind_label} *{self.label}*"
        if self.status == "added":
            return f"{head} added" + (f" {self.placed}" if self.placed else "")
        if self.status == "removed":
            return f"{head} removed"
        return f"{head}: " + "; ".join(c.sentence() for c in self.changes)


@dataclass
class ModelDiff:
    """Everything that differs between two models."""

    added: list[ox.Triple]
    removed: list[ox.Triple]
    entities: list[EntityChange]
    delta: object | None = None  # a ValidationDelta when validation was asked for

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


def _join(values: tuple[str, ...]) -> str:
    return ", ".join(values) if values else "(none)"


def model_triples(store: Store) -> set[ox.Triple]:
    """The model graph's triples, blank nodes labelled canonically."""
    result = store.query(internal_query("union-triples"), dataset=Dataset((MODEL_GRAPH,)))
    assert isinstance(result, GraphResult)
    return set(canonical_triples(result))


class _Describer:
    """Labels, kinds, property facts and projects, read from both models."""

    def __init__(self, old: Store, new: Store, old_triples: set[ox.Triple],
                 new_triples: set[ox.Triple]) -> None:
        self.by_subject: dict[str, dict[str, dict[str, list[ox.Triple]]]] = {
            "old": _index(old_triples), "new": _index(new_triples)}
        self.labels: dict[str, str] = {}
        for triples in (old_triples, new_triples):
            for t in triples:
                if t.predicate.value in LABELS and isinstance(t.object, ox.Literal):
                    key = _key(t.subject)
                    if key not in self.labels or t.object.language in ("en", ""):
                        self.labels[key] = t.object.value
        self.properties: dict[str, tuple[str, bool]] = {}
        self.class_labels: dict[str, str] = {}
        self.superclasses: dict[str, set[str]] = defaultdict(set)
        for store in (old, new):
            self._read_vocabulary(store)
        self.projects: dict[str, list[str]] = defaultdict(list)
        for triples in (new_triples, old_triples):
            # A benefit belongs with the projects that contribute to it.
            for t in triples:
                if t.predicate.value == TOM + "contributesTo":
                    benefit, project = _key(t.object), _key(t.subject)
                    if project not in self.projects[benefit]:
                        self.projects[benefit].append(project)
        for store in (new, old):
            groups = load_memberships(store, [MODEL_GRAPH]).get("project", {})
            for group, members in groups.items():
                for member in members:
                    iri, project = member.strip("<>"), group.strip("<>")
                    if project not in self.projects[iri]:
                        self.projects[iri].append(project)

    def _read_vocabulary(self, store: Store) -> None:
        labels = store.query(internal_query("diff-vocabulary-labels"),
                             dataset=Dataset((ONTOLOGY_GRAPH,)))
        assert isinstance(labels, SelectResult)
        for term, label in labels:
            if isinstance(term, ox.NamedNode) and isinstance(label, ox.Literal):
                self.labels.setdefault(term.value, label.value)
        result = store.query(internal_query("diff-property-facts"))
        assert isinstance(result, SelectResult)
        for prop, label, functional in result:
            if isinstance(prop, ox.NamedNode) and prop.value not in self.properties:
                text = label.value if isinstance(label, ox.Literal) else _local(prop.value)
                single = isinstance(functional, ox.Literal) and functional.value == "true"
                self.properties[prop.value] = (text, single)
        result = store.query(internal_query("diff-classes"))
        assert isinstance(result, SelectResult)
        for cls, label, sup in result:
            if not isinstance(cls, ox.NamedNode):
                continue
            if isinstance(label, ox.Literal):
                self.class_labels.setdefault(cls.value, label.value)
            if isinstance(sup, ox.NamedNode):
                self.superclasses[cls.value].add(sup.value)

    def label(self, key: str) -> str:
        return self.labels.get(key) or (shorten(key) if not key.startswith("_:") else key)

    def show(self, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple,
             prop: str) -> str:
        if isinstance(term, ox.NamedNode):
            return self.labels.get(term.value) or shorten(term.value)
        if isinstance(term, ox.Literal):
            if prop in MONEY:
                return money(term.value)
            return term.value
        return str(term)

    def kind(self, types: list[str]) -> tuple[str | None, str]:
        """The most specific named class among ``types`` and its label."""
        specific = [t for t in types
                    if not any(t in self.superclasses.get(o, ()) for o in types if o != t)]
        chosen = sorted(specific or types, key=lambda t: (not t.startswith(TOM), t))
        if not chosen:
            return None, "resource"
        return chosen[0], self.class_labels.get(chosen[0]) or _local(chosen[0])

    def entity(self, key: str) -> EntityChange:
        old = self.by_subject["old"].get(key, {})
        new = self.by_subject["new"].get(key, {})
        status = "added" if not old else "removed" if not new else "changed"
        current = new or old
        types = [t.object.value for t in current.get(RDF_TYPE, [])
                 if isinstance(t.object, ox.NamedNode)]
        kind, kind_label = self.kind(types)
        change = EntityChange(key, self.label(key), kind, kind_label, status)
        if status == "added":
            for prop, word in PLACEMENT.items():
                placed = [self.show(t.object, prop) for t in new.get(prop, [])]
                if placed:
                    change.placed = f"{word} *{placed[0]}*"
                    break
        elif status == "changed":
            change.changes = self.value_changes(old, new)
        change.projects = [(p, self.label(p)) for p in self.projects.get(key, [])
                           if p != key] or ([(key, change.label)] if kind and
                                            TOM + "Project" in (kind, *self.superclasses[kind])
                                            else [])
        return change

    def value_changes(self, old: dict[str, list[ox.Triple]],
                      new: dict[str, list[ox.Triple]]) -> list[ValueChange]:
        out = []
        for prop in sorted(set(old) | set(new), key=lambda p: (p != RDF_TYPE, p)):
            before = {t.object for t in old.get(prop, [])}
            after = {t.object for t in new.get(prop, [])}
            if before == after:
                continue
            label, single = self.properties.get(prop, (_local(prop), False))
            if prop == RDF_TYPE:
                label = "type"
            gone = tuple(sorted(self.show(o, prop) for o in before - after))
            came = tuple(sorted(self.show(o, prop) for o in after - before))
            if (single or (len(before) == 1 and len(after) == 1)) and before and after:
                out.append(ValueChange(prop, label, "changed", gone, came))
                continue
            if came:
                out.append(ValueChange(prop, label, "added", new=came))
            if gone:
                out.append(ValueChange(prop, label, "removed", old=gone))
        return out


def _key(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    if isinstance(term, ox.NamedNode):
        return term.value
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else str(term)


def _index(triples: set[ox.Triple]) -> dict[str, dict[str, list[ox.Triple]]]:
    index: dict[str, dict[str, list[ox.Triple]]] = defaultdict(lambda: defaultdict(list))
    for t in triples:
        index[_key(t.subject)][t.predicate.value].append(t)
    return index


def _local(iri: str) -> str:
    return iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def money(lexical: str) -> str:
    """An amount in pounds as a reader says it: £1.2m, £450k, £950."""
    try:
        value = Decimal(lexical)
    except InvalidOperation:
        return lexical
    sign, value = ("-" if value < 0 else ""), abs(value)
    if value >= 1_000_000:
        text = f"{value / 1_000_000:.2f}".rstrip("0").rstrip(".") + "m"
    elif value >= 1_000:
        text = f"{value / 1_000:.1f}".rstrip("0").rstrip(".") + "k"
    else:
        text = f"{value:.2f}".removesuffix(".00")
    return f"{sign}£{text}"


def diff_models(old: Store, new: Store, *, validate: bool = True) -> ModelDiff:
    """What changed from ``old`` to ``new`` (both with ontology and shapes loaded)."""
    old_triples, new_triples = model_triples(old), model_triples(new)
    added = sorted(new_triples - old_triples, key=str)
    removed = sorted(old_triples - new_triples, key=str)
    entities: list[EntityChange] = []
    if added or removed:
        describer = _Describer(old, new, old_triples, new_triples)
        subjects = sorted({_key(t.subject) for t in (*added, *removed)})
        entities = [describer.entity(s) for s in subjects]
        entities.sort(key=lambda e: (e.projects[0][1] if e.projects else "~",
                                     e.kind_label, e.label))
    result = ModelDiff(added, removed, entities)
    if validate:
        from .delta import validation_delta

        result.delta = validation_delta(old, new)
    return result
