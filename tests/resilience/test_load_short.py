"""The load benchmark in short form: a real server under the mix, no error but the 503s."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_a_short_load_run_on_the_example_has_no_errors_and_stops_runaway_queries() -> None:
    sys.path.insert(0, str(REPO))
    try:
        from bench.bench_load import report, run
    finally:
        sys.path.remove(str(REPO))
    result = run(0, clients=2, seconds=5, timeout=2.0)
    print(report(result))
    assert result.requests > 20
    assert result.errors == []
    assert set(result.latencies) >= {"page", "named query", "resource page", "ad-hoc SPARQL"}
