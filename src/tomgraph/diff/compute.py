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
from pathlib import Path

import pyoxigraph as ox

from .. import labels
from ..namespaces import RDF, SCHEMA, TOM
from ..sparql import internal_query
from ..store import Dataset, SelectResult, Store, Term
from ..store.base import term_value
from ..store.stable_turtle import canonical_triples
from .sources import NEW_GRAPH, OLD_GRAPH, is_ntriples, ntriples_difference, open_versions

RDF_TYPE = RDF + "type"
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


def _select(store: Store, name: str, **bindings: ox.NamedNode) -> SelectResult:
    result = store.query(internal_query(name), bindings=bindings or None)
    assert isinstance(result, SelectResult), name
    return result


def changed_triples(store: Store) -> tuple[list[ox.Triple], list[ox.Triple]]:
    """(added, removed): what the new version has that the old lacks, and the reverse.

    The engine compares the triples without blank nodes; those with blank nodes (usually
    none) are compared here after canonical labelling of each version's share of them.
    """
    added = [ox.Triple(*row) for row in _select(store, "diff-added")]  # type: ignore[misc,arg-type]
    removed = [ox.Triple(*row) for row in _select(store, "diff-removed")]  # type: ignore[misc,arg-type]
    blank: list[set[ox.Triple]] = []
    for graph in (OLD_GRAPH, NEW_GRAPH):
        rows = store.query(internal_query("diff-blank-triples"), dataset=Dataset((graph,)))
        assert isinstance(rows, SelectResult)
        blank.append(set(canonical_triples(ox.Triple(*row) for row in rows)))  # type: ignore[misc,arg-type]
    added += blank[1] - blank[0]
    removed += blank[0] - blank[1]
    return sorted(added, key=str), sorted(removed, key=str)


