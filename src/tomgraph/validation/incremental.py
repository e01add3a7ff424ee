"""Re-validate after a change: only the focus nodes the change can affect, then re-score.

For each targeted shape, :class:`~.engines.fast.focused.Dependencies` works out from the
shape's targets, paths and (for SHACL-SPARQL) the triple patterns of its query which focus
nodes a changed triple can affect, and checks the shape again for those alone (a shape it
cannot follow is checked in whole). Shapes that share property shapes are re-checked
together, so that the results of a shared property shape are replaced as one. A changed
``rdf:type`` moves its subject in or out of the shapes' targets: targets, kinds and scores
follow it. Findings are patched where they change and scores move by the changed entities'
shares (:mod:`.rescore`), so the cost follows the size of the change, not of the model.

Anything this cannot follow (shapes or ontology edited, targets by subjects/objects of a
changed predicate, a shape needing the reference engine) returns ``None`` and the caller
validates everything. The result equals a full validation
(tests/validation/test_incremental.py checks that on random edits).
"""

from __future__ import annotations

import bisect
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..changes import Changeset
from ..labels import LABEL_PREDICATES, lookup
from ..namespaces import MODEL_GRAPH, RDF, RDFS, SHAPES_GRAPH
from ..sparql.values import bind
from ..store import Dataset, SelectResult, Store
from ..store.base import term_value
from ..terms import nt
from .catalogue import Catalogue, query_text, select
from .engines import DEFAULT_SHAPES_GRAPHS
from .engines.fast.focused import Dependencies, run_focused
from .engines.terms import result_order
from .labels import MEMBERSHIP_QUERIES, _better_kind
from .rescore import members_index, part, rescore, rescore_groups
from .results import ValidationOutcome, ValidationResult
from .validate import Finding, ValidationReport, _findings, paused_gc

LABELS = set(LABEL_PREDICATES)
TYPE = RDF + "type"


@dataclass
class Kept:
    """What one report hands the next: the analysis of the shapes and indexes of results."""

    deps: Dependencies
    by_focus: dict[str, list[ValidationResult]]
    members: dict[str, list[tuple[str, str]]]
    targets: list[tuple[str, str, str]]
    """(check shape, target kind, target) for every check."""
    broader: dict[str, set[str]] = field(default_factory=dict)
    by_value: dict[str, set[str]] = field(default_factory=dict)
    """Value or path node → focus nodes with a result naming it (may name a few too many)."""
    findings: dict[str, list[Finding]] = field(default_factory=dict)
    """Focus node → its findings."""


@dataclass
class FindingsDelta:
    """How a report's findings follow from the previous report's: apply ``steps`` in order,
    each ``(index, None)`` deleting the finding at ``index`` or ``(index, finding)``
    inserting one there. ``foci`` are the focus nodes whose findings were replaced."""

    foci: set[str]
    steps: list[tuple[int, Finding | None]]
    whole: bool = False
    """The memberships changed: findings' project lists may have changed anywhere."""


def affected_nodes(store: Store, changes: Iterable[Changeset]) -> set[str] | None:
    """Subjects and IRI objects of the changes; ``None`` if only a full run will do (a
    change outside the model graph, other than to the history, or one naming a blank node:
    the report may come from a copy that named the store's blank nodes afresh, such as one
    parsed from the files the store was loaded from, so the store's names are not its
    names)."""
    seeds: set[str] = set()
    for change in changes:
        for q in (*change.added, *change.removed):
            graph = q.graph_name
            if not (isinstance(graph, ox.DefaultGraph) or graph.value == MODEL_GRAPH):
                if graph.value.endswith("/history"):
                    continue
                return None
            if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode):
                return None
            if isinstance(q.subject, ox.NamedNode):
                seeds.add(q.subject.value)
            if isinstance(q.object, ox.NamedNode):
                seeds.add(q.object.value)
    return seeds


def _kept(store: Store, report: ValidationReport) -> Kept | None:
    if isinstance(report.incremental, Kept):
        return report.incremental
    assert report.outcome is not None
    deps = Dependencies(store, DEFAULT_SHAPES_GRAPHS)
    if deps.fallback:
        return None
    by_focus: dict[str, list[ValidationResult]] = {}
    for r in report.outcome.results:
        found = by_focus.get(r.focus_node)
        if found is None:
            by_focus[r.focus_node] = [r]
        else:
            found.append(r)
    targets = [(str(row["shape"]), term_value(row["kind"]) or "", str(row["target"]))
               for row in select(store, "targets", DEFAULT_SHAPES_GRAPHS).dicts()]
    broader: dict[str, set[str]] = {}
    for cls, sup in select(store, "superclasses", report.data_graphs):
        if cls is not None and sup is not None:
            broader.setdefault(str(cls), set()).add(str(sup))
    by_value: dict[str, set[str]] = {}
    for r in report.outcome.results:
        for node in (r.value, r.result_path):
            if node is not None:
                by_value.setdefault(node, set()).add(r.focus_node)
    findings: dict[str, list[Finding]] = {}
    for f in report.findings:
        findings.setdefault(f.result.focus_node, []).append(f)
    return Kept(deps, by_focus, members_index(report.memberships), targets, broader,
                by_value, findings)


