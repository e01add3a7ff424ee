"""The pipe that hands N-Quads text to Oxigraph reports whichever side failed first."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tomgraph.store.nquads import pipe_of


def big_text() -> Iterator[bytes]:
    """Far more than a pipe's buffer, so the feeder is still writing when the reader stops."""
    for _ in range(512):
        yield b"x" * (1 << 16)


def test_a_reader_that_stops_early_gets_its_own_error_and_not_the_feeders_broken_pipe() -> None:
    with pytest.raises(ValueError, match="the reader's own error"), pipe_of(big_text()):
        raise ValueError("the reader's own error")


def test_a_producer_that_fails_gets_its_error_raised_after_the_reader_is_done() -> None:
    def failing() -> Iterator[bytes]:
        yield b"<a> <b> <c> .\n"
        raise RuntimeError("the producer's error")

    with pytest.raises(RuntimeError, match="the producer's error"), \
            pipe_of(failing()) as path, open(path, "rb") as text:
        assert text.read().endswith(b"\n!\n")  # spoiled, so a store reading it fails


def test_all_the_text_reaches_the_reader() -> None:
    with pipe_of(big_text()) as path, open(path, "rb") as text:
        assert len(text.read()) == 512 * (1 << 16)
