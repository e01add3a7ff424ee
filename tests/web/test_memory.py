"""The server keeps its memory flat: few glibc arenas, and freed memory handed back on a timer."""

from __future__ import annotations

import threading
import time

import pytest

from tomgraph.web import memory

glibc = pytest.mark.skipif(memory._libc() is None, reason="the C library is not glibc")


@glibc
def test_a_trim_hands_freed_memory_back_without_error() -> None:
    blocks = [bytearray(1 << 16) for _ in range(2000)]  # ~128 MiB, then freed
    del blocks
    assert isinstance(memory.trim(), bool)


@glibc
def test_the_arena_cap_leaves_an_operator_setting_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert memory.limit_arenas() is False
    monkeypatch.delenv("MALLOC_ARENA_MAX")
    assert memory.limit_arenas() is True


@glibc
def test_the_trimmer_runs_on_its_timer_and_stops(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[float] = []
    monkeypatch.setattr(memory, "trim", lambda: calls.append(time.monotonic()) or True)
    trimmer = memory.Trimmer(every=0.05).start()
    deadline = time.monotonic() + 5
    while len(calls) < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    trimmer.stop()
    assert len(calls) >= 3
    time.sleep(0.2)
    assert not any(t.name == "tomgraph-trim" and t.is_alive() for t in threading.enumerate())