def prepare(store: Store, report: ValidationReport) -> None:
    """Build now the indexes the first :func:`revalidate` after ``report`` would build (the
    shapes' dependency analysis, results by focus node and by value: seconds at 100k
    capabilities), so that no save pays for them."""
    if report.outcome is not None and report.engine == "fast":
        with paused_gc():
            report.incremental = _kept(store, report)


def revalidate(
    store: Store, report: ValidationReport, changes: Sequence[Changeset]
) -> ValidationReport | None:
    """``report`` brought up to date with ``changes`` (already in ``store``), or ``None``.

    ``report`` itself is superseded: the catalogue's targets move with type changes.
    """
    start = time.perf_counter()
    if report.outcome is None or report.engine != "fast":
        return None
    if affected_nodes(store, changes) is None:
        return None
    with paused_gc():  # the first save after a full validation indexes its results
        kept = _kept(store, report)
    if kept is None:
        return None
    quads = [q for c in changes for q in (*c.added, *c.removed)]
    typed = {str(q.subject) for q in quads
             if q.predicate.value == TYPE and isinstance(q.subject, ox.NamedNode)}
    predicates = {str(q.predicate) for q in quads}
    if any(kind.endswith(("targetSubjectsOf", "targetObjectsOf")) and target in predicates
           for _s, kind, target in kept.targets):
        return None
    dataset = Dataset(default_graphs=tuple(report.data_graphs))
    affected = kept.deps.affected(store, [(c.added, c.removed) for c in changes], dataset)
    catalogue = report.catalogue
    focus = catalogue.focus
    # Type changes move nodes in or out of targets: keep their shares of the scores under
    # the old targets, then move them.
    typed_parts = {f: part(catalogue, f, kept.by_focus.get(f, ())) for f in typed}
    was_target = {f: {s for s, nodes in focus.items() if f in nodes} for f in typed}
    _retarget(store, catalogue, kept, typed, dataset)
    for d in kept.deps.shapes:
        nodes = affected.get(str(d.shape))
        if nodes:  # only nodes the shape targets (now or before) can have results
            affected[str(d.shape)] = {n for n in nodes if any(
                n in focus.get(s, ()) or s in was_target.get(n, ()) for s in d.tree)}
    units = _units(kept.deps, affected)
    wanted = {shape: nodes for shapes, _tree, nodes in units for shape in shapes}
    fresh = run_focused(store, kept.deps, wanted, dataset)

    by_focus = kept.by_focus
    trees_whole: set[str] = set()
    refreshed: dict[str, set[str]] = {}  # focus → shapes whose results are replaced
    for _shapes, tree, nodes in units:
        if nodes is None:
            trees_whole |= tree
        else:
            for node in nodes:
                refreshed.setdefault(node, set()).update(tree)
    changed: set[str] = set(refreshed)
    if trees_whole:
        changed |= {f for f, rs in by_focus.items() if any(r.source_shape in trees_whole
                                                            for r in rs)}
    for r in fresh:
        if r.source_shape not in trees_whole and r.focus_node not in refreshed:
            return None  # a result for a node the focus did not name: cannot place it
        changed.add(r.focus_node)

    labels = report.labels
    relabelled = _relabel(store, report.data_graphs, labels.names, changes)
    for key in typed:
        _rekind(store, labels.kinds, key, kept.broader, dataset)
    relabelled |= typed
    if relabelled:
        changed |= {f for node in relabelled for f in kept.by_value.get(node, ())}
        changed |= relabelled & by_focus.keys()
    changed |= typed

    with paused_gc():
        old_results = {f: by_focus.get(f, []) for f in changed}
        old_parts = {f: typed_parts.get(f) or part(catalogue, f, old_results[f])
                     for f in changed}
        new_results: dict[str, list[ValidationResult]] = {}
        for f in changed:
            replaced = refreshed.get(f, set()) | trees_whole
            new_results[f] = [r for r in by_focus.get(f, ()) if r.source_shape not in replaced]
        for r in fresh:
            new_results.setdefault(r.focus_node, []).append(r)
            for named in (r.value, r.result_path):
                if named is not None:
                    kept.by_value.setdefault(named, set()).add(r.focus_node)
        for f, rs in new_results.items():
            if rs:
                by_focus[f] = rs
            else:
                by_focus.pop(f, None)
        new_parts = {f: part(catalogue, f, new_results.get(f, ())) for f in changed}

        memberships = report.memberships
        outcome_results = _patched_results(report.outcome.results, changed, new_results,
                                           old_results)
        scores = rescore(report.scores, catalogue, labels, old_parts, new_parts,
                         kept.members, relabelled)
        if _touches_memberships(changes):
            # A type's class is never a group or a member: only the typed node is.
            seeds = {str(n) for q in quads for n in (
                (q.subject,) if q.predicate.value == TYPE else (q.subject, q.object))
                if isinstance(n, ox.NamedNode)}
            regrouped, moved = _regroup(store, report.data_graphs, memberships, kept, seeds)
            rescore_groups(scores, memberships, regrouped, labels)
            if moved:  # their findings name the projects they belong to
                extra = moved - changed
                changed |= extra
                for f in extra:
                    new_results[f] = by_focus.get(f, [])
        whole = False
        findings, steps = _patched_findings(report.findings, changed, new_results,
                                            catalogue, labels, kept.findings)
    outcome = ValidationOutcome(outcome_results, engine=report.engine,
                                seconds=time.perf_counter() - start)
    return ValidationReport(
        findings=findings, scores=scores, engine=report.engine,
        seconds=time.perf_counter() - start, catalogue=catalogue, labels=labels,
        memberships=memberships, programme=report.programme, data_graphs=report.data_graphs,
        outcome=outcome, incremental=kept,
        delta=FindingsDelta(changed, steps, whole=whole),
    )


