"""Query workers read views of an on-disk store: one new view for any number of saves between
two queries, and a view no worker reads any more is removed at once, not at exit."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from tomgraph.store import UNION, EmbeddedStore
from tomgraph.web.endpoint.execute import Job
from tomgraph.web.endpoint.workers import WorkerPool

EX = "http://example.org/"
COUNT = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{EX}p> ?o }}"


def _views(store_dir: Path) -> list[Path]:
    return sorted(store_dir.parent.glob(".tomgraph-view-*"))


def _count(pool: WorkerPool) -> int:
    answer = pool.run(Job(sparql=COUNT, dataset=UNION, base_iri=None, solutions_format=None,
                          graph_format=None, rows=True, max_rows=10))
    assert answer.status == 200 and answer.table is not None
    return int(answer.table.rows[0][0].value)  # type: ignore[union-attr]


def _add(store: EmbeddedStore, n: int) -> None:
    store.apply([ox.Quad(ox.NamedNode(f"{EX}s{n}"), ox.NamedNode(f"{EX}p"),
                         ox.Literal(str(n)), ox.NamedNode(f"{EX}g"))])


@pytest.mark.slow
def test_views_are_made_when_a_query_needs_them_and_removed_when_no_worker_reads_them(
    tmp_path: Path,
) -> None:
    store_dir = tmp_path / "store"
    store = EmbeddedStore(store_dir)
    pool = WorkerPool(store, size=2, timeout=30)
    try:
        pool.wait_ready()
        assert _count(pool) == 0
        for n in range(3):  # three saves, no query between them
            _add(store, n)
            pool.refresh()
        assert len(_views(store_dir)) == 1, "saves alone make no view"
        for n in range(3, 8):  # a save, then queries on both workers, five times
            _add(store, n)
            pool.refresh()
            assert [_count(pool), _count(pool)] == [n + 1, n + 1], "never a stale answer"
        assert len(_views(store_dir)) <= 2, "only the views workers may still read are kept"
    finally:
        pool.close()
        store.close()
    assert _views(store_dir) == []
