"""Validate an exchange file against the Open Group schemas, as Archi does.

Archi validates with ``archimate3_Diagram.xsd`` and ``dc.xsd`` together (the Dublin Core
elements in ``<metadata>`` need the latter). The schemas ship in ``xsd/`` beside this module;
their imports of the W3C ``xml:`` schema from remote URLs resolve to the local copy, so
validation never touches the network.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from ..errors import InputError
from .vocabulary import NS

XSD_DIR = Path(__file__).parent / "xsd"
_REMOTE_XML_XSD = ("http://www.w3.org/2001/xml.xsd", "http://www.w3.org/2001/03/xml.xsd")
_WRAPPER = f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
    targetNamespace="urn:tomgraph:archimate-wrapper" elementFormDefault="qualified">
  <xs:import namespace="http://www.opengroup.org/xsd/archimate/3.0/"
      schemaLocation="{(XSD_DIR / 'archimate3_Diagram.xsd').as_uri()}"/>
  <xs:import namespace="http://purl.org/dc/elements/1.1/"
      schemaLocation="{(XSD_DIR / 'dc.xsd').as_uri()}"/>
</xs:schema>"""
MAX_ERRORS = 5


class _LocalXml(etree.Resolver):
    def resolve(self, url, pubid, context):  # type: ignore[no-untyped-def]
        if url in _REMOTE_XML_XSD:
            return self.resolve_filename(str(XSD_DIR / "xml.xsd"), context)
        return None


@cache
def schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_LocalXml())
    return etree.XMLSchema(etree.fromstring(_WRAPPER.encode(), parser))


def schema_errors(path: Path) -> list[tuple[int, str]]:
    """The first schema errors of ``path`` as (line, message); empty when it is valid."""
    from .reader import check_prolog

    check_prolog(path)
    etree.clear_error_log()  # the log is per thread: keep earlier files' messages out of it
    try:
        with path.open("rb") as fh:
            _parse(fh)
    except etree.XMLSyntaxError as exc:
        log = exc.error_log
        found = [(e.line, e.message.replace(f"{{{NS}}}", ""))
                 for e in log if e.level_name in ("ERROR", "FATAL")]
        if any(line == 0 for line, _ in found[:MAX_ERRORS]):
            found = _errors_with_lines(path) or found
        found = [(line or _line_of_key(path, msg), msg) for line, msg in found[:MAX_ERRORS]]
        found.sort(key=lambda e: e[0] == 0)  # the first error with a line leads
        return found or [(exc.position[0] if exc.position else 0, exc.msg)]
    return []


_KEY = re.compile(r"key-sequence \['(.*?)'\]")


def _line_of_key(path: Path, message: str) -> int:
    """The line of the first attribute holding the identifier a key or keyref error names
    (the schema reports those once the whole file is read, without a line); 0 if none."""
    m = _KEY.search(message)
    if m is None or not m.group(1):
        return 0
    needle = f'"{m.group(1)}"'.encode()
    with path.open("rb") as fh:
        for number, text in enumerate(fh, start=1):
            if needle in text:
                return number
    return 0


LINES_LIMIT = 64 << 20
"""Largest invalid file re-read whole to find the lines its errors are on."""


def _errors_with_lines(path: Path) -> list[tuple[int, str]]:
    """The schema errors again, from a whole tree: streaming validation reports a bad
    attribute value on line 0, a tree keeps every element's line. Only for files that failed,
    and only up to :data:`LINES_LIMIT` bytes, so memory stays bounded."""
    if path.stat().st_size > LINES_LIMIT:
        return []
    # recover: the streaming parse let a namespace name that is not a URI through (a
    # warning there), a whole-tree parse would stop at it
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, recover=True)
    etree.clear_error_log()
    try:
        tree = etree.parse(str(path), parser)
    except etree.XMLSyntaxError:
        return []
    checker = schema()
    if tree.getroot() is None or checker.validate(tree):
        return []
    return [(e.line, e.message.replace(f"{{{NS}}}", ""))
            for e in checker.error_log if e.level_name in ("ERROR", "FATAL")]


_RECORDS = [f"{{{NS}}}{t}" for t in ("element", "relationship")]


def _parse(fh: BinaryIO) -> None:
    """Validate while streaming; elements and relationships are dropped once validated (the
    schema's identity constraints are kept by the validator, not the tree)."""
    for _, el in etree.iterparse(
        fh, events=("end",), tag=_RECORDS, schema=schema(), resolve_entities=False,
        no_network=True, huge_tree=False, load_dtd=False,
    ):
        el.clear(keep_tail=False)
        parent = el.getparent()
        if parent is not None:
            while el.getprevious() is not None:
                del parent[0]


def validate_file(path: Path) -> None:
    """Raise :class:`InputError` with the first schema errors (and their lines), if any."""
    errors = schema_errors(path)
    if errors:
        line, first = errors[0]
        more = "".join(f"\n  {f'line {ln}: ' if ln else ''}{msg}" for ln, msg in errors[1:])
        raise InputError(
            f"not valid against the ArchiMate exchange schema 3.1: {first}{more}",
            source=path, line=line or None,
        )


_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def check_values(path: Path) -> None:
    """Raise :class:`InputError` at the first value the schema allows but RDF cannot hold.

    The schema's ``xs:language`` accepts tags such as ``x`` or ``en-a`` that are not BCP 47
    language tags, which RDF requires of a language-tagged string.
    """
    import pyoxigraph as ox

    with path.open("rb") as fh:
        for _, el in etree.iterparse(fh, events=("start",), resolve_entities=False,
                                     no_network=True, huge_tree=False, load_dtd=False):
            lang = el.get(_XML_LANG)
            if lang:
                try:
                    ox.Literal("", language=lang)
                except ValueError:
                    raise InputError(
                        f"xml:lang {lang!r} is not a BCP 47 language tag; allowed: a tag "
                        "such as en, en-GB or fr", source=path, line=el.sourceline,
                    ) from None
