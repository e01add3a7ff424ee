"""What validation produces, independent of the engine that produced it.

Every engine (pySHACL as the reference, the fast engine, anything added later) returns
:class:`ValidationResult` objects so that reports, scores, the CLI and the web dashboard never
care which engine ran, and so engines can be compared result by result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

SH = "http://www.w3.org/ns/shacl#"


class Severity(IntEnum):
    """SHACL severities, ordered so that ``max()`` gives the worst."""

    INFO = 1
    WARNING = 2
    VIOLATION = 3

    @property
    def iri(self) -> str:
        return SH + self.name.capitalize()

    @property
    def label(self) -> str:
        """The name people read: "Violation", "Warning" or "Info"."""
        return self.name.capitalize()

    @classmethod
    def from_iri(cls, iri: str) -> Severity:
        return cls[iri.removeprefix(SH).upper()]


@dataclass(frozen=True, order=True)
class ValidationResult:
    """One ``sh:ValidationResult``, with terms as N-Triples strings (``<iri>``, ``"lit"``).

    N-Triples text is engine-neutral and hashable, so two engines' results compare as sets.
    Blank nodes cannot be compared across engines; engines render them as ``_:`` and
    comparisons treat them as equal.
    """

    focus_node: str
    result_path: str | None
    severity: Severity
    source_shape: str
    constraint_component: str
    value: str | None = None
    message: str | None = field(default=None, compare=False)
    #: The exact severity IRI when a shape uses a custom one (``severity`` is then VIOLATION).
    severity_iri: str | None = None

    def key(self) -> tuple[str, str | None, int, str, str, str | None]:
        """The identity engines must agree on: focus, path, severity, shape, component, value."""
        return (
            self.focus_node,
            self.result_path,
            int(self.severity),
            self.source_shape,
            self.constraint_component,
            self.value,
        )


@dataclass
class ValidationOutcome:
    """All results of one validation run, and what ran it."""

    results: list[ValidationResult]
    engine: str
    seconds: float = 0.0
    #: Why parts of the run went to another engine (one line per shape or feature).
    notes: list[str] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not self.results

    def worst(self) -> Severity | None:
        return max((r.severity for r in self.results), default=None)
