"""An exchange file's content as plain records: what the reader yields and the writer takes.

Attribute values (coordinates, flags) stay the strings the file holds, so that writing a
record back gives the same text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LangString = tuple[str, str | None]
"""A text and its ``xml:lang`` (``None`` when the file gives no language)."""


@dataclass
class Property:
    definition: str
    values: list[LangString] = field(default_factory=list)


@dataclass
class PropertyDefinition:
    identifier: str
    data_type: str
    names: list[LangString] = field(default_factory=list)


@dataclass
class Element:
    identifier: str
    type: str
    names: list[LangString] = field(default_factory=list)
    docs: list[LangString] = field(default_factory=list)
    properties: list[Property] = field(default_factory=list)
    line: int = 0


@dataclass
class Relationship:
    identifier: str
    type: str
    source: str
    target: str
    names: list[LangString] = field(default_factory=list)
    docs: list[LangString] = field(default_factory=list)
    properties: list[Property] = field(default_factory=list)
    access_type: str | None = None
    modifier: str | None = None
    is_directed: str | None = None
    line: int = 0


@dataclass
class OrgItem:
    identifier: str | None = None
    ref: str | None = None
    labels: list[LangString] = field(default_factory=list)
    docs: list[LangString] = field(default_factory=list)
    children: list[OrgItem] = field(default_factory=list)
    line: int = 0


@dataclass
class Node:
    identifier: str
    type: str
    x: str
    y: str
    w: str
    h: str
    ref: str | None = None
    labels: list[LangString] = field(default_factory=list)
    names: list[LangString] = field(default_factory=list)
    docs: list[LangString] = field(default_factory=list)
    style: str | None = None
    fill: str | None = None
    extra: str | None = None
    children: list[Node] = field(default_factory=list)
    line: int = 0


@dataclass
class Connection:
    identifier: str
    type: str
    source: str
    target: str
    ref: str | None = None
    labels: list[LangString] = field(default_factory=list)
    names: list[LangString] = field(default_factory=list)
    docs: list[LangString] = field(default_factory=list)
    bendpoints: list[tuple[str, str]] = field(default_factory=list)
    source_attachment: tuple[str, str] | None = None
    target_attachment: tuple[str, str] | None = None
    style: str | None = None
    extra: str | None = None
    line: int = 0


@dataclass
class View:
    identifier: str
    type: str | None = "Diagram"
    viewpoint: str | None = None
    names: list[LangString] = field(default_factory=list)
    docs: list[LangString] = field(default_factory=list)
    properties: list[Property] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)
    connections: list[Connection] = field(default_factory=list)
    extra: str | None = None
    line: int = 0


@dataclass
class ModelHeader:
    identifier: str
    version: str | None = None
    names: list[LangString] = field(default_factory=list)
    docs: list[LangString] = field(default_factory=list)
    properties: list[Property] = field(default_factory=list)
    metadata: str | None = None


@dataclass
class Model:
    """A whole model in memory (what the exporter assembles before writing)."""

    header: ModelHeader
    elements: list[Element] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    organizations: list[OrgItem] = field(default_factory=list)
    property_definitions: list[PropertyDefinition] = field(default_factory=list)
    views: list[View] = field(default_factory=list)


Record = ModelHeader | Element | Relationship | OrgItem | PropertyDefinition | View
"""What the reader yields, one top-level part of the file at a time."""