def _units(deps: Dependencies, affected: dict[str, set[str] | None]
           ) -> list[tuple[set[str], set[str], set[str] | None]]:
    """Targeted shapes sharing property shapes, joined: (shapes, their trees, focus nodes)."""
    units: list[tuple[set[str], set[str], set[str] | None]] = []
    for d in deps.shapes:
        shape, tree, nodes = str(d.shape), set(d.tree), affected.get(str(d.shape), set())
        shapes = {shape}
        nodes = None if nodes is None else set(nodes)
        for other in [u for u in units if u[1] & tree]:
            units.remove(other)
            shapes |= other[0]
            tree |= other[1]
            nodes = None if nodes is None or other[2] is None else nodes | other[2]
        units.append((shapes, tree, nodes))
    return [u for u in units if u[2] is None or u[2]]


def _patched_results(
    results: list[ValidationResult], changed: set[str], new: dict[str, list[ValidationResult]],
    old: dict[str, list[ValidationResult]],
) -> list[ValidationResult]:
    """``results`` (in ``result_order``, which starts with the focus node, so each node's
    results sit together) with the changed nodes' results replaced."""
    out = list(results)
    for focus in sorted(changed):
        if old.get(focus):
            at = bisect.bisect_left(out, (focus,), key=result_order)  # type: ignore[arg-type]
            end = at
            while end < len(out) and out[end].focus_node == focus:
                end += 1
            del out[at:end]
        for r in sorted(new.get(focus, ()), key=result_order):
            bisect.insort(out, r, key=result_order)
    return out


def finding_order(f: Finding) -> tuple[object, ...]:
    """The order :func:`_findings` gives (a stable sort of results in ``result_order``)."""
    return (-f.result.severity, f.focus_label.lower(), f.shape.iri, f.value_label or "",
            result_order(f.result))


def _patched_findings(
    findings: list[Finding], changed: set[str], new: dict[str, list[ValidationResult]],
    catalogue: Catalogue, labels: object, by_focus: dict[str, list[Finding]],
) -> tuple[list[Finding], list[tuple[int, Finding | None]]]:
    """The findings with the changed nodes' findings replaced, found by their sort keys."""
    out = list(findings)
    steps: list[tuple[int, Finding | None]] = []
    for focus in changed:
        for f in by_focus.pop(focus, ()):
            at = bisect.bisect_left(out, finding_order(f), key=finding_order)
            while out[at] is not f:
                at += 1
            del out[at]
            steps.append((at, None))
    made = _findings([r for f in changed for r in new.get(f, ())], catalogue,
                     labels)  # type: ignore[arg-type]
    for f in sorted(made, key=finding_order):
        at = bisect.bisect_right(out, finding_order(f), key=finding_order)
        out.insert(at, f)
        steps.append((at, f))
        by_focus.setdefault(f.result.focus_node, []).append(f)
    return out, steps


