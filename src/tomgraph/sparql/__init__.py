"""The SPARQL text layer: the internal queries, and the one way tomgraph reads query text.

* ``*.rq`` beside this module: SPARQL that tomgraph itself runs (counts, lookups), read with
  :func:`internal_query`. The programme's own questions live in the top-level ``queries/``
  library instead.
* :mod:`.tokens`: the one tokenizer (strings, IRIs, comments, names, variables, braces).
* :mod:`.structure`: what the tokens say: query form, prologue, dataset clauses, SERVICE /
  LOAD / GRAPH keywords, the WHERE group and sub-query groups, projected variables.
* :mod:`.values`: pre-binding by ``VALUES`` blocks, which only stores call.

No other module scans SPARQL text or writes ``VALUES`` into a query (``tests/sparql``
checks it); builders that compose whole queries from parts are the exception.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_HERE = Path(__file__).parent


@cache
def internal_query(name: str) -> str:
    """The text of ``NAME.rq`` in this folder."""
    return (_HERE / f"{name}.rq").read_text(encoding="utf-8")
