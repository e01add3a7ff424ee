"""What the compiler produces: checks, each one constraint of one shape as SPARQL text.

A check is a function from variable names to a SPARQL group pattern. Given the focus node
bound in ``focus``, the pattern has one solution per violation, binding the offending value
in ``value`` (when the component reports one) and, for ``sh:closed``, the property in
``path``. The same check can then run at the top level (joined with the shape's targets) or
inside ``EXISTS`` (as part of another shape's ``sh:node``, ``sh:not``, ``sh:or`` ...).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from ....store import Term
from ...results import SH, Severity
from .shapes import ShapesGraph

Pattern = Callable[[str, str, str], str]
"""``pattern(focus, value, path)`` → a SPARQL group pattern (without the outer braces)."""

Query = Callable[[str], str]
"""``query(focus_pattern)`` → a whole SELECT with a row per violation: ``?this`` and, where
they apply, ``?value``, ``?path`` and the variables a message template names."""


@dataclass
class Check:
    """One constraint of one shape, compiled."""

    shape: Term
    component: str
    pattern: Pattern | None = None
    top_pattern: Pattern | None = None
    """A faster form for the top level only (``MINUS`` where ``pattern`` needs ``EXISTS``)."""
    query: Query | None = None
    reports_value: bool = True
    dynamic_path: bool = False
    result_path: str | None = None
    severity: Severity = Severity.VIOLATION
    severity_iri: str | None = None
    message: str | None = None
    templated: bool = False
    """The message has ``{?var}`` placeholders to fill from each row (SHACL-SPARQL)."""

    @property
    def component_iri(self) -> str:
        return f"<{SH}{self.component}>"


class ShapeReader(Protocol):
    """What compiling a part of a shape needs to read from the whole compiler.

    Parts such as SHACL-SPARQL constraints depend on this, not on the compiler itself, so
    that the compiler can use them without a loop of imports.
    """

    g: ShapesGraph

    def path_of(self, shape: Term) -> str | None:
        """The shape's ``sh:path`` as a SPARQL property path, ``None`` for a node shape."""

    def message(self, node: Term) -> str | None:
        """The ``sh:message`` of ``node`` to show, if it has one."""
