"""SPARQL layer benchmark: reading the library's queries with tomgraph's one tokenizer and
binding their parameters, against parsing them with rdflib (the peer) and with Oxigraph.

``python -m bench sparql``. Sizes do not apply: the texts are the named queries. Target: the
tokenizer and binder cost well under a millisecond a query (the endpoint and the stores read
every query through them), far below any parser.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from bench.common import machine, ratio, table

REPEAT = 20


def _best(fn: Callable[[], Any]) -> float:
    best = float("inf")
    for _ in range(REPEAT):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main(sizes: list[int]) -> None:
    import pyoxigraph as ox
    from rdflib.plugins.sparql import prepareQuery

    from tomgraph.querylib import list_queries, resolve_params
    from tomgraph.sparql.structure import Query, parse
    from tomgraph.sparql.tokens import tokenize
    from tomgraph.sparql.values import bind

    del sizes
    rows, total_ours, total_rdflib = [], 0.0, 0.0
    for q in list_queries():
        params = {"item": "<https://example.org/x>"} if q.name == "impact-analysis" else {}
        terms = resolve_params(q, params)
        text = q.text
        ours = _best(lambda text=text: (tokenize(text), Query(text).form))
        binding = _best(
            lambda text=text, terms=terms: (parse.cache_clear(), bind(text, terms))
        ) if terms else 0.0
        rdflib = _best(lambda text=text: prepareQuery(text))
        oxigraph = _best(lambda text=text: ox.Store().query(text))
        total_ours += ours + binding
        total_rdflib += rdflib
        rows.append([q.name, len(q.text), f"{ours * 1e6:.0f}", f"{binding * 1e6:.0f}",
                     f"{oxigraph * 1e6:.0f}", f"{rdflib * 1e6:.0f}", ratio(rdflib, ours)])
    print(table(["query", "chars", "tokenize µs", "bind µs", "oxigraph parse+run µs",
                 "rdflib parse µs", "rdflib / tokenize"], rows))
    print(f"\nall queries: tokenize+bind {total_ours * 1e3:.2f} ms, rdflib parse "
          f"{total_rdflib * 1e3:.1f} ms ({ratio(total_rdflib, total_ours)})")
    print(f"machine: {machine()}; best of {REPEAT}")
