"""The web process's query threads start with work and end when idle, and never lose a job."""

from __future__ import annotations

import threading
import time

from tomgraph.web.endpoint.state import QueryThreads


def _ours() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("tomgraph-query-")]


def test_threads_start_only_when_work_comes_and_end_after_idling(monkeypatch) -> None:
    monkeypatch.setattr(QueryThreads, "idle_seconds", 0.2)
    before = len(_ours())
    threads = QueryThreads(4)
    assert len(_ours()) == before
    assert [threads.submit(lambda i=i: i * i).result(5) for i in range(10)] == [
        i * i for i in range(10)
    ]
    deadline = time.monotonic() + 5
    while len(_ours()) > before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(_ours()) == before


def test_more_jobs_than_threads_all_finish_with_at_most_size_threads(monkeypatch) -> None:
    monkeypatch.setattr(QueryThreads, "idle_seconds", 0.2)
    threads = QueryThreads(3)
    gate = threading.Event()
    peak: list[int] = []

    def job(i: int) -> int:
        peak.append(threads._live)
        gate.wait(5)
        return i

    futures = [threads.submit(job, i) for i in range(12)]
    time.sleep(0.1)
    gate.set()
    assert [f.result(10) for f in futures] == list(range(12))
    assert max(peak) <= 3
