"""The label policy: the one answer to "what do people call this resource?".

The CLI's result tables, every web page and every validation report (text, HTML, JSON) ask
here, so one IRI reads the same everywhere. The policy:

1. a literal of a label predicate, preferring (in this order) the reader's language
   (English: ``en`` and ``en-*``), then untagged literals, then any other language;
2. among those, the predicates in :data:`LABEL_PREDICATES` order (``skos:prefLabel`` says
   "preferred" outright, ``rdfs:label`` is the generic name, ``dcterms:title`` names
   documents and schemes, ``am:name`` an imported ArchiMate concept or view);
3. among equals, the smallest text, so that both store backends (which may return rows in
   any order) give the same answer;
4. with no label at all, the compact prefixed name (``tom:Capability``), or ``<iri>`` when no
   known namespace covers it (:func:`fallback`).

Labels are looked up in batches (one query per few hundred IRIs, or one query for every
label of some graphs), never one query per resource; a query that lists very many resources
may read their candidates itself, with its predicate variable bound to :func:`predicates`,
and leave the choice to :func:`choose`. No query names a label predicate itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TypeVar

from pyoxigraph import BlankNode, Literal, NamedNode

from .namespaces import AM, DCTERMS, RDFS, SKOS, shorten
from .sparql import internal_query
from .store import UNION, Dataset, SelectResult, Store

LABEL_PREDICATES: tuple[str, ...] = (
    SKOS + "prefLabel", RDFS + "label", DCTERMS + "title", AM + "name",
)
"""Predicates whose literals name their subject, most preferred first. ``am:name`` is the
name an imported ArchiMate element or view carries: element types the ontology has no class
for keep only that."""

LANGUAGE = "en"
"""The readers' language: labels tagged with it (or a regional variant) win."""

CHUNK = 500
"""IRIs per lookup query, so that queries stay small for remote endpoints."""

_PREDICATE_RANK = {p: i for i, p in enumerate(LABEL_PREDICATES)}
_K = TypeVar("_K")


def predicates() -> list[NamedNode]:
    """The label predicates as terms, to pre-bind a query's predicate variable with.

    A query that lists many resources (the capability map's ten thousand boxes) reads their
    candidate labels itself, ``OPTIONAL { ?s ?labelPredicate ?name FILTER (isLiteral(?name)) }``
    with ``?labelPredicate`` bound to these, and hands its rows to :func:`choose`: one query
    instead of the query and then a look-up of every resource it found.
    """
    return [NamedNode(p) for p in LABEL_PREDICATES]


def rank(predicate: str, label: Literal) -> tuple[int, int, str]:
    """How good a candidate is; lower is better (see the module docstring)."""
    lang = label.language
    if lang is None:
        lang_rank = 1
    else:
        lang = lang.lower()
        lang_rank = 0 if lang == LANGUAGE or lang.startswith(LANGUAGE + "-") else 2
    return lang_rank, _PREDICATE_RANK.get(predicate, len(LABEL_PREDICATES)), label.value


def choose(candidates: Iterable[tuple[_K, NamedNode, Literal]]) -> dict[_K, str]:
    """Subject key → its best label, from ``(key, predicate, literal)`` candidates.

    Most subjects have one candidate: those are taken as they come, and only subjects with
    several are ranked (the capability map chooses ten thousand names per request)."""
    first: dict[_K, tuple[NamedNode, Literal]] = {}
    best: dict[_K, tuple[int, int, str]] = {}
    for key, predicate, label in candidates:
        seen = first.get(key)
        if seen is None:
            first[key] = (predicate, label)
            continue
        current = best.get(key) or rank(seen[0].value, seen[1])
        candidate = rank(predicate.value, label)
        best[key] = candidate if candidate < current else current
    return {key: best[key][2] if key in best else label.value
            for key, (_, label) in first.items()}


def fallback(iri: str) -> str:
    """What an IRI without a label reads as: ``prefix:local``, else ``<iri>``."""
    return shorten(iri)


def display(iri: str, labels: Mapping[str, str]) -> str:
    """The label of ``iri`` in ``labels`` (from :func:`lookup`), else its :func:`fallback`."""
    return labels.get(iri) or fallback(iri)


def local_name(iri: str) -> str:
    """The last segment of an IRI: the shortest fallback, for chart axes and tight spaces."""
    for sep in ("#", "/"):
        if sep in iri.rstrip(sep):
            return iri.rstrip(sep).rsplit(sep, 1)[-1]
    return iri


def lookup(
    store: Store, iris: Iterable[str | NamedNode | None], graphs: Sequence[str] | None = None
) -> dict[str, str]:
    """IRI → its label, for those of ``iris`` that have one (in :data:`CHUNK`-sized queries),
    read from the union of ``graphs`` (default: the whole store)."""
    wanted = sorted({i if isinstance(i, str) else i.value for i in iris if i})
    nodes = [NamedNode(i) for i in wanted]
    dataset = Dataset(default_graphs=tuple(graphs)) if graphs is not None else None
    labels: dict[str, str] = {}
    for start in range(0, len(nodes), CHUNK):
        rows = _candidates(store, nodes[start:start + CHUNK], dataset)
        labels.update(choose((s.value, p, label) for s, p, label in rows))
    return labels


def lookup_graphs(store: Store, graphs: Sequence[str]) -> dict[NamedNode | BlankNode, str]:
    """Node → its label, for every labelled node of the union of ``graphs`` (one query)."""
    return choose(_candidates(store, None, Dataset(default_graphs=tuple(graphs))))


def _candidates(
    store: Store, subjects: Sequence[NamedNode] | None, dataset: Dataset | None
) -> Iterator[tuple[NamedNode | BlankNode, NamedNode, Literal]]:
    """Candidate ``(subject, predicate, literal)`` labels of ``subjects`` (or of every subject).

    ``?p`` is pre-bound to the label predicates and ``?s`` to the subjects asked about; the
    query binds them in nested groups (see ``labels.rq``), so each subject is looked up by
    its label predicates alone: a service area with ten thousand capabilities costs no more
    than a capability.
    """
    bindings: dict[str, Sequence[NamedNode]] = {"p": predicates()}
    if subjects is not None:
        bindings["s"] = list(subjects)
    text = internal_query("labels")
    result = store.query(text, bindings=bindings, dataset=dataset or UNION)
    assert isinstance(result, SelectResult)
    for s, p, label in result:
        if isinstance(s, NamedNode | BlankNode) and isinstance(p, NamedNode) and isinstance(
            label, Literal
        ) and p.value in _PREDICATE_RANK:
            yield s, p, label
