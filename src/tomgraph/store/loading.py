"""Turning parser failures into errors that point a person at the exact spot.

Oxigraph reports line and column for Turtle, TriG, N-Triples, N-Quads and JSON-LD, inside a
message that repeats them; RDF/XML errors come without a position, so for those the document
is re-read with expat, which knows where well-formedness breaks.
"""

from __future__ import annotations

import gzip
import re
import xml.parsers.expat
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from pyoxigraph import RdfFormat

from ..errors import InputError
from ..formats import guess_rdf_format

_POSITION = re.compile(r"^Parser error at line \d+ (?:column \d+|between columns \d+ and \d+): ")
_TRAILER = re.compile(r"\s*\(line \d+\)$")


def syntax_error(
    exc: SyntaxError, source: str, *, document: Path | bytes | None = None
) -> InputError:
    """An :class:`InputError` with the line and column of ``exc`` (found by hand if need be)."""
    message = str(exc.msg if getattr(exc, "msg", None) else exc)
    message = _TRAILER.sub("", _POSITION.sub("", message))
    if message.startswith("Parser error"):
        message = message.split(": ", 1)[-1]
    line, column = exc.lineno, exc.offset
    if line is None and document is not None:
        line, column = xml_error_position(document)
    return InputError(message, source=source, line=line, column=column)


def xml_error_position(document: Path | bytes) -> tuple[int | None, int | None]:
    """Where ``document`` stops being well-formed XML (1-based line and column), if it does."""
    parser = xml.parsers.expat.ParserCreate()
    try:
        if isinstance(document, bytes):
            parser.Parse(document, True)
        else:
            with open_input(document) as fh:
                parser.ParseFile(fh)
    except xml.parsers.expat.ExpatError as err:
        return err.lineno, err.offset + 1
    except OSError:
        pass
    return None, None


def open_input(path: Path) -> BinaryIO:
    """``path`` opened for reading bytes, gunzipped on the fly when it ends in ``.gz``."""
    if path.suffix.lower() == ".gz":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def checked_files(
    paths: Sequence[Path | str], format: str | None
) -> tuple[list[Path], list[RdfFormat]]:
    """The files to load and their formats, or the error a person should see before any load."""
    files = [Path(p) for p in paths]
    formats = [guess_rdf_format(p, format) for p in files]
    for p in files:
        if not p.is_file():
            raise InputError("no such file", source=p)
    return files, formats
