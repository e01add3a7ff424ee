"""Streaming RDF output for generated models: N-Triples (the fast path) or grouped Turtle.

The generator produces millions of triples; building a graph in memory first would cost
minutes and gigabytes, so statements are rendered straight to text and written in large
chunks. Terms are rendered once per format by :class:`Terms`, so the model code never knows
which syntax it is writing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from ..errors import UsageError
from ..namespaces import PREFIXES, RDF, XSD

FORMATS = ("ntriples", "turtle")
"""Output formats ``tomgraph generate`` writes."""

_EXTENSIONS = {".nt": "ntriples", ".ttl": "turtle", ".turtle": "turtle"}

NAMESPACES: dict[str, str] = {
    p: PREFIXES[p]
    for p in ("gen", "tom", "rdf", "rdfs", "xsd", "skos", "dcterms", "prov", "org", "foaf")
}
"""The prefixes a generated Turtle file declares: the project's own, those it uses."""

Pairs = Sequence[tuple[str, str]]
"""(predicate, object) pairs, both already rendered for the output format."""


def output_format(path: Path | None, explicit: str | None) -> str:
    """``explicit`` if given, else the format the extension of ``path`` names."""
    if explicit:
        name = explicit.lower().replace("-", "").replace("_", "")
        if name not in FORMATS:
            raise UsageError(f"cannot generate {explicit!r} (known: {', '.join(FORMATS)})")
        return name
    suffix = path.suffix.lower() if path is not None else ""
    if suffix not in _EXTENSIONS:
        raise UsageError(
            f"{path}: cannot tell the output format from the extension {suffix or '(none)'!r}; "
            f"use .nt or .ttl, or --format ({', '.join(FORMATS)})"
        )
    return _EXTENSIONS[suffix]


def escape(text: str) -> str:
    """``text`` as the inside of a double-quoted N-Triples/Turtle string."""
    if '"' in text or "\\" in text or "\n" in text or "\r" in text:
        text = (
            text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        )
    return text


class Terms:
    """Renders IRIs and literals for one output format.

    Turtle output uses prefixed names, which are a third of the size of full IRIs; local
    names the generator makes are always plain (letters, digits, hyphens).
    """

    def __init__(self, fmt: str) -> None:
        self.turtle = fmt == "turtle"
        self.a = "a" if self.turtle else f"<{RDF}type>"

    def iri(self, prefix: str, local: str) -> str:
        if self.turtle:
            return f"{prefix}:{local}"
        return f"<{NAMESPACES[prefix]}{local}>"

    def text(self, value: str, lang: str | None = "en") -> str:
        quoted = f'"{escape(value)}"'
        return f"{quoted}@{lang}" if lang else quoted

    def integer(self, value: int) -> str:
        return str(value) if self.turtle else f'"{value}"^^<{XSD}integer>'

    def decimal(self, value: str) -> str:
        """``value`` must already be a canonical decimal lexical form, such as ``12.5``."""
        return value if self.turtle else f'"{value}"^^<{XSD}decimal>'

    def boolean(self, value: bool) -> str:
        word = "true" if value else "false"
        return word if self.turtle else f'"{word}"^^<{XSD}boolean>'

    def date(self, value: str) -> str:
        return f'"{value}"^^xsd:date' if self.turtle else f'"{value}"^^<{XSD}date>'


class Emitter:
    """Writes statements subject by subject, buffering text into large writes."""

    CHUNK = 1 << 20

    def __init__(self, out: IO[str], fmt: str) -> None:
        self.out = out
        self.terms = Terms(fmt)
        self.triples = 0
        self._parts: list[str] = []
        self._size = 0
        if self.terms.turtle:
            for prefix, ns in NAMESPACES.items():
                self._push(f"@prefix {prefix}: <{ns}> .\n")
            self._push("\n")

    def emit(self, subject: str, pairs: Pairs) -> None:
        """All statements about ``subject`` (Turtle groups them in one block)."""
        if not pairs:
            return
        self.triples += len(pairs)
        if self.terms.turtle:
            body = " ;\n    ".join(f"{p} {o}" for p, o in pairs)
            self._push(f"{subject} {body} .\n\n")
        else:
            self._push("".join(f"{subject} {p} {o} .\n" for p, o in pairs))

    def comment(self, text: str) -> None:
        """A ``#`` line: both syntaxes allow comments between statements."""
        self._push(f"# {text}\n")

    def _push(self, text: str) -> None:
        self._parts.append(text)
        self._size += len(text)
        if self._size >= self.CHUNK:
            self.flush()

    def flush(self) -> None:
        if self._parts:
            self.out.write("".join(self._parts))
            self._parts.clear()
            self._size = 0


@contextmanager
def atomic_text(path: Path) -> Iterator[IO[str]]:
    """``path`` opened for writing; it appears (replacing any old file) only on success.

    A run that is interrupted or fails leaves neither a half-written model nor a stray
    temporary file behind.
    """
    tmp = path.with_name(f".{path.name}.partial")
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
