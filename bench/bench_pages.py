"""Page benchmark: what a page costs in the web process, fresh, from the result cache, and as 304.

``python -m bench pages``: on a generated model (10k capabilities by default, in memory), each
page is requested through the app's test client: the first request (queries run), repeats
(the in-process result cache answers them: ``QUERY_CACHE_ROWS``), and conditional repeats
(``If-None-Match``: 304 before any query runs). Every page query goes through
``web.querying.run_user_query``; the cache-hit and 304 columns show what that path adds to a
page the cache or the ETag already answers. The peer is the same app with the cache off.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

from bench.common import generated_model, machine, median_ms, table

REPEATS = int(os.environ.get("TOMGRAPH_BENCH_PAGES_REPEATS", "40"))


def _median_ms(run: Callable[[], object], repeats: int = REPEATS) -> float:
    return median_ms(run, repeats)


def _getter(client: Any, page: str, headers: dict[str, str] | None = None) -> Callable[[], Any]:
    return lambda: client.get(page, headers=headers or {})


def main(sizes: list[int]) -> None:
    from tomgraph.namespaces import MODEL_GRAPH
    from tomgraph.store import EmbeddedStore, load_bundled
    from tomgraph.web import create_app

    capabilities = 10_000 if 10_000 in sizes else min(sizes)
    print(f"Model: {capabilities:,} capabilities; {machine()}", flush=True)
    store = EmbeddedStore()
    load_bundled(store, model=False)
    store.load_files([generated_model(capabilities)], graph=MODEL_GRAPH)
    iri = next(iter(store.query(
        "PREFIX tom: <https://w3id.org/tomgraph/ontology#> "
        "SELECT ?c WHERE { ?c a tom:Capability } ORDER BY ?c LIMIT 1")))[0].value  # type: ignore[union-attr,index]
    pages = ["/", "/ontology", f"/resource?iri={iri}", "/decisions", "/search?q=capability",
             "/queries/risk-register", "/queries/cost-and-funding"]
    cached = create_app({"TESTING": True, "QUERY_WORKERS": 0}, store=store)
    uncached = create_app({"TESTING": True, "QUERY_WORKERS": 0, "QUERY_CACHE_ROWS": 0},
                          store=store)
    rows = []
    for page in pages:
        client = cached.test_client()
        started = time.perf_counter()
        first = client.get(page)
        fresh = (time.perf_counter() - started) * 1000
        assert first.status_code == 200, (page, first.status_code)
        hit = _median_ms(_getter(client, page))
        conditional = {"If-None-Match": first.headers.get("ETag", "")}
        not_modified = _median_ms(_getter(client, page, conditional))
        peer = _median_ms(_getter(uncached.test_client(), page), repeats=max(5, REPEATS // 4))
        rows.append([page[:40], f"{fresh:.1f}", f"{hit:.2f}", f"{not_modified:.2f}",
                     f"{peer:.2f}", f"{peer / hit:.1f}×"])
    print(table(["page", "first ms", "cache hit ms", "304 ms", "no cache ms",
                 "cache hit vs no cache"], rows))
    store.query_cache = None
