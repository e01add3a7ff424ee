"""An aligned plain-text table of solutions for the terminal, with labels in place of IRIs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pyoxigraph import BlankNode, Literal, NamedNode

from ..labels import display
from ..namespaces import XSD
from ..store.base import Term

MAX_WIDTH = 60
"""Cells longer than this are cut with an ellipsis so that rows stay on one line."""

_NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "long", "int")}


def cell_text(term: Term | None, labels: Mapping[str, str]) -> str:
    """How one term reads in a table: a label, a short IRI, or the literal's text."""
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        return display(term.value, labels)
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, Literal):
        return term.value
    return str(term)


def is_numeric(term: Term | None) -> bool:
    return isinstance(term, Literal) and term.datatype.value in _NUMERIC


def render_table(
    variables: Sequence[str],
    rows: Sequence[Sequence[Term | None]],
    labels: Mapping[str, str] | None = None,
) -> str:
    """``rows`` under a header of ``variables``, columns aligned, numbers to the right."""
    labels = labels or {}
    texts = [[_cut(" ".join(cell_text(t, labels).split())) for t in row] for row in rows]
    widths = [len(v) for v in variables]
    for row in texts:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    right = [
        bool(rows) and all(is_numeric(r[i]) or r[i] is None for r in rows)
        for i in range(len(variables))
    ]

    def line(cells: Sequence[str]) -> str:
        parts = [
            c.rjust(w) if r else c.ljust(w)
            for c, w, r in zip(cells, widths, right, strict=True)
        ]
        return "  ".join(parts).rstrip()

    out = [line(variables), "  ".join("-" * w for w in widths)]
    out += [line(row) for row in texts]
    out.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(out) + "\n"


def _cut(text: str) -> str:
    return text if len(text) <= MAX_WIDTH else text[: MAX_WIDTH - 1] + "…"