def _retarget(store: Store, catalogue: Catalogue, kept: Kept, typed: set[str],
              dataset: Dataset) -> None:
    """Move type-changed nodes in or out of the checks' class targets."""
    for key in typed:
        result = store.query(
            f"SELECT DISTINCT ?c WHERE {{ {key} <{TYPE}>/<{RDFS}subClassOf>* ?c }}",
            dataset=dataset)
        assert isinstance(result, SelectResult)
        classes = {str(row[0]) for row in result}
        wanted: set[str] = set()
        for shape, kind, target in kept.targets:
            if kind.endswith("targetClass") and target in classes:
                wanted.add(shape)
            elif kind.endswith("targetNode") and target == key:
                wanted.add(shape)
        for shape, nodes in catalogue.focus.items():
            if shape in wanted:
                nodes.add(key)
            else:
                nodes.discard(key)
        for shape in wanted - catalogue.focus.keys():
            info = catalogue.shapes.get(shape)
            if info is not None and info.is_check:
                catalogue.focus[shape] = {key}


def _rekind(store: Store, kinds: dict[str, str], key: str, broader: dict[str, set[str]],
            dataset: Dataset) -> None:
    """The kind of a node whose types changed, chosen as ``load_labels`` chooses it."""
    kinds.pop(key, None)
    for _node, cls in select(store, "kinds", dataset.default_graphs or (),
                             node=ox.NamedNode(key[1:-1])):
        if not isinstance(cls, ox.NamedNode):
            continue
        value, current = str(cls), kinds.get(key)
        if current is None or (current != value and _better_kind(value, current, broader)):
            kinds[key] = value


def _regroup(store: Store, graphs: Sequence[str], memberships: dict[str, dict[str, set[str]]],
             kept: Kept, seeds: set[str]) -> tuple[set[tuple[str, str]], set[str]]:
    """Read again the memberships of ``seeds``, as members and as groups; every pattern of
    the membership queries has the group or the member at one end of each triple, so this
    finds every membership a change to the seeds' triples can make or break. Returns the
    (scope, group) pairs whose members changed, and the members that moved."""
    changed: set[tuple[str, str]] = set()
    moved: set[str] = set()
    index = kept.members

    def move(scope: str, group: str, member: str, add: bool) -> None:
        groups = memberships.setdefault(scope, {})
        pairs = index.setdefault(member, [])
        if add:
            groups.setdefault(group, set()).add(member)
            pairs.append((scope, group))
        else:
            groups.get(group, set()).discard(member)
            if (scope, group) in pairs:
                pairs.remove((scope, group))
            if group in groups and not groups[group]:
                del groups[group]
        changed.add((scope, group))
        moved.add(member)

    for scope, name in MEMBERSHIP_QUERIES.items():
        for seed in sorted(seeds):
            node = ox.NamedNode(seed[1:-1])
            now = {nt(g) for g, _m in _members(store, name, graphs, "member", node)
                   if g is not None}
            before = {g for sc, g in index.get(seed, ()) if sc == scope}
            for group in before - now:
                move(scope, group, seed, False)
            for group in now - before:
                move(scope, group, seed, True)
            members = {nt(m) for _g, m in _members(store, name, graphs, "group", node)
                       if m is not None}
            had = set(memberships.get(scope, {}).get(seed, set()))
            for member in had - members:
                move(scope, seed, member, False)
            for member in members - had:
                move(scope, seed, member, True)
    return changed, moved


def _members(store: Store, name: str, graphs: Sequence[str], var: str,
             node: ox.NamedNode) -> SelectResult:
    """A membership query with ``?var`` bound to ``node`` by a ``VALUES`` block in each group
    naming it, which the store joins in first: it then starts from the node. (Bound by
    pyoxigraph's substitution instead, the service areas' query read every membership, seconds
    at 100k capabilities.)"""
    result = store.query(bind(query_text(name), {var: node}),
                         dataset=Dataset(default_graphs=tuple(graphs)))
    assert isinstance(result, SelectResult)
    return result


def _touches_memberships(changes: Iterable[Changeset]) -> bool:
    """Whether a changed predicate's local name appears in a membership query (conservative:
    a false match only costs re-reading the memberships)."""
    texts = " ".join(query_text(n) for n in MEMBERSHIP_QUERIES.values())
    for change in changes:
        for q in (*change.added, *change.removed):
            local = re.split(r"[#/]", q.predicate.value)[-1]
            if local and local in texts:
                return True
    return False


def _relabel(store: Store, graphs: Sequence[str], names: dict[str, str],
             changes: Iterable[Changeset]) -> set[str]:
    """Look up again, with the one label policy, the labels of nodes whose labels the changes
    touched; returns those nodes (N-Triples keys)."""
    touched: set[str] = set()
    for change in changes:
        for q in (*change.removed, *change.added):
            if q.predicate.value in LABELS and isinstance(q.subject, ox.NamedNode):
                touched.add(q.subject.value)
    if not touched:
        return set()
    keys = {nt(ox.NamedNode(iri)) for iri in touched}
    for key in keys:
        names.pop(key, None)
    found = lookup(store, touched, (*graphs, SHAPES_GRAPH))
    names.update({nt(ox.NamedNode(iri)): label for iri, label in found.items()})
    return keys
