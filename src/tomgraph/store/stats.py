"""Counts of the main kinds of thing in a model, for ``info`` and the home page."""

from __future__ import annotations

from ..namespaces import TOM
from ..sparql import internal_query
from .base import SelectResult, Store, term_value

CLASS_COUNTS: dict[str, str] = {
    "capabilities": "Capability",
    "processes": "BusinessProcess",
    "operating models": "OperatingModel",
    "service areas": "ServiceArea",
    "applications": "Application",
    "features": "ApplicationFeature",
    "principles": "Principle",
    "programmes": "Programme",
    "projects": "Project",
    "benefits": "Benefit",
    "dependencies": "Dependency",
    "people": "Person",
    "design artefacts": "DesignArtefact",
    "decisions": "Decision",
}
"""Label shown → ontology class counted (with its subclasses; see ``class-counts.rq``)."""


def class_counts(store: Store) -> dict[str, int]:
    """Instances per main class (subclasses included), zero where there are none."""
    result = store.query(internal_query("class-counts"))
    assert isinstance(result, SelectResult)
    by_class = {term_value(row[0]): int(term_value(row[1]) or 0) for row in result}
    return {label: by_class.get(TOM + cls, 0) for label, cls in CLASS_COUNTS.items()}
