"""The load benchmark in short form: a real server under the mix, editor saves included, no
error but the runaway queries' 503s (and 409s only where two editors edit one entity)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_a_short_load_run_with_saves_has_no_errors_and_stops_runaway_queries(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sys.path.insert(0, str(REPO))
    try:
        from bench import bench_load
    finally:
        sys.path.remove(str(REPO))
    # More saves than the full mix has, so a few seconds are sure to include several.
    mix = [(k, w * 5 if k == "save" else w) for k, w in bench_load.MIX]
    monkeypatch.setattr(bench_load, "MIX", mix)
    result = bench_load.run(0, clients=3, seconds=8, timeout=2.0)
    print(bench_load.report(result))
    assert result.requests > 20
    assert result.errors == []
    assert set(result.latencies) >= {"page", "named query", "resource page", "ad-hoc SPARQL",
                                     "save"}
    saves = len(result.latencies["save"])
    assert saves > result.expected_409, "most saves are of the editor's own capabilities"


def _bench_load():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(REPO))
    try:
        from bench import bench_load
    finally:
        sys.path.remove(str(REPO))
    return bench_load


def test_a_soak_whose_web_process_grows_after_warm_up_is_judged_not_flat() -> None:
    bench_load = _bench_load()
    result = bench_load.Result(seconds=100.0)
    # (seconds, web MiB, workers MiB): workers swing with runaway queries and are not judged.
    result.samples = [(t, 300.0 + t, 200.0 + (900.0 if t == 50 else 0.0))
                      for t in range(0, 101, 10)]
    problem = bench_load.memory_problem(result)
    assert problem is not None and "NOT flat" in problem
    assert "NOT flat" in bench_load.soak_report(result)


def test_a_soak_whose_web_process_stays_level_is_flat_whatever_the_workers_do() -> None:
    bench_load = _bench_load()
    result = bench_load.Result(seconds=100.0)
    result.samples = [(t, 400.0 + (t % 20), 200.0 + (900.0 if t == 50 else 0.0))
                      for t in range(0, 101, 10)]
    assert bench_load.memory_problem(result) is None
    assert "memory flat" in bench_load.soak_report(result)
