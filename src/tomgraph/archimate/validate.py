"""Validate an exchange file against the Open Group schemas, as Archi does.

Archi validates with ``archimate3_Diagram.xsd`` and ``dc.xsd`` together (the Dublin Core
elements in ``<metadata>`` need the latter). The schemas ship in ``xsd/`` beside this module;
their imports of the W3C ``xml:`` schema from remote URLs resolve to the local copy, so
validation never touches the network.

Imports validate against :func:`structure_schema`: the same schemas without their identity
constraints (``xs:key``/``xs:keyref``/``xs:unique``). libxml2 evaluates those by XPath over
every element and spends four fifths of a validation on them, while the reader checks the
same constraints (unique identifiers, each reference naming a thing of the right kind, view
connections within their view) in passing, with line numbers. ``xs:ID``/``xs:IDREF`` stay
in the structure schema. The few reference forms the reader does not interpret (``viewRef``,
``conceptRef``, ``stereotypeRef``... see :data:`UNCHECKED_REFERENCES`) send a file through
the full schema instead, so an import accepts exactly what the full schema accepts.
"""

from __future__ import annotations

import mmap
import multiprocessing as mp
import re
from functools import cache
from multiprocessing.connection import Connection
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


_IDENTITY = re.compile(rb"<xs:(key|keyref|unique)\b.*?</xs:\1>", re.DOTALL)
UNCHECKED_REFERENCES = (
    b"onceptRef", b"viewRef", b"viewpointRef", b"stereotypeRef", b"nodeRef", b"connectionRef",
)
"""Reference forms whose identity constraints only the full schema checks (``onceptRef``
covers ``conceptRef`` and ``viewConceptRef``)."""
CHECKED_AS_ATTRIBUTES = (b"elementRef", b"relationshipRef", b"propertyDefinitionRef")
"""References the reader checks as attributes; as elements only the full schema does."""


class _LocalXml(etree.Resolver):
    """Serves the bundled schemas (optionally without identity constraints), never a URL."""

    def __init__(self, structure_only: bool) -> None:
        super().__init__()
        self.structure_only = structure_only

    def resolve(self, url, pubid, context):  # type: ignore[no-untyped-def]
        if url in _REMOTE_XML_XSD:
            return self.resolve_filename(str(XSD_DIR / "xml.xsd"), context)
        name = url.rsplit("/", 1)[-1]
        if self.structure_only and name.startswith("archimate3_"):
            text = _IDENTITY.sub(b"", (XSD_DIR / name).read_bytes())
            return self.resolve_string(text, context, base_url=url)
        return None


def _load(structure_only: bool) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_LocalXml(structure_only))
    return etree.XMLSchema(etree.fromstring(_WRAPPER.encode(), parser))


@cache
def schema() -> etree.XMLSchema:
    """The full Open Group schema, as Archi validates (exports are checked against it)."""
    return _load(False)


@cache
def structure_schema() -> etree.XMLSchema:
    """The schema without identity constraints: what an import validates while the reader
    checks those constraints itself."""
    return _load(True)


def needs_full_schema(path: Path) -> bool:
    """Whether ``path`` uses a reference form the reader does not check (see module doc)."""
    with path.open("rb") as fh:
        if path.stat().st_size == 0:
            return False
        with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
            if any(data.find(token) >= 0 for token in UNCHECKED_REFERENCES):
                return True
            for token in CHECKED_AS_ATTRIBUTES:
                at = data.find(token)
                while at >= 0:
                    # An element's name follows "<" or "prefix:"; an attribute's, a space.
                    if data[at - 1: at] in (b"<", b":"):
                        return True
                    at = data.find(token, at + len(token))
    return False


