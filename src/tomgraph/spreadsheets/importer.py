"""A workbook (or folder of CSV files) as a changeset against a store.

For each thing in the workbook, its statements for the properties the workbook has columns
for are replaced (in the target graph); everything else in the store is left as it was. The
changeset is committed through :func:`tomgraph.changes.commit`, the one write path, as an
``import`` whose source is the file name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..changes import Changeset, commit, diff_graph
from ..errors import InputError
from ..namespaces import MODEL_GRAPH, PREFIXES, RDF
from ..store import Store, Term
from ..validation.validate import paused_gc
from .layout import Layout, layout_for, layout_query
from .reader import read_input
from .rows_to_rdf import Converted, Converter, Problem, Resolver


class WorkbookErrors(InputError):
    """Every bad cell of a workbook, one ``Sheet!C12: what, allowed`` line each."""

    def __init__(self, source: Path, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(
            f"{len(problems)} problem(s); nothing was imported:\n{lines}", source=source
        )


@dataclass
class ImportPlan:
    """What importing a workbook would do: the changeset, and what was noticed on the way."""

    change: Changeset
    converted: Converted
    skipped_rows: list[tuple[str, int]] = field(default_factory=list)

    @property
    def warnings(self) -> list[Problem]:
        return self.converted.warnings

    @property
    def errors(self) -> list[Problem]:
        return self.converted.errors


def _store_resolver(store: Store) -> Resolver:
    """Look up references the workbook itself does not define, by IRI or exact name."""
    cache: dict[tuple[str, str | None], list[str]] = {}

    def resolve(text: str, cls: str | None) -> list[str]:
        key = (text, cls)
        if key in cache:
            return cache[key]
        iri = _as_iri(text)
        found: list[str] = []
        if iri is not None:
            rows = store.query(layout_query("resolve-iri"), bindings={"s": ox.NamedNode(iri)})
            classes = {r[1].value for r in rows if r[1] is not None}  # type: ignore[union-attr,index]
            if (classes and cls in classes) or cls is None:
                found = [iri]  # an untyped column may name, by IRI, what no sheet holds
        else:
            for label in (ox.Literal(text, language="en"), ox.Literal(text)):
                b: dict[str, Term] = {"label": label}
                q = layout_query("resolve-name-any")
                if cls is not None:
                    q, b["class"] = layout_query("resolve-name"), ox.NamedNode(cls)
                for r in store.query(q, bindings=b).dicts():  # type: ignore[union-attr]
                    s = r["s"]
                    if isinstance(s, ox.NamedNode) and s.value not in found:
                        found.append(s.value)
        cache[key] = found
        return found

    return resolve


def _as_iri(text: str) -> str | None:
    if re.match(r"^[a-z][a-z0-9+.-]*://", text, re.I) or text.startswith("urn:"):
        return text
    prefix, _, local = text.partition(":")
    return PREFIXES[prefix] + local if local and prefix in PREFIXES else None


def convert_workbook(
    path: Path, store: Store, *, graph: str | None = None, layout: Layout | None = None
) -> Converted:
    """Read ``path`` and convert it against ``store``'s shapes, ontology and data."""
    converter = Converter(layout or layout_for(store), _store_resolver(store),
                          graph or MODEL_GRAPH)
    # Rows, cells and quads are many small objects without cycles: collecting them again
    # and again as they pile up would cost more than reading them.
    with paused_gc():
        for data in read_input(path):
            converter.add_sheet(data)
        return converter.convert()


def workbook_quads(path: Path, store: Store, *, graph: str | None = None) -> list[ox.Quad]:
    """The quads the workbook at ``path`` describes, resolved against ``store``.

    Raises :class:`WorkbookErrors` listing every bad cell when the workbook has any.
    """
    converted = convert_workbook(path, store, graph=graph)
    if converted.errors:
        raise WorkbookErrors(path, converted.errors)
    return converted.quads


def plan_import(
    path: Path, store: Store, *, graph: str | None = None, skip_bad_rows: bool = False,
    agent: str = "tomgraph",
) -> ImportPlan:
    """The changeset importing ``path`` into ``store`` would commit (nothing is written).

    Raises :class:`WorkbookErrors` when a cell is bad, unless ``skip_bad_rows``: then rows
    with a bad cell are left out (and listed in :attr:`ImportPlan.skipped_rows`).
    """
    target = graph or MODEL_GRAPH
    converted = convert_workbook(path, store, graph=target)
    skipped: list[tuple[str, int]] = []
    quads = converted.quads
    if converted.errors:
        if not skip_bad_rows:
            raise WorkbookErrors(path, converted.errors)
        skipped = sorted(converted.bad_rows)
        bad_subjects = converted.bad_subjects
        quads = [q for q in quads
                 if not (isinstance(q.subject, ox.NamedNode) and q.subject.value in bad_subjects)]
        for iri in bad_subjects:
            converted.expressed.pop(iri, None)
            converted.classes.pop(iri, None)
    with paused_gc():
        old = _existing(store, target, converted)
        change = diff_graph(old, quads, activity="import", source=path.name, agent=agent,
                            comment=f"import of {path.name}")
    return ImportPlan(change=change, converted=converted, skipped_rows=skipped)


def _existing(store: Store, graph: str, converted: Converted) -> list[ox.Quad]:
    """The target graph's statements the workbook replaces: expressed properties of its rows."""
    g = ox.NamedNode(graph)
    by_predicate: dict[str, set[str]] = {}
    for subject, predicates in converted.expressed.items():
        for p in predicates:
            by_predicate.setdefault(p, set()).add(subject)
    by_predicate.setdefault(RDF + "type", set()).update(converted.classes)
    old: list[ox.Quad] = []
    for p, subjects in by_predicate.items():
        rows = store.query(layout_query("graph-values"),
                           bindings={"g": g, "p": ox.NamedNode(p)})
        for row in rows:  # type: ignore[union-attr]
            s, o = row[2], row[3]  # type: ignore[index]
            if not isinstance(s, ox.NamedNode) or s.value not in subjects:
                continue
            if p == RDF + "type" and (
                not isinstance(o, ox.NamedNode) or o.value not in converted.classes[s.value]
            ):
                continue
            old.append(ox.Quad(s, ox.NamedNode(p), o, g))  # type: ignore[arg-type]
    return old


def import_workbook(
    path: Path, store: Store, *, graph: str | None = None, skip_bad_rows: bool = False,
    dry_run: bool = False, agent: str = "tomgraph",
) -> ImportPlan:
    """Plan the import and, unless ``dry_run``, commit it as one changeset."""
    plan = plan_import(path, store, graph=graph, skip_bad_rows=skip_bad_rows, agent=agent)
    if not dry_run:
        commit(store, plan.change)
    return plan
