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
