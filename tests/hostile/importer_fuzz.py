"""Shared machinery for fuzzing the importers: mutations of valid files, a time bound, and
the store's contents to compare before and after.

A plain module (not ``conftest``) so the importer fuzz tests import it by name.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from hypothesis import strategies as st

from tomgraph.store import EmbeddedStore

TIME_LIMIT = 30
"""Seconds one import may take before the fuzz test calls it a hang."""


@contextmanager
def bounded(seconds: int = TIME_LIMIT) -> Iterator[None]:
    """Fail (rather than wait for ever) when the body runs longer than ``seconds``."""

    def expire(signum: int, frame: object) -> None:
        raise AssertionError(f"the import took longer than {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def contents(store: EmbeddedStore) -> set[ox.Quad]:
    """Every quad of ``store``: an error must leave exactly these."""
    return set(store.oxigraph.quads_for_pattern(None, None, None, None))


@st.composite
def mutated(draw: st.DrawFn, seed: bytes, tokens: list[bytes]) -> bytes:
    """``seed`` changed in one to four places: a span cut, a token put in, a span repeated,
    two spans swapped, or the end cut off. Small edits of a valid file reach far deeper into
    an importer than random bytes, which fail at the first check."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        n = len(data)
        at = draw(st.integers(0, max(n - 1, 0)))
        size = draw(st.integers(1, 64))
        kind = draw(st.sampled_from(["cut", "insert", "repeat", "swap", "truncate", "byte"]))
        if kind == "cut":
            del data[at:at + size]
        elif kind == "insert":
            data[at:at] = draw(st.sampled_from(tokens) | st.binary(min_size=1, max_size=8))
        elif kind == "repeat":
            data[at:at] = data[at:at + size]
        elif kind == "swap" and n > 2 * size:
            other = draw(st.integers(0, n - size))
            a, b = bytes(data[at:at + size]), bytes(data[other:other + size])
            data[at:at + size] = b
            data[other:other + size] = a
        elif kind == "truncate":
            del data[at:]
        elif kind == "byte" and n:
            data[at] = draw(st.integers(0, 255))
    return bytes(data)


def cli_import_is_whole_or_refused(path: Path, store_dir: Path, err_of: Callable[[], str],
                                   before: set[ox.Quad], *, names: str) -> None:
    """``tomgraph import PATH --store DIR`` exits 0, or exits 2 naming ``names`` (the file)
    with the store exactly as ``before``; never a traceback, never past the time bound."""
    from tomgraph.cli import main

    with bounded():
        code = main(["import", str(path), "--store", str(store_dir)])
    err = err_of()
    assert code in (0, 2), err
    assert "Traceback" not in err
    if code == 2:
        assert names in err
        with EmbeddedStore(store_dir) as db:
            assert contents(db) == before
