"""RDF and SPARQL-results formats: names users type, media types, and file extensions."""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import QueryResultsFormat, RdfFormat

from .errors import UsageError

RDF_FORMATS: dict[str, RdfFormat] = {
    "turtle": RdfFormat.TURTLE,
    "ntriples": RdfFormat.N_TRIPLES,
    "nquads": RdfFormat.N_QUADS,
    "trig": RdfFormat.TRIG,
    "rdfxml": RdfFormat.RDF_XML,
    "jsonld": RdfFormat.JSON_LD,
}
"""Format names accepted by ``--format`` for RDF input and output."""

_EXTENSIONS: dict[str, str] = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "ntriples",
    ".nq": "nquads",
    ".trig": "trig",
    ".rdf": "rdfxml",
    ".owl": "rdfxml",
    ".xml": "rdfxml",
    ".jsonld": "jsonld",
    ".json": "jsonld",
}

RESULTS_FORMATS: dict[str, QueryResultsFormat] = {
    "json": QueryResultsFormat.JSON,
    "xml": QueryResultsFormat.XML,
    "csv": QueryResultsFormat.CSV,
    "tsv": QueryResultsFormat.TSV,
}


def rdf_format(name: str) -> RdfFormat:
    """The RDF format called ``name`` (as typed after ``--format``)."""
    try:
        return RDF_FORMATS[name.lower().replace("-", "").replace("_", "")]
    except KeyError:
        known = ", ".join(RDF_FORMATS)
        raise UsageError(f"unknown RDF format {name!r} (known: {known})") from None


def guess_rdf_format(path: str | Path, explicit: str | None = None) -> RdfFormat:
    """The format of ``path``: ``explicit`` if given, else from the file extension."""
    if explicit:
        return rdf_format(explicit)
    suffix = Path(path).suffix.lower()
    if suffix == ".gz":
        suffix = Path(Path(path).stem).suffix.lower()
    name = _EXTENSIONS.get(suffix)
    if name is None:
        raise UsageError(
            f"{path}: cannot tell the RDF format from the extension {suffix or '(none)'!r}; "
            f"use --format ({', '.join(RDF_FORMATS)})"
        )
    return RDF_FORMATS[name]


def format_name(fmt: RdfFormat) -> str:
    """The ``--format`` name of ``fmt``."""
    for name, known in RDF_FORMATS.items():
        if known == fmt:
            return name
    return fmt.name
