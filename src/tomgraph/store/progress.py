"""A progress bar for big loads, shown only on a terminal."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from tqdm import tqdm

BIG_LOAD_BYTES = 20 * 1024 * 1024
"""Below this, a bar would only flicker: loads this small show none."""


@contextmanager
def progress_bar(paths: Sequence[Path], *, enabled: bool) -> Iterator[tqdm | None]:
    """A byte-counting bar over ``paths`` when ``enabled``, big enough and on a terminal."""
    total = sum(Path(p).stat().st_size for p in paths if Path(p).is_file())
    if not enabled or total < BIG_LOAD_BYTES or not sys.stderr.isatty():
        yield None
        return
    with tqdm(total=total, unit="B", unit_scale=True, desc="loading", file=sys.stderr) as bar:
        yield bar


class ProgressReader:
    """A binary reader that advances ``bar`` by the bytes the parser pulls through it."""

    def __init__(self, raw: BinaryIO, bar: tqdm | None) -> None:
        self._raw = raw
        self._bar = bar

    def read(self, size: int = -1) -> bytes:
        chunk = self._raw.read(size)
        if self._bar is not None:
            self._bar.update(len(chunk))
        return chunk

    def readable(self) -> bool:
        return True
