"""Labels for the IRIs in a result, so people read names rather than identifiers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pyoxigraph import Literal, NamedNode

from ..namespaces import RDFS, SKOS
from ..store.base import SelectResult, Store, Term

_CHUNK = 500


def iris_in(rows: Iterable[Sequence[Term | None]]) -> list[NamedNode]:
    """The distinct IRIs in ``rows``, in first-seen order."""
    seen: dict[str, NamedNode] = {}
    for row in rows:
        for term in row:
            if isinstance(term, NamedNode) and term.value not in seen:
                seen[term.value] = term
    return list(seen.values())


def fetch_labels(store: Store, iris: Sequence[NamedNode]) -> dict[str, str]:
    """IRI → label (``rdfs:label``, else ``skos:prefLabel``; English or untagged first)."""
    labels: dict[str, tuple[int, str]] = {}
    for start in range(0, len(iris), _CHUNK):
        chunk = " ".join(str(iri) for iri in iris[start:start + _CHUNK])
        result = store.query(
            f"SELECT ?s ?p ?l WHERE {{ VALUES ?s {{ {chunk} }} VALUES ?p "
            f"{{ <{RDFS}label> <{SKOS}prefLabel> }} ?s ?p ?l }}"
        )
        assert isinstance(result, SelectResult)
        for s, p, label in result:
            if not isinstance(s, NamedNode) or not isinstance(label, Literal):
                continue
            rank = _rank(p, label)
            best = labels.get(s.value)
            if best is None or (rank, label.value) < best:
                labels[s.value] = (rank, label.value)
    return {iri: label for iri, (_, label) in labels.items()}


def _rank(predicate: Term | None, label: Literal) -> int:
    """Lower is preferred: rdfs:label before skos:prefLabel, English, then untagged, then other."""
    lang = label.language or ""
    lang_rank = 0 if lang.startswith("en") else 1 if not lang else 2
    pred_rank = 0 if isinstance(predicate, NamedNode) and predicate.value == RDFS + "label" else 3
    return pred_rank + lang_rank