def schema_errors(path: Path, *, structure_only: bool = False) -> list[tuple[int, str]]:
    """The first schema errors of ``path`` as (line, message); empty when it is valid.

    With ``structure_only`` the identity constraints are left to the reader (see module doc).
    """
    from .reader import check_prolog

    check_prolog(path)
    chosen = structure_schema() if structure_only else schema()
    etree.clear_error_log()  # the log is per thread: keep earlier files' messages out of it
    try:
        with path.open("rb") as fh:
            _parse(fh, chosen)
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


def _parse(fh: BinaryIO, chosen: etree.XMLSchema) -> None:
    """Validate while streaming; elements and relationships are dropped once validated (the
    schema's identity constraints are kept by the validator, not the tree)."""
    for _, el in etree.iterparse(
        fh, events=("end",), tag=_RECORDS, schema=chosen, resolve_entities=False,
        no_network=True, huge_tree=False, load_dtd=False,
    ):
        el.clear(keep_tail=False)
        parent = el.getparent()
        if parent is not None:
            while el.getprevious() is not None:
                del parent[0]


def validate_file(path: Path, *, structure_only: bool = False) -> None:
    """Raise :class:`InputError` with the first schema errors (and their lines), if any.

    ``structure_only`` is for a file the reader has already checked: it skips the identity
    constraints unless the file uses a reference form only the full schema checks.
    """
    if structure_only and needs_full_schema(path):
        structure_only = False
    errors = schema_errors(path, structure_only=structure_only)
    if errors:
        line, first = errors[0]
        more = "".join(f"\n  {f'line {ln}: ' if ln else ''}{msg}" for ln, msg in errors[1:])
        raise InputError(
            f"not valid against the ArchiMate exchange schema 3.1: {first}{more}",
            source=path, line=line or None,
        )


PARALLEL_FROM_BYTES = 4_000_000
"""Files at least this big are validated in a forked process while the importer reads them."""


class BackgroundValidation:
    """:func:`validate_file` of a big file in a forked process, so that validation (a parse of
    its own) runs on another core while the importer reads and converts the file.

    :meth:`result` raises the same :class:`InputError` an inline validation would. Where
    ``fork`` is unavailable, or the file is small, :meth:`result` validates inline.
    """

    def __init__(self, path: Path, *, structure_only: bool = True,
                 parallel_from: int = PARALLEL_FROM_BYTES) -> None:
        self.path = path
        self.structure_only = structure_only
        self.process: mp.process.BaseProcess | None = None
        self.conn: Connection | None = None
        try:
            big = path.stat().st_size >= parallel_from
        except OSError:
            big = False
        if big and "fork" in mp.get_all_start_methods():
            structure_schema() if structure_only else schema()  # built once, shared by fork
            ctx = mp.get_context("fork")
            self.conn, child = ctx.Pipe(duplex=False)
            self.process = ctx.Process(
                target=_validate_in_child, args=(path, structure_only, child), daemon=True
            )
            self.process.start()
            child.close()

    def result(self) -> None:
        """Wait for the validation; raise :class:`InputError` if the file is not valid."""
        if self.process is None or self.conn is None:
            validate_file(self.path, structure_only=self.structure_only)
            return
        try:
            outcome = self.conn.recv()
        except (EOFError, OSError):
            outcome = ("crashed",)
        finally:
            self.cancel()
        if outcome[0] == "invalid":
            raise InputError(outcome[1], source=self.path, line=outcome[2])
        if outcome[0] != "valid":  # the child died: validate here instead
            validate_file(self.path, structure_only=self.structure_only)

    def cancel(self) -> None:
        """Stop the validation (the import failed for another reason) and reap the process."""
        if self.process is not None:
            if self.process.is_alive():
                self.process.terminate()
            self.process.join()
            self.process = None
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def _validate_in_child(path: Path, structure_only: bool, conn: Connection) -> None:
    try:
        validate_file(path, structure_only=structure_only)
        conn.send(("valid",))
    except InputError as exc:
        conn.send(("invalid", exc.message, exc.line))
    except BaseException:  # noqa: BLE001 - the parent validates again and reports it
        conn.send(("crashed",))
    finally:
        conn.close()


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
