"""Showing and writing query answers: terminal tables with labels, SPARQL results, RDF."""

from __future__ import annotations

from .labels import fetch_labels, iris_in
from .table import cell_text, render_table
from .writers import (
    GRAPH_FORMATS,
    OUTPUT_FORMATS,
    SOLUTION_FORMATS,
    default_format,
    write_result,
)

__all__ = [
    "GRAPH_FORMATS",
    "OUTPUT_FORMATS",
    "SOLUTION_FORMATS",
    "cell_text",
    "default_format",
    "fetch_labels",
    "iris_in",
    "render_table",
    "write_result",
]
