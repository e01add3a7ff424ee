"""The grlc-style header of a ``.rq`` file: YAML in ``#+`` comment lines, so the file stays SPARQL.

::

    #+ title: Unfunded maturity gaps
    #+ description: Capabilities whose target maturity exceeds current and no project delivers.
    #+ output: table
    #+ params:
    #+   - name: minGap
    #+     type: integer
    #+     default: 1
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, UsageError
from ..sparql.structure import parse
from .params import PARAM_TYPES, VARNAME, Param

OUTPUT_KINDS = ("table", "chart", "map")
"""How a query's answer is best shown; the web app picks a view from it."""

_KNOWN_KEYS = {"title", "description", "params", "output", "chart", "tags", "aliases"}
_PARAM_KEYS = {"name", "type", "default", "example", "required", "description"}


@dataclass(frozen=True)
class NamedQuery:
    """A query of the library (or a file given on the command line) and what its header says."""

    name: str
    text: str
    title: str = ""
    description: str = ""
    params: tuple[Param, ...] = ()
    output: str = "table"
    chart: dict[str, Any] | None = None
    tags: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    """Former names that still find this query (with a warning that the name changed)."""
    path: Path | None = field(default=None, compare=False)

    @property
    def source(self) -> str:
        """Where the query came from, for error messages."""
        return str(self.path) if self.path else self.name

    def param(self, name: str) -> Param:
        """The parameter called ``name``, or a :class:`UsageError` listing the known ones."""
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise UsageError(f"query {self.name!r} has no parameter {name!r} (parameters: {known})")


def header_text(text: str) -> str:
    """The YAML inside the leading ``#+`` lines (other leading comments and blanks are skipped)."""
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#+"):
            body = stripped[2:]
            lines.append(body[1:] if body.startswith(" ") else body)
        elif stripped and not stripped.startswith("#"):
            break
    return "\n".join(lines)


def parse_query(text: str, name: str, path: Path | None = None) -> NamedQuery:
    """A :class:`NamedQuery` from ``text``; a broken header is an :class:`InputError`."""
    source = str(path) if path else name
    raw = header_text(text)
    try:
        meta = yaml.safe_load(raw) if raw.strip() else {}
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise InputError(
            f"query header is not valid YAML: {getattr(exc, 'problem', exc)}",
            source=source, line=None if line is None else _file_line(text, line),
        ) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InputError("query header must be 'key: value' lines", source=source)
    unknown = set(meta) - _KNOWN_KEYS
    if unknown:
        raise InputError(f"unknown header key(s): {', '.join(sorted(unknown))}", source=source)
    output = str(meta.get("output", "table"))
    if output not in OUTPUT_KINDS:
        raise InputError(f"output must be one of {', '.join(OUTPUT_KINDS)}", source=source)
    chart = meta.get("chart")
    if chart is not None and not isinstance(chart, dict):
        raise InputError("chart must be a mapping (type, x, y, ...)", source=source)
    params = tuple(_param(p, source) for p in meta.get("params") or [])
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise InputError("a parameter is declared twice", source=source)
    variables = parse(text).variables
    for p in params:
        if p.name not in variables:
            raise InputError(f"parameter {p.name!r} is not a variable of the query", source=source)
    return NamedQuery(
        name=name,
        text=text,
        title=str(meta.get("title") or name),
        description=" ".join(str(meta.get("description") or "").split()),
        params=params,
        output=output,
        chart=chart,
        tags=tuple(str(t) for t in meta.get("tags") or ()),
        aliases=tuple(str(a) for a in meta.get("aliases") or ()),
        path=path,
    )


def _param(entry: object, source: str) -> Param:
    if not isinstance(entry, dict) or "name" not in entry:
        raise InputError("each entry of params needs at least a name", source=source)
    unknown = set(entry) - _PARAM_KEYS
    if unknown:
        raise InputError(f"unknown parameter key(s): {', '.join(sorted(unknown))}", source=source)
    name = str(entry["name"])
    if not VARNAME.match(name):
        raise InputError(f"parameter name {name!r} is not a SPARQL variable name", source=source)
    kind = str(entry.get("type", "string"))
    if kind not in PARAM_TYPES:
        raise InputError(
            f"parameter {name!r}: type must be one of {', '.join(PARAM_TYPES)}", source=source
        )
    param = Param(
        name=name,
        type=kind,
        default=_scalar(entry.get("default")),
        example=_scalar(entry.get("example")),
        required=bool(entry.get("required", False)),
        description=" ".join(str(entry.get("description") or "").split()),
    )
    for value in (param.default, param.example):
        if value is not None:
            try:
                param.to_term(value)
            except UsageError as exc:
                raise InputError(str(exc), source=source) from None
    return param


def _scalar(value: object) -> str | None:
    """A YAML scalar back as the text a user would type (``true``, ``2026-01-31``, ``1``)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _file_line(text: str, header_line: int) -> int:
    """The file line (1-based) of the header's ``header_line`` (0-based)."""
    count = -1
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith("#+"):
            count += 1
            if count == header_line:
                return number
    return 1