class _Describer:
    """Labels, kinds, property facts and projects, looked up for the changed entities only.

    An entity's old statements are its new ones less what was added plus what was removed,
    so the old version need not be in the store at all.
    """

    def __init__(self, store: Store, added: list[ox.Triple], removed: list[ox.Triple]) -> None:
        self.store = store
        self.added: dict[str, list[ox.Triple]] = defaultdict(list)
        self.removed: dict[str, list[ox.Triple]] = defaultdict(list)
        for t in added:
            self.added[_key(t.subject)].append(t)
        for t in removed:
            self.removed[_key(t.subject)].append(t)
        self.labels: dict[str, str | None] = {}
        self.properties: dict[str, tuple[str, bool]] = {}
        self.class_labels: dict[str, str] = {}
        self.superclasses: dict[str, set[str]] = defaultdict(set)
        self._projects: set[str] | None = None
        self._links: dict[str, set[str]] = defaultdict(set)
        self._read_vocabulary()

    def _read_vocabulary(self) -> None:
        facts = list(_select(self.store, "diff-property-facts"))
        classes = list(_select(self.store, "diff-classes"))
        names = labels.lookup(self.store, [row[0] for row in (*facts, *classes)
                                           if isinstance(row[0], ox.NamedNode)])
        for prop, functional in facts:
            if isinstance(prop, ox.NamedNode) and prop.value not in self.properties:
                text = names.get(prop.value) or _local(prop.value)
                single = isinstance(functional, ox.Literal) and functional.value == "true"
                self.properties[prop.value] = (text, single)
        for cls, sup in classes:
            if not isinstance(cls, ox.NamedNode):
                continue
            if cls.value in names:
                self.class_labels.setdefault(cls.value, names[cls.value])
            if isinstance(sup, ox.NamedNode):
                self.superclasses[cls.value].add(sup.value)

    def label(self, key: str) -> str:
        if key.startswith("_:"):
            return key
        if key not in self.labels:
            found = labels.lookup(self.store, [key]).get(key)
            if found is None:  # a removed entity is named by its removed statements
                found = labels.choose(
                    (key, t.predicate, t.object) for t in self.removed.get(key, [])
                    if t.predicate.value in labels.LABEL_PREDICATES
                    and isinstance(t.object, ox.Literal)
                ).get(key)
            self.labels[key] = found
        return self.labels[key] or labels.fallback(key)

    def show(self, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple,
             prop: str) -> str:
        if isinstance(term, ox.NamedNode):
            return self.label(term.value)
        if isinstance(term, ox.Literal):
            return money(term.value) if prop in MONEY else term.value
        return str(term)

    def kind(self, types: list[str]) -> tuple[str | None, str]:
        """The most specific named class among ``types`` and its label."""
        specific = [t for t in types
                    if not any(t in self.superclasses.get(o, ()) for o in types if o != t)]
        chosen = sorted(specific or types, key=lambda t: (not t.startswith(TOM), t))
        if not chosen:
            return None, "resource"
        return chosen[0], self.class_labels.get(chosen[0]) or _local(chosen[0])

    def statements(self, key: str) -> tuple[dict[str, list[Term]], dict[str, list[Term]]]:
        """The subject's values per property, in the old and in the new version."""
        new: dict[str, list[Term]] = defaultdict(list)
        if not key.startswith("_:"):
            for _, p, o in _select(self.store, "diff-subject", s=ox.NamedNode(key)):
                new[p.value].append(o)  # type: ignore[union-attr,arg-type]
        else:
            for t in self.added.get(key, []):
                new[t.predicate.value].append(t.object)
        came = {(t.predicate.value, t.object) for t in self.added.get(key, [])}
        old: dict[str, list[Term]] = defaultdict(list)
        for prop, values in new.items():
            kept = [o for o in values if (prop, o) not in came]
            if kept:
                old[prop] = kept
        for t in self.removed.get(key, []):
            old[t.predicate.value].append(t.object)
        return old, new

    def projects(self, key: str, statements: dict[str, list[Term]]) -> list[tuple[str, str]]:
        """The projects ``key`` belongs to: itself, the project it is a dependency of, and
        those that deliver, design or contribute to it (looked up once for all entities)."""
        if self._projects is None:
            self._projects = {str(term_value(r[0])) for r in _select(self.store,
                                                                       "diff-projects-all")}
            self._links = defaultdict(set)
            for member, project in _select(self.store, "diff-project-links"):
                if isinstance(member, ox.NamedNode) and isinstance(project, ox.NamedNode):
                    self._links[member.value].add(project.value)
        found = set(self._links.get(key, ()))
        found |= {o.value for o in statements.get(TOM + "dependent", [])
                  if isinstance(o, ox.NamedNode)}
        found.add(key)
        return [(p, self.label(p)) for p in sorted(found & self._projects)]

    def entity(self, key: str) -> EntityChange:
        old, new = self.statements(key)
        status = "added" if not old else "removed" if not new else "changed"
        current = new or old
        if key not in self.labels:  # its own statements name it: no look-up needed
            named = labels.choose(
                (key, ox.NamedNode(p), o) for p in labels.LABEL_PREDICATES
                for o in current.get(p, []) if isinstance(o, ox.Literal)
            )
            if named:
                self.labels[key] = named[key]
        types = [t.value for t in current.get(RDF_TYPE, []) if isinstance(t, ox.NamedNode)]
        kind, kind_label = self.kind(types)
        change = EntityChange(key, self.label(key), kind, kind_label, status)
        if status == "added":
            for prop, word in PLACEMENT.items():
                placed = [self.show(o, prop) for o in new.get(prop, [])]
                if placed:
                    change.placed = f"{word} *{placed[0]}*"
                    break
        elif status == "changed":
            change.changes = self.value_changes(old, new)
        change.projects = self.projects(key, current)
        return change

    def value_changes(self, old: dict[str, list[Term]],
                      new: dict[str, list[Term]]) -> list[ValueChange]:
        out = []
        for prop in sorted(set(old) | set(new), key=lambda p: (p != RDF_TYPE, p)):
            before, after = set(old.get(prop, [])), set(new.get(prop, []))
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


def diff_models(
    store: Store,
    *,
    validate: bool = True,
    known: tuple[list[ox.Triple], list[ox.Triple]] | None = None,
) -> ModelDiff:
    """What changed from the old to the new version held in ``store`` (see :mod:`.sources`).

    ``known`` gives (added, removed) when they were found without the store (two N-Triples
    files); otherwise the store compares its two version graphs.
    """
    added, removed = known if known is not None else changed_triples(store)
    entities: list[EntityChange] = []
    if added or removed:
        describer = _Describer(store, added, removed)
        subjects = sorted({_key(t.subject) for t in (*added, *removed)})
        entities = [describer.entity(s) for s in subjects]
        entities.sort(key=lambda e: (e.projects[0][1] if e.projects else "~",
                                     e.kind_label, e.label))
    result = ModelDiff(added, removed, entities)
    if validate:
        from .delta import validation_delta

        result.delta = validation_delta(store)
    return result


def diff_paths(old: Path, new: Path, *, graph: str | None = None,
               old_graph: str | None = None, new_graph: str | None = None,
               validate: bool = True) -> ModelDiff:
    """Diff two models given as paths (files, workbooks, CSV folders, store directories).

    Two N-Triples files are compared line by line, and only the new version is loaded (both
    when validating): the common case of models kept in git stays about as fast as a load.
    """
    if not (graph or old_graph or new_graph) and is_ntriples(old) and is_ntriples(new):
        known = ntriples_difference(old, new)
        with open_versions(old, new, load_old=validate) as store:
            return diff_models(store, validate=validate, known=known)
    with open_versions(old, new, graph=graph, old_graph=old_graph,
                       new_graph=new_graph) as store:
        return diff_models(store, validate=validate)
