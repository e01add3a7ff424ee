"""OWL reasoning: consistency and inferred knowledge, kept in a graph of its own.

The ontology and model are exported from the store as N-Triples (owlready2 does not read
Turtle), HermiT runs in a worker process (:mod:`.worker`), and what it infers replaces the
inferred graph in one update. A crash or timeout raises
:class:`~tomgraph.errors.ReasonerError` and leaves the store untouched.
"""

from __future__ import annotations

from .reasoner import ReasoningReport, reason

__all__ = ["ReasoningReport", "reason"]
