"""Cut SELECT results at the row cap while the engine writes them, and stop it there.

The engine's own serialiser (no Python object per term) writes into :class:`RowCap`, which
counts rows as the bytes pass by and raises :class:`CapReached` at the first row past the
cap: the engine stops reading solutions, and the output is closed right before that row.
Each format has an unambiguous row boundary outside its quoted text: ``<result>`` in XML
(``<`` is escaped inside values), a line end in TSV (escaped inside values), a line end
outside double quotes in CSV, and ``[{`` or ``,{`` outside strings in JSON.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

_TOKENS: dict[ox.QueryResultsFormat, re.Pattern[bytes]] = {
    ox.QueryResultsFormat.JSON: re.compile(rb'\\.|"|[\[,]\{', re.DOTALL),
    ox.QueryResultsFormat.XML: re.compile(rb"<result>"),
    ox.QueryResultsFormat.CSV: re.compile(rb'"|\n'),
    ox.QueryResultsFormat.TSV: re.compile(rb"\n"),
}
_CLOSE: dict[ox.QueryResultsFormat, bytes] = {
    ox.QueryResultsFormat.JSON: b"]}}",
    ox.QueryResultsFormat.XML: b"</results></sparql>",
    ox.QueryResultsFormat.CSV: b"",
    ox.QueryResultsFormat.TSV: b"",
}
_MARKERS: dict[ox.QueryResultsFormat, tuple[bytes, ...]] = {
    ox.QueryResultsFormat.JSON: (b"[{", b",{"),
    ox.QueryResultsFormat.XML: (b"<result>",),
    ox.QueryResultsFormat.CSV: (b"\n",),
    ox.QueryResultsFormat.TSV: (b"\n",),
}
"""What :data:`_TOKENS` looks for, quoted or not: a cheap upper bound on the rows."""
_LONGEST = 8  # the longest token, ``<result>``: a token may straddle two writes


class CapReached(Exception):
    """Raised inside the engine's serialiser to stop it at the first row past the cap."""


class RowCap:
    """A binary sink for ``format`` output that keeps at most ``cap`` rows."""

    def __init__(self, format: ox.QueryResultsFormat, cap: int) -> None:
        self._format = format
        self._pattern = _TOKENS[format]
        self._buffer = bytearray()
        self._scanned = 0
        self._in_text = False
        # Rows start after a boundary in JSON/XML; in CSV/TSV the header line ends first.
        self._rows = 0 if format in (ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML) else -1
        self._cap = cap
        self._kept = 0
        self._markers = self._rows  # the CSV/TSV header line ends with a marker too
        self._exact = False
        self._kept = 0 if cap <= 0 else -1
        self.cut = False

    def write(self, data: bytes) -> int:
        if self.cut:  # the engine flushes its buffer once more as it stops: nothing to keep
            return len(data)
        start = max(len(self._buffer) - _LONGEST + 1, 0)
        self._buffer += data
        if not self._exact:
            # Markers counted in C, quoted text included: never fewer than the real rows,
            # so below the cap the exact scan (a Python loop per token) is never needed.
            tail = bytes(self._buffer[start:])
            self._markers += sum(tail.count(marker) for marker in _MARKERS[self._format])
            self._exact = self._markers > self._cap
        if self._exact:
            self._scan()
        return len(data)

    def flush(self) -> None:
        pass

    def _scan(self) -> None:
        buffer, fmt = self._buffer, self._format
        lines = fmt in (ox.QueryResultsFormat.CSV, ox.QueryResultsFormat.TSV)
        end = self._scanned
        cut_at = None
        for match in self._pattern.finditer(buffer, self._scanned):
            token = match.group()
            end = match.end()
            if token == b'"':
                self._in_text = not self._in_text
                continue
            if self._in_text or token[:1] == b"\\":
                continue
            self._rows += 1
            if lines:  # a line end closes a row: the cap-th one ends what is kept
                if self._rows == self._cap:
                    self._kept = end
                elif self._rows > self._cap:
                    cut_at = self._kept
                    break
            elif self._rows > self._cap:
                cut_at = match.start() + (1 if fmt == ox.QueryResultsFormat.JSON else 0)
                break
        if cut_at is not None:
            self._finish(cut_at)
        # Bytes that may begin a token cut in two are scanned again with the next write.
        self._scanned = max(end, len(buffer) - _LONGEST + 1, 0)

    def _finish(self, at: int) -> None:
        if self._format == ox.QueryResultsFormat.JSON and self._buffer[at - 1:at] == b",":
            at -= 1
        del self._buffer[at:]
        self._buffer += _CLOSE[self._format]
        self.cut = True
        raise CapReached

    def body(self) -> bytes:
        return bytes(self._buffer)
