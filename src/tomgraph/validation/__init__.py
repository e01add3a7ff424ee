"""Design-completeness validation: SHACL shapes, engines, labelled reports and scores.

Callers use :func:`validate` and read the :class:`ValidationReport` it returns; the engines
behind it (``validation.engines``) are interchangeable.
"""

from __future__ import annotations

from .results import Severity, ValidationOutcome, ValidationResult
from .scores import Score, Scores, ShapeScore
from .validate import Finding, ValidationReport, validate

__all__ = [
    "Finding",
    "Score",
    "Scores",
    "Severity",
    "ShapeScore",
    "ValidationOutcome",
    "ValidationReport",
    "ValidationResult",
    "validate",
]
