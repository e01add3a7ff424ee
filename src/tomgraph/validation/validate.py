"""The one way to validate a design: ``validate(store)`` → a :class:`ValidationReport`.

The CLI, the web dashboard and resource pages all call this, so they agree on which graphs
are validated, with which shapes, and how results are labelled and scored. The engine only
finds results; everything a person reads (names, messages, fixes, scores) comes from here.
"""

from __future__ import annotations

import gc
import io
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

from pyoxigraph import RdfFormat

from .. import bundled
from ..errors import InputError, TomgraphError
from ..namespaces import INFERRED_GRAPH, MODEL_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH
from ..store import EmbeddedStore, Store
from ..store.snapshot_memory import memory_copy
from ..terms import iri_or_nt
from .catalogue import Catalogue, ShapeInfo, load_catalogue
from .engines import DEFAULT_ENGINE, check_engine, get_engine
from .labels import Labels, load_labels, load_memberships, programme_node
from .results import Severity, ValidationOutcome, ValidationResult
from .scores import Scores, compute_scores

SCOPES = ("project", "operating-model", "service-area")


@dataclass(frozen=True)
class Finding:
    """One result, ready for a person: labels instead of IRIs, the shape's message and fix."""

    result: ValidationResult
    shape: ShapeInfo
    focus_label: str
    focus_kind: str
    path_label: str | None = None
    value_label: str | None = None

    @property
    def severity(self) -> Severity:
        return self.result.severity

    @property
    def focus(self) -> str:
        return self.result.focus_node

    @property
    def focus_iri(self) -> str:
        """The focus node as pages link to it: the bare IRI (a blank node stays ``_:``)."""
        return iri_or_nt(self.result.focus_node) or ""

    @property
    def shape_iri(self) -> str:
        return iri_or_nt(self.shape.iri) or ""

    @property
    def path_iri(self) -> str | None:
        return iri_or_nt(self.result.result_path)

    @property
    def message(self) -> str:
        return self.shape.message or self.result.message or self.shape.name

    @property
    def fix(self) -> str:
        return self.shape.fix


_SEVERITY = attrgetter("result.severity")
"""A finding's severity, read without the property call (for counting many findings)."""


@dataclass
class ValidationReport:
    """Everything one validation run found, labelled and scored."""

    findings: list[Finding]
    scores: Scores
    engine: str
    seconds: float
    catalogue: Catalogue
    labels: Labels
    memberships: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    programme: str | None = None
    data_graphs: tuple[str, ...] = ()
    outcome: ValidationOutcome | None = None
    incremental: object | None = field(default=None, repr=False, compare=False)
    """What re-validating after a change keeps between reports (see ``incremental.py``)."""
    delta: object | None = field(default=None, repr=False, compare=False)
    """How the findings differ from the report this one was brought up to date from."""

    @property
    def conforms(self) -> bool:
        return not self.findings

    @property
    def counts(self) -> dict[Severity, int]:
        """Results per severity, worst first, every severity present (zero included)."""
        counts = {s: 0 for s in sorted(Severity, reverse=True)}
        for severity, n in Counter(map(_SEVERITY, self.findings)).items():
            counts[severity] += n
        return counts

    def at_or_above(self, severity: Severity) -> int:
        """How many results are at least as severe as ``severity`` (for CI gates)."""
        return sum(1 for s in map(_SEVERITY, self.findings) if s >= severity)

    def label(self, node: str | None) -> str:
        return self.labels.label(node)

    def findings_for(self, node: str) -> list[Finding]:
        """The results whose focus node is ``node`` (for resource pages)."""
        return [f for f in self.findings if f.focus == node]


def validate(
    store: Store,
    *,
    engine: str = DEFAULT_ENGINE,
    shapes: Path | str | None = None,
    include_inferred: bool = False,
    model_graph: str = MODEL_GRAPH,
) -> ValidationReport:
    """Validate the model in ``store`` (model graph + ontology, + inferred facts if asked).

    ``model_graph`` names another graph as the model: a diff holds two versions of a design
    in one store and validates each.

    ``shapes=None`` uses the store's shapes graph, or the bundled shapes when the store has
    none; a directory uses its ``*.ttl`` files instead. ``engine`` is a name from
    :data:`tomgraph.validation.engines.ENGINES`.
    """
    check_engine(engine)
    start = time.perf_counter()
    data_graphs = (model_graph, ONTOLOGY_GRAPH) + ((INFERRED_GRAPH,) if include_inferred else ())
    shapes_graphs = (SHAPES_GRAPH,)
    work, staged = _with_shapes(store, shapes, data_graphs)
    try:
        outcome = _run(work, engine, data_graphs, shapes_graphs, shapes)
        with paused_gc():
            catalogue = load_catalogue(work, shapes_graphs, data_graphs)
            labels = load_labels(work, (*data_graphs, *shapes_graphs))
            memberships = load_memberships(work, data_graphs)
            programme = programme_node(work, data_graphs)
    finally:
        if staged:
            work.close()
    with paused_gc():
        scores = compute_scores(catalogue, outcome.results, memberships)
        _name_scores(scores, labels)
        findings = _findings(outcome.results, catalogue, labels)
    return ValidationReport(
        findings=findings,
        scores=scores,
        engine=outcome.engine,
        seconds=time.perf_counter() - start,
        catalogue=catalogue,
        labels=labels,
        memberships=memberships,
        programme=programme,
        data_graphs=data_graphs,
        outcome=outcome,
    )


