"""Helpers every benchmark shares: generated models on disk, timing, memory, tables."""

from __future__ import annotations

import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CACHE = Path(__file__).parent / ".cache"


def generated_model(capabilities: int, *, seed: int = 1, fmt: str = "nt") -> Path:
    """A generated model of ``capabilities`` capabilities, made once and kept in bench/.cache."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"model-{capabilities}-{seed}.{fmt}"
    if not path.exists():
        subprocess.run(
            [sys.executable, "-m", "tomgraph.cli", "generate", "--capabilities", str(capabilities),
             "--seed", str(seed), "-o", str(path)],
            check=True,
        )
    return path


@contextmanager
def stopwatch() -> Iterator[list[float]]:
    """``with stopwatch() as t: ...`` then ``t[0]`` is the elapsed seconds."""
    box: list[float] = []
    start = time.perf_counter()
    try:
        yield box
    finally:
        box.append(time.perf_counter() - start)


def median_ms(run: Callable[[], Any], repeats: int) -> float:
    """The median of ``repeats`` runs of ``run``, in milliseconds (steadier than the best when
    a page's time depends on what the collector and caches are doing)."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def best_of(fn: Callable[[], Any], repeat: int = 3) -> float:
    """The fastest of ``repeat`` runs of ``fn``, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def run_isolated(code: str, *args: str) -> tuple[float, float]:
    """Run ``code`` in a fresh Python; returns (seconds it printed, peak RSS in MiB).

    The code must print its elapsed seconds as the last line of stdout. A fresh process gives
    honest peak memory figures that earlier runs cannot inflate.
    """
    out = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True, text=True
    )
    seconds = float(out.stdout.strip().splitlines()[-1])
    return seconds, peak_rss_children_mib()


def peak_rss_children_mib() -> float:
    """The largest peak resident memory of any finished child process, in MiB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def machine() -> str:
    """One line naming the machine the numbers come from."""
    import os

    return (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A Markdown table, ready to paste into the README."""

    def cell(v: Any) -> str:
        if isinstance(v, float):
            return f"{v:.3f}" if v < 10 else f"{v:.1f}"
        if isinstance(v, int):
            return f"{v:,}"
        return str(v)

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def ratio(slow: float, fast: float) -> str:
    """``slow / fast`` as ``12.3×``."""
    return f"{slow / fast:.1f}×" if fast > 0 else "n/a"


def run_worker(script: str, *argv: str) -> dict[str, Any]:
    """Run a benchmark ``script``'s worker in a fresh Python; its last stdout line is JSON."""
    import json

    out = subprocess.run(
        [sys.executable, script, *argv], check=True, capture_output=True, text=True
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def seconds_cell(value: Sequence[float] | None, limit: float) -> str:
    """A timing for a table: ``None`` (over the limit) shows as ``> limit s``."""
    if value is None:
        return f"> {limit:.0f} s"
    return f"{value[0]:.3f}" if value[0] < 10 else f"{value[0]:.1f}"


def ratio_cell(slow: Sequence[float] | None, fast: Sequence[float] | None, limit: float) -> str:
    """``slow / fast`` timings for a table: a slow run stopped at ``limit`` seconds shows as a
    lower bound (``> 40×``); ``n/a`` without a fast timing."""
    if fast is None:
        return "n/a"
    if slow is None:
        return f"> {limit / fast[0]:.0f}×"
    return ratio(slow[0], fast[0])


def rdflib_timeout(default: float) -> float:
    """Seconds one rdflib query may take: ``TOMGRAPH_BENCH_RDFLIB_TIMEOUT``, else ``default``."""
    import os

    return float(os.environ.get("TOMGRAPH_BENCH_RDFLIB_TIMEOUT", str(default)))


def _timed_query(graph: Any, text: str, conn: Any, clock: Callable[[], float]) -> None:
    start = clock()
    rows = len(list(graph.query(text)))
    conn.send([clock() - start, rows])


def rdflib_query_times(graph: Any, texts: dict[str, str], limit: float,
                       clock: Callable[[], float] = time.perf_counter,
                       ) -> dict[str, list[float] | None]:
    """{name: [seconds by ``clock``, rows]} for each query of ``texts`` on an rdflib ``graph``.

    rdflib is slow on big models and cannot be interrupted, so each query runs in a forked
    child (sharing the parsed graph) that is stopped after ``limit`` wall-clock seconds:
    ``None`` for those."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    results: dict[str, list[float] | None] = {}
    for name, text in texts.items():
        here, there = ctx.Pipe(duplex=False)
        child = ctx.Process(target=_timed_query, args=(graph, text, there, clock))
        child.start()
        results[name] = here.recv() if here.poll(limit) else None
        if child.is_alive():
            child.kill()
        child.join()
    return results
