"""SPARQL that tomgraph itself runs (counts, lookups), kept in ``.rq`` files beside this module.

The programme's own questions live in the top-level ``queries/`` library instead; these are
the internal building blocks of commands and pages.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_HERE = Path(__file__).parent


@cache
def internal_query(name: str) -> str:
    """The text of ``NAME.rq`` in this folder."""
    return (_HERE / f"{name}.rq").read_text(encoding="utf-8")