@contextmanager
def paused_gc() -> Iterator[None]:
    """Hold off cyclic garbage collection while building many small objects (results,
    findings, report lines): they hold no cycles, and on large models repeated collections
    of them cost more than the work. The collector runs as usual afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def shapes_files(folder: Path) -> list[Path]:
    """The shapes files of ``folder``; a missing or empty folder is the caller's mistake."""
    if not folder.is_dir():
        raise InputError("no such shapes directory", source=folder)
    files = bundled.rdf_files(folder)
    if not files:
        raise InputError("no shapes files (*.ttl) in this directory", source=folder)
    return files


def _with_shapes(
    store: Store, shapes: Path | str | None, data_graphs: Sequence[str]
) -> tuple[Store, bool]:
    """The store to validate in, and whether it is a staging copy we must close.

    The caller's store is never written to: other shapes are loaded into an in-memory copy
    of the data graphs instead. A store on disk is validated in an in-memory copy of its
    graphs too, when that fits in memory: every check runs several times faster there, which
    more than pays for the copy (see :mod:`tomgraph.store.snapshot_memory`).
    """
    if shapes is None and store.count(SHAPES_GRAPH) > 0:
        copy = memory_copy(store, (*data_graphs, SHAPES_GRAPH))
        return (copy, True) if copy is not None else (store, False)
    files = shapes_files(Path(shapes)) if shapes is not None else bundled.rdf_files(
        bundled.shapes_dir()
    )
    copy = memory_copy(store, data_graphs)
    staging = copy if copy is not None else EmbeddedStore()
    try:
        staging.load_files(files, graph=SHAPES_GRAPH)
        for graph in data_graphs if copy is None else ():
            if store.count(graph) == 0:
                continue
            buffer = io.BytesIO()
            store.export(buffer, RdfFormat.N_TRIPLES, graph=graph)
            staging.load_bytes(buffer.getvalue(), RdfFormat.N_TRIPLES, graph=graph, source=graph)
    except BaseException:
        staging.close()
        raise
    return staging, True


def _run(
    store: Store,
    engine: str,
    data_graphs: Sequence[str],
    shapes_graphs: Sequence[str],
    shapes: Path | str | None,
) -> ValidationOutcome:
    chosen = get_engine(engine)
    try:
        return chosen.validate(store, data_graphs=data_graphs, shapes_graphs=shapes_graphs)
    except TomgraphError:
        raise
    except Exception as exc:  # noqa: BLE001 - shapes the engine cannot read, e.g. bad SPARQL
        where = str(shapes) if shapes is not None else "shapes"
        text = str(exc).strip()
        first = text.splitlines()[0] if text else ""
        raise InputError(
            f"the shapes cannot be used: {type(exc).__name__}: {first}".rstrip(": "), source=where
        ) from exc


def _findings(
    results: Sequence[ValidationResult], catalogue: Catalogue, labels: Labels
) -> list[Finding]:
    """A :class:`Finding` for every result, in reading order: worst first, then by entity
    name, rule and value, so that output is stable.

    Written for hundreds of thousands of results: labels, kinds and shapes are looked up once
    per distinct node, and the sort keys are built once.
    """
    label, kind, shape = labels.label, labels.kind, catalogue.shape
    names_get, kinds_get = labels.names.get, labels.kinds.get
    about: dict[str, tuple[str, str, str]] = {}  # focus → its label, kind and lowered label
    kind_of: dict[str, str] = {}  # class → the kind it names
    label_of: dict[str, str] = {}  # path or value → its label
    shape_of: dict[str, ShapeInfo] = {}

    def named(node: str | None) -> str | None:
        if not node:
            return None
        text = label_of.get(node)
        if text is None:
            text = label_of[node] = label(node)
        return text

    findings: list[Finding] = []
    keys: list[tuple[int, str, str, str]] = []
    add_finding, add_key = findings.append, keys.append
    for r in results:
        focus = r.focus_node
        node = about.get(focus)
        if node is None:
            focus_label = names_get(focus) or label(focus)
            cls = kinds_get(focus)
            if cls is None:
                focus_kind = "Entity"
            else:
                cached = kind_of.get(cls)
                focus_kind = cached if cached is not None else kind_of.setdefault(cls, kind(focus))
            node = about[focus] = (focus_label, focus_kind, focus_label.lower())
        info = shape_of.get(r.source_shape)
        if info is None:
            info = shape_of[r.source_shape] = shape(r.source_shape)
        path_label, value_label = named(r.result_path), named(r.value)
        add_finding(Finding(r, info, node[0], node[1], path_label, value_label))
        add_key((-r.severity, node[2], info.iri, value_label or ""))
    order = sorted(range(len(findings)), key=keys.__getitem__)
    return [findings[i] for i in order]


def _name_scores(scores: Scores, labels: Labels) -> None:
    for table in (scores.entities, scores.projects, scores.operating_models, scores.service_areas):
        for key, score in table.items():
            score.label = labels.label(key)
